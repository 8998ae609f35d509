// The version of @skein/telemetry: the instrumentation scope version of its tracers and meters and
// telemetry.distro.version on the resource. version.test.ts keeps it equal to package.json's.
export const VERSION = '0.1.0';
