// The write path: one transaction per Export request, prepared statements, each record stored as its own
// protobuf encoding plus the few columns queries filter on.
import type Database from 'better-sqlite3';
import type {
  DataPoint,
  Int64,
  Metric,
  ResourceLogs,
  ResourceMetrics,
  ResourceSpans,
} from '../../otlp/model.js';
import { durationMicros, nanosToMicros, serviceName } from '../../otlp/model.js';
import { pb } from '../../otlp/proto.js';
import { ENCODED, type SpanWithEncoding } from '../../otlp/trace-request-reader.js';
import type { MetricType } from '../store.js';
import type { Catalog } from './catalog.js';
import { traceKey } from './schema.js';

const POINT_TYPES = {
  gauge: pb.NumberDataPoint,
  sum: pb.NumberDataPoint,
  histogram: pb.HistogramDataPoint,
  exponentialHistogram: pb.ExponentialHistogramDataPoint,
  summary: pb.SummaryDataPoint,
} as const;

export const METRIC_TYPES = Object.keys(POINT_TYPES) as MetricType[];

/** The protobuf type a stored data point of this metric type is encoded with. */
export function pointType(type: MetricType): (typeof POINT_TYPES)[MetricType] {
  return POINT_TYPES[type];
}

function toNumber(value: Int64): number {
  return typeof value === 'number' ? value : value.toNumber();
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class Writer {
  private readonly insertSpan: Database.Statement;
  private readonly insertOperation: Database.Statement;
  private readonly insertLog: Database.Statement;
  private readonly insertPoint: Database.Statement;
  private readonly insertMetric: Database.Statement;
  private readonly knownOperations = new Set<string>();
  private readonly knownMetrics = new Set<string>();
  private readonly spansTx: (batch: ResourceSpans[]) => number;
  private readonly logsTx: (batch: ResourceLogs[]) => number;
  private readonly metricsTx: (batch: ResourceMetrics[]) => number;

  constructor(
    private readonly db: Database.Database,
    private readonly catalog: Catalog,
  ) {
    this.insertSpan = db.prepare(
      `INSERT INTO spans (trace_key, trace_id, span_id, parent_span_id, service, name, kind, start_us, duration_us,
        status, resource_id, scope_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertOperation = db.prepare(
      'INSERT OR IGNORE INTO operations (service, name, kind) VALUES (?, ?, ?)',
    );
    this.insertLog = db.prepare(
      `INSERT INTO logs (time_us, service, severity, trace_id, span_id, resource_id, scope_id, data)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertPoint = db.prepare(
      `INSERT INTO metric_points (service, name, type, description, unit, temporality, monotonic, time_us,
        resource_id, scope_id, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertMetric = db.prepare(
      'INSERT OR IGNORE INTO metrics (service, name, type, unit) VALUES (?, ?, ?, ?)',
    );
    for (const row of db.prepare('SELECT service, name, kind FROM operations').all() as {
      service: string;
      name: string;
      kind: number;
    }[]) {
      this.knownOperations.add(`${row.service}\n${row.name}\n${row.kind}`);
    }
    this.spansTx = this.transaction((batch: ResourceSpans[]) => this.spans(batch));
    this.logsTx = this.transaction((batch: ResourceLogs[]) => this.logs(batch));
    this.metricsTx = this.transaction((batch: ResourceMetrics[]) => this.metrics(batch));
  }

  writeSpans(batch: ResourceSpans[]): number {
    return this.spansTx(batch);
  }
  writeLogs(batch: ResourceLogs[]): number {
    return this.logsTx(batch);
  }
  writeMetrics(batch: ResourceMetrics[]): number {
    return this.metricsTx(batch);
  }

  /** Wraps a write in one IMMEDIATE transaction; on failure the in-memory caches forget what rolled back. */
  private transaction<T>(write: (batch: T) => number): (batch: T) => number {
    const tx = this.db.transaction(write);
    return (batch) => {
      try {
        return tx.immediate(batch);
      } catch (err) {
        this.catalog.forgetUncommitted();
        this.knownOperations.clear();
        this.knownMetrics.clear();
        throw err;
      }
    };
  }

  private spans(batch: ResourceSpans[]): number {
    let written = 0;
    for (const rs of batch) {
      const service = serviceName(rs.resource);
      const resourceId = this.catalog.resourceId(rs.resource, rs.schemaUrl, service);
      for (const ss of rs.scopeSpans) {
        const scopeId = this.catalog.scopeId(ss.scope, ss.schemaUrl);
        for (const span of ss.spans) {
          const startUs = nanosToMicros(span.startTimeUnixNano);
          const durationUs = durationMicros(span.startTimeUnixNano, span.endTimeUnixNano);
          this.insertSpan.run(
            traceKey(span.traceId),
            asBuffer(span.traceId),
            asBuffer(span.spanId),
            span.parentSpanId.length === 8 ? asBuffer(span.parentSpanId) : null,
            service,
            span.name,
            span.kind,
            startUs,
            durationUs,
            span.status?.code ?? 0,
            resourceId,
            scopeId,
            (span as SpanWithEncoding)[ENCODED] ?? pb.Span.encode(span).finish(),
          );
          const op = `${service}\n${span.name}\n${span.kind}`;
          if (!this.knownOperations.has(op)) {
            this.insertOperation.run(service, span.name, span.kind);
            this.knownOperations.add(op);
          }
          written++;
        }
      }
    }
    return written;
  }

  private logs(batch: ResourceLogs[]): number {
    let written = 0;
    for (const rl of batch) {
      const service = serviceName(rl.resource);
      const resourceId = this.catalog.resourceId(rl.resource, rl.schemaUrl, service);
      for (const sl of rl.scopeLogs) {
        const scopeId = this.catalog.scopeId(sl.scope, sl.schemaUrl);
        for (const log of sl.logRecords) {
          const time = toNumber(log.timeUnixNano) !== 0 ? log.timeUnixNano : log.observedTimeUnixNano;
          this.insertLog.run(
            nanosToMicros(time),
            service,
            log.severityNumber,
            log.traceId.length === 16 ? asBuffer(log.traceId) : null,
            log.spanId.length === 8 ? asBuffer(log.spanId) : null,
            resourceId,
            scopeId,
            pb.LogRecord.encode(log).finish(),
          );
          written++;
        }
      }
    }
    return written;
  }

  private metrics(batch: ResourceMetrics[]): number {
    let written = 0;
    for (const rm of batch) {
      const service = serviceName(rm.resource);
      const resourceId = this.catalog.resourceId(rm.resource, rm.schemaUrl, service);
      for (const sm of rm.scopeMetrics) {
        const scopeId = this.catalog.scopeId(sm.scope, sm.schemaUrl);
        for (const metric of sm.metrics) written += this.metric(metric, service, resourceId, scopeId);
      }
    }
    return written;
  }

  private metric(metric: Metric, service: string, resourceId: number, scopeId: number): number {
    const type = METRIC_TYPES.find((t) => metric[t]);
    if (!type) return 0;
    const data = metric[type] as {
      dataPoints: DataPoint[];
      aggregationTemporality?: number;
      isMonotonic?: boolean;
    };
    const encoder = POINT_TYPES[type];
    const key = `${service}\n${metric.name}\n${type}\n${metric.unit}`;
    if (!this.knownMetrics.has(key)) {
      this.insertMetric.run(service, metric.name, type, metric.unit);
      this.knownMetrics.add(key);
    }
    for (const point of data.dataPoints) {
      this.insertPoint.run(
        service,
        metric.name,
        type,
        metric.description,
        metric.unit,
        data.aggregationTemporality ?? 0,
        data.isMonotonic ? 1 : 0,
        nanosToMicros(point.timeUnixNano),
        resourceId,
        scopeId,
        encoder.encode(point).finish(),
      );
    }
    return data.dataPoints.length;
  }
}
