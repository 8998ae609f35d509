// Builds the SPA into a temporary folder for a suite, so the browser tests never depend on a stale
// dist/web (CI runs the tests without `npm run build`).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
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

/** Each file of a built bundle with its raw and gzip -9 size in bytes, and the totals. */
export function bundleSizes(dir: string): {
  files: { path: string; bytes: number; gzip: number }[];
  gzip: number;
} {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const data = readFileSync(join(entry.parentPath, entry.name));
      return {
        path: relative(dir, join(entry.parentPath, entry.name)),
        bytes: data.length,
        gzip: gzipSync(data, { level: 9 }).length,
      };
    })
    .sort((a, b) => a.path.localeCompare(b.path));
  return { files, gzip: files.reduce((sum, f) => sum + f.gzip, 0) };
}
