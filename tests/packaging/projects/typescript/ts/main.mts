// Compiled to an ES module (tsconfig.esm.json: nodenext).
import init, { initTools, parseSize, validateVolumeManage, version } from 'os-volume-manage';
import type { VolumeReport } from 'os-volume-manage';

// No @types/node: only what this file uses.
declare const console: { log(text: string): void };
declare const process: { exitCode?: number };

async function main(): Promise<void> {
  await init();
  await initTools();
  const good: VolumeReport = validateVolumeManage({ volume: { host: 'node1@lvm#lvm', ref: { 'source-name': 'lv1' }, name: ' imported ' } }, { microversion: '3.16' });
  const bad = validateVolumeManage({ volume: { host: 'node1@lvm#lvm' } });
  const size = parseSize('10G');
  console.log(
    JSON.stringify({
      version: version(),
      accepted: [good.accepted, good.httpStatus, good.accepted ? good.normalized.name : null],
      rejected: [bad.accepted, bad.httpStatus, bad.errors[0]?.code, bad.errors[0]?.pointer],
      tools: size.ok ? size.gib.exact : null,
    }),
  );
}

main().catch((e: unknown) => {
  console.log(JSON.stringify({ error: String(e) }));
  process.exitCode = 1;
});
