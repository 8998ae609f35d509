// The minimal span and log shapes the trace tree renders: what both the development exporter (from SDK spans)
// and the `skein traces` command (from the query API's JSON) can fill in.

export type TreeSpanStatus = 'unset' | 'ok' | 'error';

export interface TreeSpan {
  traceId: string;
  spanId: string;
  /** Absent for a root; a parent that is not among the rendered spans makes the span a root too. */
  parentSpanId?: string;
  name: string;
  service: string;
  /** Microseconds since the epoch. */
  startUs: number;
  durationUs: number;
  status: TreeSpanStatus;
  statusMessage?: string;
  /** Span attributes; only the keys the tree shows are read (see KEY_ATTRIBUTES). */
  attributes: Readonly<Record<string, unknown>>;
}

export interface TreeLog {
  /** The span the record was written in; a record without one is listed after the tree. */
  spanId?: string;
  timeUs: number;
  severity: string;
  body: string;
}
