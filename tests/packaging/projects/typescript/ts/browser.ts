// Type-checked with the DOM library and bundler resolution: init() takes
// what a page has (a URL, a Response, fetch()'s promise, bytes, a module).
import init, { initSync, initTools } from 'os-volume-manage';
import wasmUrl from 'os-volume-manage/validators-web.wasm';

export async function start(bytes: ArrayBuffer, module: WebAssembly.Module): Promise<void> {
  await init();
  await init('/validators-web.wasm');
  await init(new URL('/validators-web.wasm', location.href));
  await init(fetch('/validators-web.wasm'));
  await init({ module_or_path: await fetch('/validators-web.wasm') });
  await init(bytes);
  initSync({ module });
  initSync(new Uint8Array(bytes));
  await initTools(module);
  const unknownValue: unknown = wasmUrl;
  void unknownValue;
}
