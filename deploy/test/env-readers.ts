// The environment variables Skein's code actually reads, taken from the code itself: @skein/telemetry's
// resolveConfig is run against an environment that records every name it looks up, and the shop's one config
// reader (examples/shop/src/shared/config.ts) declares its variables as the keys of one zod object.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '@skein/telemetry';
import { repoRoot } from './deploy-files.js';

/** Every OTEL_* name resolveConfig consults, including the per-signal ones. */
export function telemetryEnvNames(): Set<string> {
  const seen = new Set<string>();
  const recorder = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') seen.add(name);
        return undefined;
      },
    },
  );
  resolveConfig({}, recorder);
  return seen;
}

/** The variables of the shop's env schema (`const envSchema = z.object({ NAME: …, })`). */
export function shopEnvNames(): Set<string> {
  const source = readFileSync(join(repoRoot, 'examples/shop/src/shared/config.ts'), 'utf8');
  const schema = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source);
  if (!schema) throw new Error('examples/shop/src/shared/config.ts no longer declares `const envSchema`');
  return new Set([...schema[1]!.matchAll(/^\s+([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
}

/** Names a shop service process reads: its own settings and the telemetry SDK's. */
export function serviceEnvNames(): Set<string> {
  return new Set([...telemetryEnvNames(), ...shopEnvNames()]);
}
