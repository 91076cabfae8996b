// Size calculator: a byte count or a size with a unit → the GiB Cinder gives
// the managed volume.
//
// Cinder never takes a size in a manage request: the driver measures the
// backend object and most drivers store int(math.ceil(float(n) / units.Gi)).
// float(n) rounds to the nearest double, so above 2^53 bytes that can be one
// GiB lower than the true ceiling; PowerMax and Dell SC refuse sizes that are
// not whole GiB. We show all three. Bytes are BigInt throughout so that
// nothing is rounded before the step where Cinder itself rounds.
//
// This mirrors the Rust core's `sizes::parse_size_text` (same grammar and
// unit rules). The package does not export it to WebAssembly yet; when it
// does, this module should call it instead.

const GIB = 1n << 30n;
const PREFIXES = 'KMGTPE';
const BINARY = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
const DECIMAL = ['kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

function fail(code, message) {
  return { ok: false, code, message };
}

/** Resolves a unit: { canonical, system, multiplier (BigInt), bare } or a failure. */
function lookupUnit(unit) {
  if (unit === '' || unit === 'B') return { canonical: 'B', system: 'bytes', multiplier: 1n, bare: false };
  if (unit.endsWith('b')) {
    return fail('ambiguous_unit', `unit "${unit}" ends in a lowercase 'b', which conventionally means bits; write B for bytes (GiB = 2^30 bytes, GB = 10^9 bytes)`);
  }
  const index = PREFIXES.indexOf(unit[0].toUpperCase());
  const rest = unit.slice(1);
  if (index < 0) return fail('unknown_unit', `unknown unit "${unit}"; use B, KiB … EiB (or K … E, read as binary), or kB MB GB TB PB EB`);
  const power = BigInt(index + 1);
  if (rest === '' || ['i', 'I', 'iB', 'IB'].includes(rest)) {
    return { canonical: BINARY[index], system: 'binary', multiplier: 1n << (10n * power), bare: rest === '' };
  }
  if (rest === 'B') return { canonical: DECIMAL[index], system: 'decimal', multiplier: 1000n ** power, bare: false };
  return fail('unknown_unit', `unknown unit "${unit}"; use B, KiB … EiB (or K … E, read as binary), or kB MB GB TB PB EB`);
}

/** GiB for a byte count (BigInt) in every mode. */
export function gibFromBytes(bytes) {
  const exact = (bytes + GIB - 1n) / GIB;
  // Cinder: Python float(n) (round to nearest, ties to even: what Number(BigInt) does), / 2^30 (exact), ceil.
  const asFloat = Number(bytes);
  const cinder = Number.isFinite(asFloat) ? BigInt(Math.ceil(asFloat / 2 ** 30)) : null;
  return { exact, cinder, whole: bytes % GIB === 0n, cinderDiffers: cinder !== null && cinder !== exact };
}

/**
 * Parses "1073741824", "10G", "10 GiB", "1.5TiB", "500 MB"… (ASCII digits,
 * at most one "." with digits on both sides, optional spaces, optional unit).
 * Returns { ok: true, bytes, unit, system, gib, warnings } or { ok: false, code, message }.
 */
export function parseSize(text) {
  const trimmed = text.trim();
  if (trimmed === '') return fail('empty', 'type a byte count or a size such as 10 GiB');
  if (/(?![0-9])\p{Nd}/u.test(trimmed)) {
    return fail('non_ascii_digit', 'use the ASCII digits 0-9');
  }
  if (trimmed.startsWith('-')) return fail('negative', 'a size cannot be negative');
  if (trimmed.startsWith('+')) return fail('sign_not_allowed', 'write the number without a "+" sign');
  const match = /^([0-9.]*)([ \t]*)(.*)$/s.exec(trimmed);
  const [, number, gap, unit] = match;
  if (!/[0-9]/.test(number)) return fail('missing_number', 'there is no number before the unit');
  if (unit !== '') {
    const c = unit[0];
    if (/[,_']/.test(c) || (/[0-9]/.test(c) && gap !== '')) {
      return fail('digit_separator', 'write the digits together, without separators');
    }
    if (!/[A-Za-z]/.test(c)) return fail('unexpected_character', `unexpected "${c}" after the number`);
  }
  const parts = number.split('.');
  if (parts.length > 2) return fail('multiple_dots', `"${number}" has more than one "."`);
  const [integer, fraction = null] = parts;
  if (integer === '' || fraction === '') return fail('bare_dot', 'a "." needs digits on both sides (0.5, 5.0)');
  const spec = lookupUnit(unit);
  if (spec.ok === false) return spec;
  let bytes = BigInt(integer) * spec.multiplier;
  if (fraction !== null) {
    const scale = 10n ** BigInt(fraction.length);
    const part = BigInt(fraction) * spec.multiplier;
    if (part % scale !== 0n) {
      return fail('fractional_bytes', `${number} ${spec.canonical} is not a whole number of bytes`);
    }
    bytes += part / scale;
  }
  const warnings = [];
  if (spec.bare) {
    warnings.push(`"${unit}" was read as ${spec.canonical} (binary), as OpenStack and Linux tools do; write ${unit.toUpperCase()}B for powers of 1000`);
  }
  if (spec.system === 'decimal') {
    warnings.push(`${spec.canonical} is a decimal unit (${spec.multiplier} bytes); Cinder sizes are binary GiB (2^30 bytes)`);
  }
  const gib = gibFromBytes(bytes);
  if (bytes === 0n) warnings.push('0 bytes: Cinder would make a 0 GiB volume; drivers usually refuse it');
  if (!gib.whole && bytes !== 0n) {
    warnings.push(`not a whole GiB: most drivers round up to ${gib.exact} GiB; PowerMax and Dell SC refuse it ("extend the volume first")`);
  }
  if (gib.cinder === null) warnings.push('beyond the range of a double: Python\'s float() overflows and the driver fails');
  else if (gib.cinderDiffers) {
    warnings.push(`above 2^53 bytes Cinder's float arithmetic gives ${gib.cinder} GiB, not the exact ${gib.exact} GiB`);
  }
  return { ok: true, bytes, unit: spec.canonical, system: spec.system, gib, warnings };
}
