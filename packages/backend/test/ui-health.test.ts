// The Health page in real Chromium against a real backend filled over OTLP/HTTP: seeded propagation and
// attribute problems show up as findings that link to their example traces and services, and stored
// script payloads in a finding render as text.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startBackend, type RunningBackend } from '../src/index.js';
import { createUiHandler } from '../src/ui/serve.js';
import { chromiumDependency, launchChromium, type LaunchedBrowser } from './ui-browser.js';
import { buildUiBundle, type BuiltBundle } from './ui-bundle.js';
import { XSS } from './ui-fixture.js';
import { postOtlp, traceRequest, type SpanSpec } from './ui-otlp.js';

/** Set to a folder (docs/screenshots) to save a PNG of the page. */
const SCREENSHOTS = process.env.SKEIN_UI_SCREENSHOTS;

const CALLER_TRACE = 'a1000000000000000000000000000001';
const CALLEE_TRACE = 'a1000000000000000000000000000002';
const INVENTORY_TRACE = 'a1000000000000000000000000000003';

const legacyAddress = { 'server.address': 'legacy', 'server.port': 8080 };

/** gateway calls legacy, which ignores the traceparent and starts its own trace. */
const CALLER_SPANS: SpanSpec[] = [
  {
    service: 'gateway',
    spanId: 'b000000000000001',
    name: 'GET /checkout',
    kind: 2,
    startMs: 0,
    durationMs: 80,
    attributes: { 'http.request.method': 'GET', 'http.route': '/checkout' },
  },
  {
    service: 'gateway',
    spanId: 'b000000000000002',
    parentId: 'b000000000000001',
    name: 'GET',
    kind: 3,
    startMs: 10,
    durationMs: 60,
    attributes: { 'http.request.method': 'GET', ...legacyAddress },
  },
];
const CALLEE_SPANS: SpanSpec[] = [
  {
    service: 'legacy',
    spanId: 'b000000000000003',
    name: 'GET /stock',
    kind: 2,
    startMs: 15,
    durationMs: 50,
    attributes: { 'http.request.method': 'GET', 'http.route': '/stock', ...legacyAddress },
  },
];
const inventorySpans = (service: string): SpanSpec[] => [
  {
    service,
    spanId: 'b000000000000004',
    name: 'GET',
    kind: 2,
    startMs: 0,
    durationMs: 30,
    attributes: { 'http.request.method': 'GET', 'http.response.status_code': 200 },
  },
  {
    service,
    spanId: 'b000000000000005',
    parentId: 'b000000000000004',
    name: 'SELECT stock',
    kind: 3,
    startMs: 5,
    durationMs: 10,
    attributes: { 'db.system': 'sqlite', 'db.query.text': 'SELECT * FROM stock' },
  },
];

describe('Health page in Chromium', { skip: chromiumDependency.skip }, () => {
  let bundle: BuiltBundle;
  let backend: RunningBackend;
  let dataDir: string;
  let chromium: LaunchedBrowser;
  let page: Page;
  let base: string;
  let otlp: string;
  const consoleErrors: string[] = [];

  before(async () => {
    bundle = await buildUiBundle();
    dataDir = mkdtempSync(join(tmpdir(), 'skein-ui-health-'));
    backend = await startBackend({
      host: '127.0.0.1',
      grpcPort: 0,
      httpPort: 0,
      uiPort: 0,
      dataDir,
      ui: createUiHandler(bundle.dir),
      log: () => {},
    });
    base = `http://127.0.0.1:${backend.uiPort}`;
    otlp = `http://127.0.0.1:${backend.httpPort}`;
    const at = Date.now() - 60_000;
    await postOtlp(otlp, 'traces', traceRequest(CALLER_TRACE, at, CALLER_SPANS));
    await postOtlp(otlp, 'traces', traceRequest(CALLEE_TRACE, at, CALLEE_SPANS));
    await postOtlp(otlp, 'traces', traceRequest(INVENTORY_TRACE, at, inventorySpans('inventory')));
    chromium = await launchChromium();
    page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });

  after(async () => {
    await chromium?.close();
    await backend?.stop();
    bundle?.remove();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists the seeded findings with links to their example traces and services', async () => {
    await page.goto(`${base}/health`);
    const broken = page.locator('table.health tr[data-kind="broken-propagation"]');
    await broken.waitFor();
    assert.match(await broken.innerText(), /from gateway to legacy started a new trace in legacy/);
    for (const id of [CALLER_TRACE, CALLEE_TRACE]) {
      assert.equal(await broken.locator(`a[href="/trace/${id}"]`).count(), 1, id);
    }
    assert.equal(await broken.locator('a[href="/service/legacy"]').count(), 1);
    const route = page.locator('table.health tr[data-kind="missing-attribute"]', { hasText: 'http.route' });
    assert.match(await route.innerText(), /inventory 'GET' lacks http\.route/);
    assert.equal(
      await page
        .locator('table.health tr', { hasText: 'db.system.name' })
        .locator('a[href^="/trace/"]')
        .count(),
      1,
    );
    assert.equal(await page.locator('nav a[aria-current=page]').innerText(), 'Health');
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'health.png'), fullPage: true });

    await route.locator(`a[href="/trace/${INVENTORY_TRACE}"]`).click();
    await page.waitForURL(`${base}/trace/${INVENTORY_TRACE}`);
    await page.locator('.span-row').first().waitFor();
    assert.deepEqual(consoleErrors, []);
  });

  it('renders a script payload in a finding as literal text', async () => {
    await postOtlp(
      otlp,
      'traces',
      traceRequest('a1000000000000000000000000000004', Date.now() - 30_000, inventorySpans(XSS.service)),
    );
    await page.goto(`${base}/health`);
    const row = page
      .locator('table.health tr[data-kind="missing-attribute"]', { hasText: XSS.service })
      .first();
    await row.waitFor();
    assert.equal(await page.evaluate(() => (globalThis as { __xss?: unknown }).__xss), undefined);
    assert.equal(await page.locator('img, script:not([src])').count(), 0);
  });
});
