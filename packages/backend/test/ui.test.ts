// The web UI in real Chromium against a real backend filled over OTLP/HTTP: search, waterfall, span
// detail, logs, service map, service overview, keyboard use and live refresh. Safety (CSP, stored script
// payloads, token) and the bundle budget are in ui-safety.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { waitFor } from '@skein/testkit';
import type { Page } from 'playwright-core';
import { chromiumDependency } from './ui-browser.js';
import { CHECKOUT_DEPTHS, CHECKOUT_SPANS, CHECKOUT_TRACE, XSS, XSS_TRACE } from './ui-fixture.js';
import { postOtlp, traceRequest } from './ui-otlp.js';
import { startUiSession, type UiSession } from './ui-session.js';

/** The bits of the DOM the page callbacks read (the suite's tsconfig has no DOM lib). */
interface DomElement {
  classList: { contains(name: string): boolean };
  ownerDocument: { defaultView: { getComputedStyle(el: DomElement): { outlineStyle: string } } };
  dataset: Record<string, string | undefined>;
  getAttribute(name: string): string | null;
  textContent: string | null;
}

describe('web UI in Chromium', { skip: chromiumDependency.skip }, () => {
  let session: UiSession;
  let page: Page;
  let base: string;
  let otlp: string;
  let screenshot: (name: string) => Promise<void>;

  before(async () => {
    session = await startUiSession();
    ({ page, base, otlp, screenshot } = session);
  });

  after(async () => {
    await session?.close();
  });

  /** Rows of the waterfall in display order: span rows by id, log rows by their text. */
  async function waterfallRows(): Promise<{ span?: string; level?: number; log?: string }[]> {
    return page.$$eval('.waterfall-canvas > .row', (rows) =>
      rows.map((row) => {
        const el = row as unknown as DomElement;
        return el.classList.contains('span-row')
          ? { span: el.dataset.spanId, level: Number(el.getAttribute('aria-level')) }
          : { log: el.textContent ?? '' };
      }),
    );
  }

  it('search finds the stored trace and summarises it; the scatter point opens it', async () => {
    await page.goto(`${base}/search`);
    await page
      .locator('select[name=service] option', { hasText: /^frontend$/ })
      .waitFor({ state: 'attached' });
    await page.selectOption('select[name=service]', 'frontend');
    await page.click('button:has-text("Find traces")');
    const row = page.locator('table.results tbody tr').first();
    await row.waitFor();
    assert.equal(await page.locator('table.results tbody tr').count(), 1);
    const cells = (await row.locator('td').allInnerTexts()).map((c) => c.replace(/\s+/g, ' ').trim());
    assert.match(cells[0]!, /frontend GET \/checkout/);
    assert.match(cells[0]!, new RegExp(CHECKOUT_TRACE));
    assert.match(cells[1]!, /checkout \(3\)/);
    assert.match(cells[1]!, /frontend \(2\)/);
    assert.match(cells[1]!, /payments \(1\)/);
    assert.equal(cells[2], '6');
    assert.equal(cells[3], '2');
    assert.equal(cells[4], '120ms');
    await screenshot('search');
    await page.click('svg.scatter a.point');
    await page.waitForURL(`${base}/trace/${CHECKOUT_TRACE}`);
    await page.locator('.span-row').first().waitFor();
  });

  it('filters search by attribute and by status', async () => {
    const search = async (query: string): Promise<number> => {
      await page.goto(`${base}/search?service=checkout&${query}`);
      await page.locator('p[aria-live]').waitFor();
      return page.locator('table.results tbody tr').count();
    };
    assert.equal(await search('tag=order.id%3Dord-42'), 1);
    assert.equal(await search('tag=order.id%3Dord-0'), 0);
    assert.equal(await search('status=error'), 1);
    assert.equal(await search('status=ok'), 0);
  });

  it('the waterfall shows exactly the stored spans in their nesting, with errors and the critical path', async () => {
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}`);
    await page.locator('.span-row').first().waitFor();
    const spans = (await waterfallRows()).filter((r) => r.span);
    assert.deepEqual(Object.fromEntries(spans.map((r) => [r.span, r.level! - 1])), CHECKOUT_DEPTHS);
    assert.equal(spans.length, CHECKOUT_SPANS.length);
    assert.equal(await page.locator('[data-testid=span-count]').innerText(), '6');
    const errors = await page.$$eval('.span-row.error', (rows) =>
      rows.map((r) => (r as unknown as DomElement).dataset.spanId),
    );
    assert.deepEqual(errors.sort(), ['1000000000000005', '1000000000000006']);
    const critical = await page.$$eval('.span-row.critical', (rows) =>
      rows.map((r) => (r as unknown as DomElement).dataset.spanId),
    );
    assert.deepEqual(critical.sort(), Object.keys(CHECKOUT_DEPTHS));

    await page.click('[data-span-id="1000000000000003"] button.toggle');
    assert.deepEqual(
      (await waterfallRows()).filter((r) => r.span).map((r) => r.span),
      ['1000000000000001', '1000000000000002', '1000000000000003'],
    );
    await page.click('[data-span-id="1000000000000003"] button.toggle');
    assert.equal((await waterfallRows()).filter((r) => r.span).length, 6);
  });

  it('logs sit right under their span and in the trace log list', async () => {
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}`);
    await page.locator('.log-row').nth(1).waitFor();
    const rows = await waterfallRows();
    const after = (spanId: string): string | undefined =>
      rows[rows.findIndex((r) => r.span === spanId) + 1]?.log;
    assert.match(after('1000000000000003') ?? '', /INFO\s*order ord-42 accepted/);
    assert.match(after('1000000000000006') ?? '', /ERROR\s*card declined by issuer/);
    assert.equal(rows.filter((r) => r.log).length, 2);
    const list = await page.locator('.trace-logs').innerText();
    assert.match(list, /Logs \(2\)/);
    assert.match(list, /order ord-42 accepted/);
    assert.match(list, /card declined by issuer/);
  });

  it('span detail shows attributes, resource, scope, status, events and logs; the span is linkable', async () => {
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000006`);
    const detail = page.locator('.span-detail');
    // The trace's logs load after the trace itself.
    await detail.locator('.logs', { hasText: 'card declined by issuer' }).waitFor();
    const text = await detail.innerText();
    assert.match(text, /payments\s+POST \/charge/);
    assert.match(text, /http\.route\s+\/charge/);
    assert.match(text, /http\.response\.status_code\s+502/);
    assert.match(text, /service\.version\s+1\.4\.2/);
    assert.match(text, /host\.name\s+test-host/);
    assert.match(text, /skein-ui-test 0\.1\.0/);
    assert.match(text, /ERROR: card declined/);
    assert.match(text, /exception\.type\s+CardDeclined/);
    assert.match(text, /card declined by issuer/);
    assert.equal(await page.locator('.span-row.selected').getAttribute('data-span-id'), '1000000000000006');
    await screenshot('trace');

    // Keyboard: up moves the selection to the previous span and updates the link.
    await page.focus('.waterfall-body');
    await page.keyboard.press('ArrowUp');
    await page.waitForURL(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000005`);
  });

  it('a span link opens the linked trace', async () => {
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000001`);
    await page.locator('.span-detail').waitFor();
    await page.click(`.span-detail a[href="/trace/${XSS_TRACE}?span=2000000000000001"]`);
    await page.waitForURL(`${base}/trace/${XSS_TRACE}?span=2000000000000001`);
    await page.locator('.span-detail').waitFor();
  });

  it('the service map shows the services and their calls with error rates; a click opens the overview', async () => {
    await page.goto(`${base}/map`);
    await page.locator('[data-edge="checkout->payments"]').waitFor();
    const services = await page.$$eval('[data-service]', (nodes) =>
      nodes.map((n) => n.getAttribute('data-service')),
    );
    assert.deepEqual(services.sort(), [XSS.service, 'checkout', 'frontend', 'payments'].sort());
    assert.equal(
      await page.locator('[data-edge="frontend->checkout"] text').textContent(),
      '1 calls · 0.0% err',
    );
    assert.equal(
      await page.locator('[data-edge="checkout->payments"] text').textContent(),
      '1 calls · 100.0% err',
    );
    assert.equal(await page.locator('[data-edge]').count(), 2);
    await screenshot('service-map');
    await page.click('[data-service="checkout"]');
    await page.waitForURL(`${base}/service/checkout`);
    const row = page.locator('table.results tbody tr', { hasText: 'POST /orders' });
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.deepEqual(cells.slice(0, 2), ['POST /orders', '1']);
    assert.equal(await page.locator('.chart polyline').count(), 5);
    await screenshot('service');

    // The charts for one operation come from the RED endpoint asked about that operation.
    const asked = page.waitForRequest((req) => /\/api\/skein\/red\?.*operation=POST/.test(req.url()));
    await page.selectOption('select:has(option[value=""]:text("All operations"))', 'POST /orders');
    await asked;
    await page
      .locator('.charts[data-operation="POST /orders"] .chart polyline')
      .nth(4)
      .waitFor({ state: 'attached' });
  });

  it('log search finds records by text and severity; a line with a trace id opens the trace', async () => {
    await page.goto(`${base}/logs?q=declined`);
    const row = page.locator('table.logs tr', { hasText: 'card declined by issuer' });
    await row.waitFor();
    assert.equal(await page.locator('table.logs tr').count(), 1);
    await page.goto(`${base}/logs?minSeverity=17`);
    await row.waitFor();
    assert.equal(await page.locator('table.logs tr').count(), 1);
    await page.goto(`${base}/logs`);
    await page.locator('table.logs tr').nth(2).waitFor();
    await screenshot('logs');
    await page.click(`table.logs tr:has-text("card declined by issuer") a`);
    await page.waitForURL(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000006`);
  });

  it('new traces appear in the search results without a reload', async () => {
    await page.goto(`${base}/search?service=frontend`);
    await page.locator('table.results tbody tr').first().waitFor();
    const before = await page.locator('table.results tbody tr').count();
    const traceId = 'c0ffee00000000000000000000000001';
    await postOtlp(otlp, 'traces', traceRequest(traceId, Date.now() - 1000, CHECKOUT_SPANS.slice(0, 2)));
    await page.locator(`table.results a[href="/trace/${traceId}"]`).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('table.results tbody tr').count(), before + 1);
  });

  it('is usable from the keyboard: tab to the waterfall, j/k move, Enter folds, Space opens a result', async () => {
    await page.goto(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000001`);
    await page.locator('.span-detail').waitFor();
    await page.focus('input[name=traceId]');
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () =>
          (
            globalThis as unknown as { document: { activeElement: DomElement | null } }
          ).document.activeElement?.classList.contains('waterfall-body') ?? false,
      );
    }
    assert.ok(reached, 'Tab reaches the waterfall');
    assert.equal(
      await page.$eval('.waterfall-body', (el) => {
        const dom = el as unknown as DomElement;
        return dom.ownerDocument.defaultView.getComputedStyle(dom).outlineStyle;
      }),
      'solid',
    );
    await page.keyboard.press('j');
    await page.waitForURL(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000002`);
    await page.keyboard.press('j');
    await page.waitForURL(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000003`);
    await page.keyboard.press('Enter');
    await waitFor('span 3 folded', async () => (await waterfallRows()).filter((r) => r.span).length === 3);
    await page.keyboard.press('Enter');
    await waitFor('span 3 unfolded', async () => (await waterfallRows()).filter((r) => r.span).length === 6);
    await page.keyboard.press('k');
    await page.waitForURL(`${base}/trace/${CHECKOUT_TRACE}?span=1000000000000002`);

    await page.goto(`${base}/search?service=frontend`);
    await page.locator('table.results tbody tr a').first().focus();
    await page.keyboard.press('Space');
    await page.waitForURL(/\/trace\/[0-9a-f]{32}$/);
  });
});
