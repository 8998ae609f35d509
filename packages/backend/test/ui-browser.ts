// Headless Debian Chromium for the UI suites, driven by playwright-core (which never downloads a browser).
// Skips outside CI when chromium is missing; fails under CI=true.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemDependency } from '@skein/testkit';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumDependency = systemDependency('chromium', 'apt-get install chromium');

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches chromium (light colour scheme, 1280×800) with a fresh profile that is removed on close. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'skein-chromium-'));
  // A persistent context is how playwright takes a --user-data-dir: here a fresh one per launch.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumDependency.path ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
