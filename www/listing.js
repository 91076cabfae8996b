// Manageable listings: the JSON of GET …/manageable_volumes/detail (or
// manageable_snapshots, or the pre-3.8 os-*-manage routes) → candidates the
// page can fill the form from. The parsing and the refusal rule (an entry
// whose safe_to_manage is false is refused with Cinder's reason_not_safe)
// are the package's (parseListing, listingEntryToRequest); this module only
// shapes them for the page.
import { listingEntryToRequest, parseListing as parse } from '../pkg/web.js';

// Stand-ins for the target, which the page asks for separately: the refusal
// does not depend on it.
const PROBE = { volume: { host: 'probe@probe#probe' }, snapshot: { volumeId: '00000000-0000-0000-0000-000000000000' } };

/**
 * Parses listing text. Returns { ok: true, kind, entries } or { ok: false,
 * message }. Each entry: { index, reference, size, safe (true|false|null),
 * refused (a message or null), cinderId, sourceReference, notes: string[] }.
 */
export function parseListing(text) {
  const listing = parse(text);
  if (!listing.ok) return { ok: false, message: listing.error.message };
  const root = listing.kind === 'volume' ? 'manageable-volumes' : 'manageable-snapshots';
  const entries = listing.entries.map((entry, index) => {
    const prefix = `/${root}/${index}/`;
    const notes = listing.deviations.filter((d) => d.pointer.startsWith(prefix)).map((d) => d.message);
    const request = listingEntryToRequest(entry, PROBE[listing.kind]);
    if (request.ok) notes.push(...request.notes.filter((n) => n.code !== 'volume_id_not_uuid').map((n) => n.message));
    return {
      index,
      reference: entry.reference,
      size: entry.size,
      safe: entry.safeToManage,
      refused: request.ok ? null : request.error.message,
      cinderId: entry.cinderId,
      sourceReference: entry.sourceReference,
      notes,
    };
  });
  return { ok: true, kind: listing.kind, entries };
}

/** Why an entry may not be used, or null when it may. */
export function refusal(entry) {
  return entry.refused;
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
