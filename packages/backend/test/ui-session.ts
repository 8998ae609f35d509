// One browser-suite session: the SPA built into a temp folder, a real backend serving it (optionally
// token-protected) filled with the known fixtures over OTLP/HTTP, and a Chromium page; all removed on close.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startBackend, type BackendOptions, type RunningBackend } from '../src/index.js';
import { createUiHandler } from '../src/ui/serve.js';
import { launchChromium, type LaunchedBrowser } from './ui-browser.js';
import { buildUiBundle, type BuiltBundle } from './ui-bundle.js';
import { storeFixtures } from './ui-fixture.js';

/** Set to a folder (docs/screenshots) to save a PNG of each page. */
const SCREENSHOTS = process.env.SKEIN_UI_SCREENSHOTS;

export interface UiSession {
  bundle: BuiltBundle;
  backend: RunningBackend;
  page: Page;
  /** The UI (and query API) origin. */
  base: string;
  /** The OTLP/HTTP receiver origin. */
  otlp: string;
  /** Console errors and uncaught page errors seen so far. */
  consoleErrors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A backend on loopback (free ports) storing in `dataDir` and serving the bundle in `bundleDir`. */
export function startUiBackend(
  bundleDir: string,
  dataDir: string,
  options: Pick<BackendOptions, 'token' | 'maxSize'> = {},
): Promise<RunningBackend> {
  return startBackend({
    host: '127.0.0.1',
    grpcPort: 0,
    httpPort: 0,
    uiPort: 0,
    dataDir,
    ...options,
    ui: createUiHandler(bundleDir),
    log: () => {},
  });
}

export async function startUiSession(token?: string): Promise<UiSession> {
  const bundle = await buildUiBundle();
  const dataDir = mkdtempSync(join(tmpdir(), 'skein-ui-data-'));
  let backend: RunningBackend | undefined;
  let chromium: LaunchedBrowser | undefined;
  const close = async (): Promise<void> => {
    await chromium?.close();
    await backend?.stop();
    bundle.remove();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    backend = await startUiBackend(bundle.dir, dataDir, { token });
    const otlp = `http://127.0.0.1:${backend.httpPort}`;
    await storeFixtures(otlp, 60_000, token);
    chromium = await launchChromium();
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    const consoleErrors: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(err.message));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
    return {
      bundle,
      backend,
      page,
      base: `http://127.0.0.1:${backend.uiPort}`,
      otlp,
      consoleErrors,
      async screenshot(name) {
        if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
