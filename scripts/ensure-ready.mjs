#!/usr/bin/env node
// Runs before `npm start`: installs from the lockfile when node_modules is missing or stale, then builds
// what is out of date, so `npm start` works on a fresh clone with nothing run before it.
import { execSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });
const mtime = (p) => (existsSync(root + p) ? statSync(root + p).mtimeMs : 0);

if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json')) {
  console.log('skein: installing dependencies from the lockfile (npm ci)…');
  execSync('npm ci --no-audit --no-fund', {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, npm_config_build_from_source: 'true' },
  });
}
console.log('skein: building…');
run('npm run --silent build');
