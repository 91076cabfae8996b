// Types for the package's .wasm subpaths (os-volume-manage/validators-web.wasm,
// os-volume-manage/validators-node.wasm, os-volume-manage/tools.wasm). What
// importing a .wasm file gives is the bundler's choice (a URL string with
// Vite's `?url` suffix, a WebAssembly module instance with webpack's
// asyncWebAssembly…), so it is typed as unknown: pass it to init(),
// initTools(), or use it as your bundler documents.
declare const wasm: unknown;
export default wasm;
