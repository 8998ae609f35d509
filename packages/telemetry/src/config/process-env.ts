// The single read of process.env in @skein/telemetry; everything else receives a TelemetryConfig.

export function readProcessEnv(): Record<string, string | undefined> {
  return process.env;
}
