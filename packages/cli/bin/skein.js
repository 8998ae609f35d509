#!/usr/bin/env node
// The `skein` executable npm links at install time: runs the built CLI (`npm run build` or `npm start` builds it).
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error(
    "skein: the CLI is not built yet: run 'npm run build' (or 'npm start') in the repository first",
  );
  process.exit(1);
}
await import(main.href);
