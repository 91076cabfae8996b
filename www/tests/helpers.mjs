// Shared set-up for the www/ end-to-end tests: the page's own static server
// on a free port, and Debian's Chromium driven by playwright-core.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startServer } from '../serve.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const TARGET = join(ROOT, 'target');
export const SCREENSHOTS = join(TARGET, 'www-screenshots');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const { chromium } = createRequire(join(ROOT, 'package.json'))('playwright-core');

/**
 * Starts the server and a fresh headless Chromium. Returns an object with
 * `open()` (a new page at the dashboard, ready), `consoleErrors`,
 * `requests` (every URL the pages asked for) and `close()`.
 */
export async function startBrowser() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/setup.sh browser`);
  assert.ok(existsSync(join(ROOT, 'pkg/dist/stamp.json')), 'pkg/dist is missing: run make pkg');
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { server, url } = await startServer({ port: 0 });
  const userDataDir = mkdtempSync(join(tmpdir(), 'ovm-www-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    viewport: { width: 1280, height: 900 },
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url.replace(/\/$/, '') });
  const consoleErrors = [];
  const requests = [];
  context.on('request', (req) => requests.push(req.url()));
  return {
    url,
    consoleErrors,
    requests,
    async open({ width = 1280, height = 900 } = {}) {
      const page = await context.newPage();
      await page.setViewportSize({ width, height });
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      page.on('pageerror', (e) => consoleErrors.push(String(e)));
      await page.goto(url);
      await page.waitForSelector('html[data-ready="true"]');
      return page;
    },
    async close() {
      await context.close();
      server.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The message texts (with their codes) shown in a message element. */
export async function messages(page, selector) {
  return page.$$eval(`${selector} p`, (ps) => ps.map((p) => ({ type: p.className, code: p.dataset.code ?? null, text: p.textContent })));
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
