// Manageable listings: the JSON of GET …/manageable_volumes/detail (or
// manageable_snapshots, or the pre-3.8 os-*-manage routes) → candidates the
// page can fill the form from.
//
// Mirrors the Rust core's `listing::parse_listing` / `entry_to_*_request`
// rules (not exported to WebAssembly yet): an entry whose safe_to_manage is
// false is refused with Cinder's reason_not_safe; null means "unknown".

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Parses listing text. Returns { ok: true, kind: 'volume'|'snapshot', entries }
 * or { ok: false, message }. Each entry: { index, reference, size, safe,
 * reason, cinderId, sourceReference, notes: string[] }.
 */
export function parseListing(text) {
  let value;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `the listing is not JSON: ${e.message}` };
  }
  const kind = isObject(value) && 'manageable-volumes' in value ? 'volume'
    : isObject(value) && 'manageable-snapshots' in value ? 'snapshot' : null;
  if (!kind) return { ok: false, message: 'expected an object with "manageable-volumes" or "manageable-snapshots" (the body of GET …/manageable_volumes/detail)' };
  const items = value[kind === 'volume' ? 'manageable-volumes' : 'manageable-snapshots'];
  if (!Array.isArray(items)) return { ok: false, message: 'the list of entries must be an array' };
  const entries = items.map((item, index) => parseEntry(item, index));
  return { ok: true, kind, entries };
}

function parseEntry(item, index) {
  const notes = [];
  if (!isObject(item)) {
    return { index, reference: null, size: null, safe: false, reason: 'not an object', cinderId: null, sourceReference: null, notes: ['this entry is not an object'] };
  }
  const reference = isObject(item.reference) ? item.reference : null;
  if (!reference) notes.push('reference is missing or not an object');
  else if (Object.keys(reference).length === 0) notes.push('the reference is empty: every driver will fail');
  else {
    for (const [key, v] of Object.entries(reference)) if (v === null) notes.push(`reference ${key} is null`);
    if ('name' in reference && !('source-name' in reference)) {
      notes.push('the reference uses `name`: 3PAR, Alletra MP and Pure list it this way but manage reads source-name; Zadara reads name');
    }
  }
  // The api-ref examples once had "false"/"true" strings; a real server sends booleans.
  const safe = item.safe_to_manage === true || item.safe_to_manage === 'true' ? true
    : item.safe_to_manage === false || item.safe_to_manage === 'false' ? false : null;
  if (safe === null) notes.push('safe_to_manage is not given: the driver did not say whether it is safe');
  const size = typeof item.size === 'number' ? item.size : null;
  return {
    index,
    reference,
    size,
    safe,
    reason: typeof item.reason_not_safe === 'string' ? item.reason_not_safe : null,
    cinderId: typeof item.cinder_id === 'string' ? item.cinder_id : null,
    sourceReference: isObject(item.source_reference) ? item.source_reference : null,
    notes,
  };
}

/** Why an entry may not be used, or null when it may. */
export function refusal(entry) {
  if (!entry.reference) return 'this entry has no usable reference';
  if (entry.safe === false) {
    return entry.reason
      ? `Cinder reports this entry is not safe to manage: ${entry.reason}`
      : 'Cinder reports this entry is not safe to manage (no reason given: the summary listing omits reason_not_safe, the detail listing has it)';
  }
  return null;
}

/**
 * How the form expresses a reference: one source-name / source-id key →
 * that identifier type; one other string key → a custom key; anything else
 * (several keys, non-string values) → raw JSON.
 */
export function refToForm(reference) {
  const keys = Object.keys(reference);
  if (keys.length === 1 && typeof reference[keys[0]] === 'string') {
    const [key] = keys;
    const type = key === 'source-name' || key === 'source-id' ? key : 'custom';
    return { type, key, identifier: reference[key] };
  }
  return { type: 'raw', json: JSON.stringify(reference) };
}
