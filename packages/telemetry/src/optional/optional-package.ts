// Optional peer dependencies (the gRPC and JSON exporters, the extra propagators, the cloud resource detectors) are
// loaded only when the configuration names them. setupTelemetry() is synchronous, so they are loaded with
// require(): the OpenTelemetry packages are CommonJS, and Node's ESM loader resolves them to the same CommonJS
// build, so this is the very module instance an `import` would give. A missing one is a TelemetryError naming the
// package to install and why it is needed.
import { createRequire } from 'node:module';
import { TelemetryError } from '../telemetry-error.js';

const requireHere = createRequire(import.meta.url);

/** How to load a module by name; tests pass a require rooted elsewhere to simulate a missing package. */
export type ModuleRequire = (id: string) => unknown;

/** The range package.json declares for peer `name` (src/ and dist/ are both two levels below it). */
function peerRange(name: string): string | undefined {
  const manifest = requireHere('../../package.json') as { peerDependencies?: Record<string, string> };
  return manifest.peerDependencies?.[name];
}

function isMissing(error: unknown, name: string): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return (
    (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${name}'`)
  );
}

/**
 * Loads the optional package `name`, needed because of `reason` (e.g. `OTEL_EXPORTER_OTLP_PROTOCOL=grpc`).
 *
 * @example
 * const { B3Propagator } = loadOptional<typeof import('@opentelemetry/propagator-b3')>(
 *   '@opentelemetry/propagator-b3', 'OTEL_PROPAGATORS=b3');
 */
export function loadOptional<T>(name: string, reason: string, load: ModuleRequire = requireHere): T {
  try {
    return load(name) as T;
  } catch (error) {
    if (!isMissing(error, name)) throw error;
    const range = peerRange(name);
    throw new TelemetryError(
      'SKEIN_TELEMETRY_MISSING_PACKAGE',
      `${reason} needs ${name}, which is not installed: npm install ${range ? `'${name}@${range}'` : name}`,
    );
  }
}

/** Whether `name` can be loaded (without loading it). */
export function isInstalled(name: string, resolve: (id: string) => string = requireHere.resolve): boolean {
  try {
    resolve(name);
    return true;
  } catch {
    return false;
  }
}
