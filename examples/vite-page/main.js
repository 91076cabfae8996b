// Checks the request in the text area as Cinder would, on every keystroke.
import init, { validateVolumeManageJson } from 'os-volume-manage';

const body = document.querySelector('#body');
const verdict = document.querySelector('#verdict');
const errors = document.querySelector('#errors');

function check() {
  const report = validateVolumeManageJson(body.value, { microversion: '3.16' });
  verdict.dataset.status = String(report.httpStatus);
  verdict.textContent = report.accepted ? '202 Accepted' : `${report.httpStatus}: ${report.serverError}`;
  errors.replaceChildren(
    ...report.errors.map((e) => {
      const li = document.createElement('li');
      li.textContent = `${e.pointer || '(body)'}: ${e.message}`;
      return li;
    }),
  );
}

// init() fetches the WebAssembly module once; no top-level await, so the
// default build targets of every Vite version accept this file.
init().then(() => {
  body.addEventListener('input', check);
  check();
});
