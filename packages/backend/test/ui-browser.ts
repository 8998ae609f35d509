// Headless Debian Chromium for the UI suites, driven by playwright-core (which never downloads a browser).
// Skips outside CI when chromium is missing; fails under CI=true.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemDependency } from '@skein/testkit';
import { chromium, type Browser } from 'playwright-core';

export const chromiumDependency = systemDependency('chromium', 'apt-get install chromium');

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Launches chromium with a fresh profile that is removed on close. */
export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'skein-chromium-'));
  const browser = await chromium.launch({
    executablePath: chromiumDependency.path ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
