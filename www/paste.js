// "Paste the command you are about to run": a `cinder …` or `openstack …`
// command line in, the exact request that client would send (or its own
// refusal) and Cinder's verdict on it out, from the package's
// requestFromCommand (the core's command reader, python-cinderclient 9.10.0
// and python-openstackclient 10.5.0 modelled). Nothing is run or sent.
import { requestFromCommand } from '../pkg/web.js';

const $ = (id) => document.getElementById(id);

function li(text, attrs = {}) {
  const el = document.createElement('li');
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.textContent = text;
  return el;
}

/** The request as text: request line, headers, blank line, body. */
export function requestText(r) {
  const head = [`${r.method} /v3/{project_id}${r.path}`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`)];
  return `${head.join('\n')}\n\n${r.bodyText}`;
}

/** Reads the box and shows what the command sends. */
export function updatePaste() {
  const line = $('paste-input').value;
  const status = $('paste-status');
  const result = $('paste-result');
  status.classList.remove('refused');
  if (line.trim() === '') {
    status.textContent = '';
    result.hidden = true;
    return null;
  }
  let r;
  try {
    r = requestFromCommand(line, { serverMax: $('paste-server-max').value.trim() || undefined });
  } catch (e) {
    status.textContent = `Server maximum: ${e.message.replace(/^requestFromCommand: /, '')}`;
    status.classList.add('refused');
    result.hidden = true;
    return null;
  }
  if (!r.ok) {
    status.textContent = `Not read as a client run [${r.error.code}]: ${r.error.message}`;
    status.classList.add('refused');
    result.hidden = true;
    return r;
  }
  result.hidden = false;
  const issues = $('paste-issues');
  const notes = $('paste-notes');
  issues.replaceChildren();
  notes.replaceChildren();
  if (r.refused !== null) {
    const what = r.refused.exitCode === 0 ? 'prints its help or version' : `refuses (exit ${r.refused.exitCode})`;
    status.textContent = `${r.clientVersion} ${what}: no request is sent.`;
    status.classList.add('refused');
    $('paste-request').textContent = r.refused.message || '(help text)';
    $('paste-verdict').textContent = 'Nothing reaches Cinder.';
  } else {
    status.textContent = `${r.clientVersion} sends this request.`;
    $('paste-request').textContent = requestText(r);
    const report = r.report;
    $('paste-verdict').textContent = report.accepted
      ? `Cinder would accept it (${report.httpStatus}).`
      : `Cinder would answer ${report.httpStatus}: ${report.serverError}`;
    $('paste-verdict').className = report.accepted ? 'status-ok' : 'status-bad';
    for (const e of report.errors) issues.append(li(`${e.pointer || '(body)'}: ${e.message}`, { 'data-code': e.code }));
    for (const w of report.warnings) issues.append(li(`warning ${w.pointer || '(body)'}: ${w.message}`, { 'data-code': w.code }));
  }
  for (const u of r.unused) notes.append(li(`${u.argument}: ${u.reason}`, { 'data-code': 'unused' }));
  for (const n of r.notes) notes.append(li(n.message, { 'data-code': n.code }));
  return r;
}

export function wirePaste() {
  for (const id of ['paste-input', 'paste-server-max']) $(id).addEventListener('input', updatePaste);
}
