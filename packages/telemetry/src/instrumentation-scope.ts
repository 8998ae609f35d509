// The instrumentation scope of every tracer, meter and logger Skein creates: the package name and version
// (`otel.scope.name` / `otel.scope.version` in Jaeger's terms).
import { VERSION } from './version.js';

export const INSTRUMENTATION_SCOPE = { name: '@skein/telemetry', version: VERSION } as const;
