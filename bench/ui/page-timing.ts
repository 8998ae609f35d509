// What the UI benchmark runs inside the page. The page's CSP forbids eval, so the in-page code is one init
// script (injected by the browser, not evaluated) that the Node side calls through typed functions. Times
// are performance.now(): milliseconds since the navigation started.
import type { Page } from 'playwright-core';

/** Selectors whose first appearance is recorded, and the frame after it is painted. */
export const WATCHED = { waterfall: '.waterfall .span-row', results: 'table.results tbody tr' };
export type Watched = keyof typeof WATCHED;

export interface ScrollRun {
  /** Time between consecutive animation frames, ms. */
  intervals: number[];
  /** The most rows the waterfall held in the DOM at once. */
  maxRows: number;
}

interface BenchGlobals {
  __benchMarks?: Record<string, number>;
  __benchScroll(frames: number, pixelsPerFrame: number): Promise<ScrollRun>;
}

/** Install with page.addInitScript({ content: INIT_SCRIPT }). */
export const INIT_SCRIPT = `(() => {
  const marks = (window.__benchMarks = {});
  const watched = ${JSON.stringify(WATCHED)};
  new MutationObserver(() => {
    for (const [name, selector] of Object.entries(watched)) {
      if (name in marks || !document.querySelector(selector)) continue;
      marks[name] = performance.now();
      const api = performance
        .getEntriesByType('resource')
        .find((e) => e.name.includes('/api/traces') || e.name.endsWith('/waterfall'));
      marks[name + 'Api'] = api ? api.responseEnd : NaN;
      requestAnimationFrame(() => setTimeout(() => (marks[name + 'Painted'] = performance.now())));
    }
  }).observe(document, { childList: true, subtree: true });
  window.__benchScroll = async (frames, pixelsPerFrame) => {
    const el = document.querySelector('.waterfall-body');
    el.scrollTop = 0;
    const next = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const intervals = [];
    let maxRows = 0;
    let last = await next();
    for (let i = 0; i < frames; i++) {
      el.scrollTop = el.scrollTop + pixelsPerFrame;
      const now = await next();
      intervals.push(now - last);
      last = now;
      maxRows = Math.max(maxRows, el.querySelectorAll('.row').length);
    }
    return { intervals, maxRows };
  };
})();`;

/** ms from the navigation start: the page's trace API response (search or waterfall) complete, its rows in the DOM, painted. */
export interface FirstRows {
  api: number;
  dom: number;
  painted: number;
}

/** Loads `url` in a fresh navigation and times its first rows. */
export async function timeToFirst(page: Page, url: string, mark: Watched): Promise<FirstRows> {
  await page.goto(url);
  const handle = await page.waitForFunction(
    (name) => {
      const marks = (globalThis as unknown as BenchGlobals).__benchMarks;
      const painted = marks?.[`${name}Painted`];
      return painted === undefined ? false : [marks![`${name}Api`]!, marks![name]!, painted];
    },
    mark,
    { timeout: 120_000 },
  );
  const [api, dom, painted] = (await handle.jsonValue()) as number[];
  return { api: api!, dom: dom!, painted: painted! };
}

/** Scrolls the waterfall `pixelsPerFrame` further on each of `frames` animation frames. */
export function scrollWaterfall(page: Page, frames: number, pixelsPerFrame: number): Promise<ScrollRun> {
  return page.evaluate(
    ([f, px]) => (globalThis as unknown as BenchGlobals).__benchScroll(f!, px!),
    [frames, pixelsPerFrame],
  );
}
