// Checks each request file given on the command line as Cinder's
// os-volume-manage API (microversion 3.16) would, before sending it.
//
//   node check.mjs requests/good.json requests/missing-ref.json
import { readFileSync } from 'node:fs';
import { validateVolumeManageJson } from 'os-volume-manage';

let allAccepted = true;
for (const file of process.argv.slice(2)) {
  // The raw text, read the way Cinder reads a request body.
  const report = validateVolumeManageJson(readFileSync(file, 'utf8'), { microversion: '3.16' });
  if (report.accepted) {
    console.log(`${file}: 202 Accepted; Cinder would manage ${JSON.stringify(report.normalized.ref)} as ${JSON.stringify(report.normalized.name)}`);
  } else {
    allAccepted = false;
    console.log(`${file}: ${report.httpStatus} ${report.serverError}`);
    for (const e of report.errors) console.log(`  ${e.pointer || '(body)'}: ${e.code}: ${e.message}`);
  }
}
process.exitCode = allAccepted ? 0 : 1;
