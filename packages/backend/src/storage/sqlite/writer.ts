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
  Span,
} from '../../otlp/model.js';
import { durationMicros, nanosToMicros, serviceName } from '../../otlp/model.js';
import { pb } from '../../otlp/proto.js';
import { COL, SPAN_COLUMNS, type SpanRows } from '../../otlp/span-rows.js';
import { ENCODED, type SpanWithEncoding, WireSpan } from '../../otlp/trace-request-reader.js';
import type { MetricType, TelemetryBatch } from '../store.js';
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
  private readonly tx: Database.Transaction<(batches: TelemetryBatch[]) => number>;

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
    this.tx = db.transaction((batches: TelemetryBatch[]) => {
      let written = 0;
      for (const { signal, batch } of batches) {
        if (signal === 'spanRows') written += this.spanRows(batch);
        else if (signal === 'traces') written += this.spans(batch);
        else if (signal === 'logs') written += this.logs(batch);
        else written += this.metrics(batch);
      }
      return written;
    });
  }

  /**
   * Writes the batches in one IMMEDIATE transaction (one commit for several requests is what makes group
   * commit pay); on failure the in-memory caches forget what rolled back.
   */
  write(batches: TelemetryBatch[]): number {
    try {
      return this.tx.immediate(batches);
    } catch (err) {
      this.catalog.forgetUncommitted();
      this.knownOperations.clear();
      this.knownMetrics.clear();
      throw err;
    }
  }

  private spans(batch: ResourceSpans[]): number {
    let written = 0;
    for (const rs of batch) {
      const service = serviceName(rs.resource);
      const resourceId = this.catalog.resourceId(rs.resource, rs.schemaUrl, service);
      for (const ss of rs.scopeSpans) {
        const scopeId = this.catalog.scopeId(ss.scope, ss.schemaUrl);
        for (const span of ss.spans) {
          this.addSpan(span, service, resourceId, scopeId);
          written++;
        }
      }
    }
    return written;
  }

  private spanRows(rows: SpanRows): number {
    const { columns, bytes } = rows;
    const ids = rows.groups.map((g) => [
      this.catalog.resourceIdOf(g.resource, g.resourceSchemaUrl, g.service),
      this.catalog.scopeIdOf(g.scope, g.scopeSchemaUrl),
    ]);
    // Plain Uint8Array views: cheaper to make than Buffers, and bound the same way.
    const view = (offset: number, length: number): Uint8Array => new Uint8Array(bytes, offset, length);
    for (let i = 0, at = 0; i < rows.count; i++, at += SPAN_COLUMNS) {
      const group = rows.groups[columns[at + COL.group]!]!;
      const [resourceId, scopeId] = ids[columns[at + COL.group]!]!;
      const parent = columns[at + COL.parentSpanId]!;
      this.insertSpan.run(
        rows.traceKeys[i],
        view(columns[at + COL.traceId]!, 16),
        view(columns[at + COL.spanId]!, 8),
        parent < 0 ? null : view(parent, 8),
        group.service,
        rows.names[columns[at + COL.name]!],
        columns[at + COL.kind],
        columns[at + COL.startUs],
        columns[at + COL.durationUs],
        columns[at + COL.status],
        resourceId,
        scopeId,
        view(columns[at + COL.data]!, columns[at + COL.dataLength]!),
      );
    }
    for (const [service, name, kind] of rows.operations) this.noteOperation(service, name, kind);
    return rows.count;
  }

  private noteOperation(service: string, name: string, kind: number): void {
    const op = `${service}\n${name}\n${kind}`;
    if (!this.knownOperations.has(op)) {
      this.insertOperation.run(service, name, kind);
      this.knownOperations.add(op);
    }
  }

  private addSpan(span: Span, service: string, resourceId: number, scopeId: number): void {
    const wire = span instanceof WireSpan;
    this.insertSpan.run(
      traceKey(span.traceId),
      asBuffer(span.traceId),
      asBuffer(span.spanId),
      span.parentSpanId.length === 8 ? asBuffer(span.parentSpanId) : null,
      service,
      span.name,
      span.kind,
      wire ? span.startUs : nanosToMicros(span.startTimeUnixNano),
      wire ? span.durationUs : durationMicros(span.startTimeUnixNano, span.endTimeUnixNano),
      span.status?.code ?? 0,
      resourceId,
      scopeId,
      (span as SpanWithEncoding)[ENCODED] ?? pb.Span.encode(span).finish(),
    );
    this.noteOperation(service, span.name, span.kind);
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
