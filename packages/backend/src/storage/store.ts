// The storage interface: receivers write validated OTLP batches, the query layer reads records back.
// The embedded SQLite engine (./sqlite) is one implementation.
import type {
  InstrumentationScope,
  LogRecord,
  Resource,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
  Span,
} from '../otlp/model.js';
import type { SpanRows } from '../otlp/span-rows.js';

/** A span with the resource and scope it was reported under. */
export interface StoredSpan {
  span: Span;
  resource: StoredResource;
  scope: StoredScope;
}

export interface StoredResource {
  resource: Resource;
  schemaUrl: string;
  serviceName: string;
}

export interface StoredScope {
  scope: InstrumentationScope;
  schemaUrl: string;
}

export interface StoredLog {
  log: LogRecord;
  resource: StoredResource;
  scope: StoredScope;
}

export type MetricType = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

export interface StoredMetricPoint {
  service: string;
  name: string;
  description: string;
  unit: string;
  type: MetricType;
  aggregationTemporality: number;
  isMonotonic: boolean;
  /** The data point, decoded (NumberDataPoint, HistogramDataPoint, … by type). */
  point: Record<string, unknown>;
  resource: StoredResource;
  scope: StoredScope;
}

/** An attribute condition: `key` equals `value` (strings compared as given, numbers and bools parsed). */
export interface AttributeFilter {
  key: string;
  value: string;
}

/** Time in microseconds since the epoch, as Jaeger's API speaks. */
export interface TimeRange {
  startUs: number;
  endUs: number;
}

export interface SpanQuery extends TimeRange {
  service?: string;
  operation?: string;
  /** Span kinds as OTLP numbers (1 internal … 5 consumer). */
  kinds?: number[];
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status?: number;
  minDurationUs?: number;
  maxDurationUs?: number;
  /** All must hold on one span (its attributes, events, links) or its resource. */
  attributes?: AttributeFilter[];
  limit: number;
}

export interface LogQuery extends TimeRange {
  service?: string;
  traceId?: Uint8Array;
  spanId?: Uint8Array;
  minSeverity?: number;
  /** Case-sensitive text found anywhere in the record (body, attributes). */
  text?: string;
  limit: number;
}

export interface MetricQuery extends TimeRange {
  service: string;
  name: string;
  limit: number;
}

export interface Operation {
  name: string;
  /** OTLP span kind number. */
  kind: number;
}

/** A service-to-service edge: `parent` called `child` `callCount` times, `errorCount` of them failed. */
export interface ServiceEdge {
  parent: string;
  child: string;
  callCount: number;
  errorCount: number;
}

/** The fields RED metrics are computed from. */
export interface SpanTiming {
  name: string;
  startUs: number;
  durationUs: number;
  status: number;
}

/** A span's place in its trace, read from the index columns alone (the waterfall's outline). */
export interface SpanOutline {
  spanId: Buffer;
  parentSpanId: Buffer | null;
  service: string;
  name: string;
  kind: number;
  startUs: number;
  durationUs: number;
  status: number;
}

export interface RetentionResult {
  spans: number;
  logs: number;
  points: number;
}

export interface WriteResult {
  written: number;
}

/** The records of one Export request, by signal. */
export type TelemetryBatch =
  | { signal: 'traces'; batch: ResourceSpans[] }
  | { signal: 'logs'; batch: ResourceLogs[] }
  | { signal: 'metrics'; batch: ResourceMetrics[] }
  /** Spans already flattened to their columns (protobuf trace requests, decoded on another thread). */
  | { signal: 'spanRows'; batch: SpanRows };

/** Durable telemetry storage: every write returns only after the data is committed. */
export interface TelemetryStore {
  /** Writes several requests' records in one transaction: all of them are committed, or none. */
  write(batches: TelemetryBatch[]): WriteResult;
  writeSpans(batch: ResourceSpans[]): WriteResult;
  writeLogs(batch: ResourceLogs[]): WriteResult;
  writeMetrics(batch: ResourceMetrics[]): WriteResult;

  services(): string[];
  operations(service: string, kind?: number): Operation[];
  /** Every span of one trace, in start order. */
  trace(traceId: Uint8Array): StoredSpan[];
  /** Every span of one trace without its attributes, events or links, in start order; no decoding. */
  traceOutline(traceId: Uint8Array): SpanOutline[];
  /** One span of a trace, or undefined. */
  span(traceId: Uint8Array, spanId: Uint8Array): StoredSpan | undefined;
  /** Ids of traces with at least one matching span, most recent first. */
  findTraceIds(query: SpanQuery): Uint8Array[];
  /** Matching spans (any span, not only roots), most recent first. */
  findSpans(query: SpanQuery): StoredSpan[];
  spanTimings(query: SpanQuery): SpanTiming[];
  serviceEdges(range: TimeRange): ServiceEdge[];
  findLogs(query: LogQuery): StoredLog[];
  metricNames(service: string): { name: string; type: MetricType; unit: string }[];
  findMetricPoints(query: MetricQuery): StoredMetricPoint[];

  /** Deletes data older than `maxAgeMs` before `nowMs`, then the oldest data while over `maxBytes`. */
  applyRetention(nowMs: number, maxAgeMs: number, maxBytes: number): RetentionResult;
  /** Bytes the stored data occupies. */
  sizeBytes(): number;
  close(): void;
}
