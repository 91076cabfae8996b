// What lib/web-tools.js and lib/inline-tools.js export, built once: the
// transformations and the whole-request and JSONL functions over the tools
// module's glue. The two differ only in where the module's bytes come from
// (fetched from dist/tools.wasm, or decoded from the base64 copy), which
// their `loader` (browser.js moduleLoader) carries.
import { createRequests, createTools } from './api.js';
import { requestsNotReady, toolsNotReady } from './browser.js';

/**
 * The tools entry's functions over `glue`, once `loader` has initialized it.
 * Transformations are synchronous and need initTools() first. Whole requests
 * and bulk JSONL run here in browsers because the validators module built for
 * them leaves those out to stay small: the async ones load this module
 * themselves, the synchronous ones need initTools() first.
 */
export function toolsEntry(glue, loader) {
  const tools = createTools((fn) => {
    if (!loader.isReady()) throw toolsNotReady(fn);
    return glue;
  });
  const requests = createRequests(
    (fn) => {
      if (!loader.isReady()) throw requestsNotReady(fn);
      return glue;
    },
    () => loader.init(),
  );
  return { ...tools, ...requests, initTools: loader.init, initToolsSync: loader.initSync };
}
