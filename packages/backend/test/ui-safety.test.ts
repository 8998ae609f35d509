// The web UI's safety and budget in real Chromium against a token-protected backend: the token prompt, a
// strict CSP with no violation, stored script payloads shown as text on every page, no HTML-injection API
// in the sources, a small production bundle, and readable contrast in light and dark.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@skein/testkit';
import type { Page } from 'playwright-core';
import { chromiumDependency } from './ui-browser.js';
import { bundleSizes } from './ui-bundle.js';
import { CHECKOUT_TRACE, XSS, XSS_TRACE } from './ui-fixture.js';
import { startUiSession, type UiSession } from './ui-session.js';

const TOKEN = 'ui-test-token';
const APP_SRC = fileURLToPath(new URL('../src/ui/app/src', import.meta.url));
/** The production bundle (HTML, JS, CSS) must stay under this many gzip bytes. */
const GZIP_BUDGET = 40 * 1024;

interface BrowserGlobals {
  __xss?: unknown;
  sessionStorage: { getItem(key: string): string | null };
  document: { body: unknown };
  getComputedStyle(el: unknown): { color: string; backgroundColor: string };
}

/** WCAG relative luminance of an `rgb(r, g, b)` colour. */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('web UI safety in Chromium', { skip: chromiumDependency.skip }, () => {
  let session: UiSession;
  let page: Page;
  let base: string;
  let prompts = 0;

  before(async () => {
    session = await startUiSession(TOKEN);
    ({ page, base } = session);
    page.on('dialog', (dialog) => {
      prompts++;
      void dialog.accept(TOKEN);
    });
  });

  after(async () => {
    await session?.close();
  });

  it('asks for the token once after a 401 and sends it as a Bearer header', async () => {
    assert.equal((await fetch(`${base}/api/services`)).status, 401);
    await page.goto(`${base}/search?service=frontend`);
    await page.locator('table.results tbody tr').waitFor();
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}`);
    await page.locator('.span-row').first().waitFor();
    assert.equal(prompts, 1);
    await waitFor('token kept in sessionStorage', () =>
      page.evaluate(
        () =>
          (globalThis as unknown as BrowserGlobals).sessionStorage.getItem('skein.token') === 'ui-test-token',
      ),
    );
  });

  it('serves the shell for deep links with a strict CSP, and the page raises no CSP or script error', async () => {
    const res = await fetch(`${base}/trace/${CHECKOUT_TRACE}`);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    session.consoleErrors.length = 0;
    await page.goto(`${base}/search`);
    await page
      .locator('select[name=service] option', { hasText: /^frontend$/ })
      .waitFor({ state: 'attached' });
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000006`);
    await page.locator('.span-detail').waitFor();
    assert.deepEqual(session.consoleErrors, []);
  });

  it('stored script payloads render as literal text on every page and execute nothing', async () => {
    /** Loads a page (a full navigation resets window.__xss), waits for `ready`, then checks nothing ran. */
    const visit = async (path: string, ready: string): Promise<string> => {
      await page.goto(base + path);
      await page.locator(ready).first().waitFor();
      assert.equal(
        await page.evaluate(() => (globalThis as unknown as BrowserGlobals).__xss),
        undefined,
        path,
      );
      assert.equal(await page.locator('img, script:not([src])').count(), 0, path);
      return page.locator('main').innerText();
    };
    const trace = await visit(`/trace/${XSS_TRACE}?span=2000000000000001`, '.log-row');
    for (const payload of [XSS.service, XSS.operation, XSS.key, XSS.value, XSS.body])
      assert.ok(trace.includes(payload), payload);
    const search = await visit(
      `/search?service=${encodeURIComponent(XSS.service)}`,
      'table.results tbody tr',
    );
    assert.ok(search.includes(XSS.operation));
    assert.ok((await visit('/logs', 'table.logs tr')).includes(XSS.body));
    await visit('/map', `[data-service="${XSS.service.replace(/"/g, '\\"')}"]`);
    assert.ok((await visit(`/service/${encodeURIComponent(XSS.service)}`, 'h1')).includes(XSS.service));
  });

  it('no source of the app uses an HTML-injection API', () => {
    const files = readdirSync(APP_SRC, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.tsx?$/.test(f),
    );
    assert.ok(files.length > 10);
    for (const file of files)
      assert.doesNotMatch(
        readFileSync(join(APP_SRC, file), 'utf8'),
        /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
        file,
      );
  });

  it(`the production bundle stays under ${GZIP_BUDGET / 1024} KB gzip`, (t) => {
    const sizes = bundleSizes(session.bundle.dir);
    for (const f of sizes.files) t.diagnostic(`${f.path}: ${f.bytes} B, ${f.gzip} B gzip`);
    t.diagnostic(`total: ${sizes.gzip} B gzip`);
    assert.ok(sizes.files.some((f) => f.path.endsWith('.js')));
    assert.ok(sizes.gzip < GZIP_BUDGET, `${sizes.gzip} B gzip`);
  });

  it('text keeps a readable contrast in both light and dark colour schemes', async () => {
    const colours = async (): Promise<{ color: string; backgroundColor: string }> =>
      page.evaluate(() => {
        const g = globalThis as unknown as BrowserGlobals;
        const style = g.getComputedStyle(g.document.body);
        return { color: style.color, backgroundColor: style.backgroundColor };
      });
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000006`);
    await page.locator('.span-detail').waitFor();
    const light = await colours();
    await page.emulateMedia({ colorScheme: 'dark' });
    try {
      const dark = await colours();
      assert.ok(luminance(dark.backgroundColor) < luminance(light.backgroundColor));
      for (const { color, backgroundColor } of [light, dark])
        assert.ok(contrast(color, backgroundColor) >= 7, `${color} on ${backgroundColor}`);
      await session.screenshot('trace-dark');
    } finally {
      await page.emulateMedia({ colorScheme: 'light' });
    }
  });
});
