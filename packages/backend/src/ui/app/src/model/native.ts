// Shapes of the backend's native API (/api/skein/…, docs/api.md) that the UI reads.

export interface LogRecord {
  /** Microseconds since the epoch. */
  timestamp: number;
  severityText: string;
  severityNumber: number;
  body: string;
  service: string;
  traceId: string | undefined;
  spanId: string | undefined;
  attributes: Record<string, unknown>;
}
