// The errors setupTelemetry() throws, each with a stable code: a configuration it cannot carry out. (An invalid
// value is not one of them: it is a warning and the default applies.)
export type TelemetryErrorCode =
  /** An optional peer dependency the configuration needs is not installed. */
  | 'SKEIN_TELEMETRY_MISSING_PACKAGE'
  /** OTEL_CONFIG_FILE cannot be read, is not valid, or asks for what Skein does not support. */
  | 'SKEIN_TELEMETRY_CONFIG_FILE';

export class TelemetryError extends Error {
  override readonly name = 'TelemetryError';

  constructor(
    readonly code: TelemetryErrorCode,
    message: string,
  ) {
    super(message);
  }
}
