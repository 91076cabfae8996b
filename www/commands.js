// The request as the commands people run: curl, `openstack …` and `cinder …`,
// rendered by the package (renderRequest, the core's src/render.rs): same
// quoting, same notes, same refusals as the CLI's `render`. A form that
// cannot carry the request faithfully gets `command: null` and a note saying
// why, rather than a command that would send something else.
import { renderRequest } from '../pkg/web.js';

/**
 * Renders every form.
 *   kind          'volume' | 'snapshot'
 *   body          the request as a JS value (null when it is not JSON)
 *   bodyText      the exact text sent (curl sends it byte for byte)
 *   microversion  '' (no header), '3.16', 'latest', '2.0'…
 *   route         the collection POSTed to (os-volume-manage, manageable_volumes…)
 *   endpoint      block-storage endpoint without /v3 ('' → $CINDER_ENDPOINT)
 *   projectId     ('' → $PROJECT_ID)
 * Returns { curl, openstack, cinder }, each { command: string|null, notes: string[] }.
 */
export function renderCommands({ kind, body, bodyText, microversion = '', route, endpoint = '', projectId = '' }) {
  const options = { kind, microversion, endpoint: route || undefined, url: endpoint, projectId };
  const out = renderRequest(bodyText ?? JSON.stringify(body), options);
  if (body === null && bodyText !== undefined) {
    // The text is not JSON a client could send: only curl can carry it.
    const refused = { command: null, notes: [{ message: `expected a body of the form {"${kind}": {…}}` }] };
    out.openstack = refused;
    out.cinder = refused;
  }
  const plain = ({ command, notes }) => ({ command, notes: notes.map((n) => n.message) });
  return { curl: plain(out.curl), openstack: plain(out.openstack), cinder: plain(out.cinder) };
}
