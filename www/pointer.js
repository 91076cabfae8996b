// JSON pointers from the package's reports → the form control they are about.
//
// The package writes RFC 6901 pointers in their URI-fragment form: each
// segment is escaped (~ → ~0, / → ~1) and then percent-encoded
// (/volume/metadata/k%20ey). Decoding therefore runs in the opposite order:
// percent-decoding first, then ~1 → / and ~0 → ~ (in that order, so "~01"
// stays "~1").

/** Splits a pointer into its unescaped segments; [] for "" (the whole body), null if not a pointer. */
export function parsePointer(pointer) {
  if (pointer === '') return [];
  if (typeof pointer !== 'string' || !pointer.startsWith('/')) return null;
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => {
      let text = segment;
      try {
        text = decodeURIComponent(segment);
      } catch {
        // A bare "%" that is not an escape: keep the segment as written.
      }
      return text.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/** Top-level fields that have one control each on the page. */
const FIELDS = new Set(['host', 'cluster', 'name', 'description', 'volume_type', 'availability_zone', 'bootable', 'volume_id']);

/**
 * Where an issue belongs on the page:
 *   { field: 'host' | … }           one of FIELDS
 *   { field: 'ref' }                 the identifier (or the raw JSON ref)
 *   { field: 'metadata' }            the metadata group as a whole
 *   { field: 'metadata', key }       one metadata row
 *   { field: 'microversion' | 'endpoint' }
 *   { field: 'form' }                the request as a whole
 * `rawRef` says whether the ref is typed as raw JSON: then a body that does
 * not parse can only be the ref's fault, since the page writes the rest.
 */
export function targetOf(issue, { rawRef = false } = {}) {
  const path = parsePointer(issue.pointer);
  if (path === null) return { field: 'form' };
  if (path.length === 0) {
    if (issue.code.startsWith('microversion_')) return { field: 'microversion' };
    if (issue.code === 'endpoint_unavailable') return { field: 'endpoint' };
    if (rawRef && (issue.code === 'body_malformed' || issue.code === 'body_too_deep')) return { field: 'ref' };
    return { field: 'form' };
  }
  const [, field, key] = path;
  if (path.length === 1 || field === undefined) return { field: 'form' };
  if (field === 'ref') return { field: 'ref' };
  if (field === 'metadata') return key === undefined ? { field: 'metadata' } : { field: 'metadata', key };
  if (FIELDS.has(field)) return { field };
  return { field: 'form' };
}
