// A tiny static server for the dashboard page (node built-ins only).
//
//   node www/serve.mjs            # http://127.0.0.1:8080/ (PORT=… to change)
//
// URL layout: "/" is www/ (the page), "/pkg/" is the npm package built by
// `make pkg`. The page imports "../pkg/web.js", which resolves to /pkg/web.js
// from "/", so the same files also work when the repository root is served.
// Bound to 127.0.0.1 only: the page is an operator's local tool.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const WWW = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(WWW, '..');
const PKG = join(ROOT, 'pkg');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** Maps a URL path to a file under www/ or pkg/, or null (never outside them). */
export function resolvePath(urlPath) {
  let path;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (path.includes('\0')) return null;
  const [base, rest] = path.startsWith('/pkg/') ? [PKG, path.slice('/pkg/'.length)] : [WWW, path.slice(1)];
  // The tests directory is not part of the page.
  if (base === WWW && (rest === 'tests' || rest.startsWith('tests/'))) return null;
  const file = resolve(base, rest === '' || rest.endsWith('/') ? join(rest, 'index.html') : rest);
  return file === base || file.startsWith(base + sep) ? file : null;
}

/** Starts the server; resolves to { server, url }. Port 0 picks a free port. */
export function startServer({ port = 8080, host = '127.0.0.1' } = {}) {
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = resolvePath(url.pathname);
    const info = file && (await stat(file).catch(() => null));
    if (!info?.isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      // A development tool: always serve what is on disk.
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolveStart({ server, url: `http://${host}:${actual}/` });
    });
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT ?? 8080);
  startServer({ port })
    .then(({ url }) => console.log(`os-volume-manage dashboard: ${url}  (Ctrl-C to stop)`))
    .catch((e) => {
      console.error(`make serve: cannot listen on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    });
}
