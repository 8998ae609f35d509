// Builds the SPA into a temporary folder for a suite, so the browser tests never depend on a stale
// dist/web (CI runs the tests without `npm run build`).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const APP_ROOT = fileURLToPath(new URL('../src/ui/app', import.meta.url));

export interface BuiltBundle {
  dir: string;
  remove(): void;
}

export async function buildUiBundle(): Promise<BuiltBundle> {
  const parent = mkdtempSync(join(tmpdir(), 'skein-ui-bundle-'));
  const dir = join(parent, 'web');
  await build({ root: APP_ROOT, logLevel: 'silent', build: { outDir: dir, emptyOutDir: true } });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
