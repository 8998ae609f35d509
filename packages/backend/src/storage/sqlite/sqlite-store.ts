// The embedded storage engine: one SQLite database (better-sqlite3) in the data directory.
import type Database from 'better-sqlite3';
import type { LogRecord, ResourceLogs, ResourceMetrics, ResourceSpans, Span } from '../../otlp/model.js';
import { pb } from '../../otlp/proto.js';
import type {
  LogQuery,
  MetricQuery,
  MetricType,
  Operation,
  RetentionResult,
  ServiceEdge,
  SpanQuery,
  SpanOutline,
  SpanTiming,
  StoredLog,
  StoredMetricPoint,
  StoredSpan,
  TelemetryBatch,
  TelemetryStore,
  TimeRange,
  WriteResult,
} from '../store.js';
import { Catalog } from './catalog.js';
import { openDatabase } from './open-database.js';
import { Retention } from './retention.js';
import { openSchema, traceKey } from './schema.js';
import { spanFilter } from './span-filter.js';
import { pointType, Writer } from './writer.js';

interface RecordRow {
  resource_id: number;
  scope_id: number;
  data: Buffer;
}

export { DATABASE_FILE } from './open-database.js';

export class SqliteStore implements TelemetryStore {
  private readonly db: Database.Database;
  private readonly catalog: Catalog;
  private readonly writer: Writer;
  private readonly retention: Retention;
  private readonly statements = new Map<string, Database.Statement>();

  /** Opens (creating if needed) `skein.db` in `dataDir`. */
  constructor(dataDir: string) {
    this.db = openDatabase(dataDir);
    openSchema(this.db);
    this.catalog = new Catalog(this.db);
    this.writer = new Writer(this.db, this.catalog);
    this.retention = new Retention(this.db);
  }

  write(batches: TelemetryBatch[]): WriteResult {
    return { written: this.writer.write(batches) };
  }
  writeSpans(batch: ResourceSpans[]): WriteResult {
    return this.write([{ signal: 'traces', batch }]);
  }
  writeLogs(batch: ResourceLogs[]): WriteResult {
    return this.write([{ signal: 'logs', batch }]);
  }
  writeMetrics(batch: ResourceMetrics[]): WriteResult {
    return this.write([{ signal: 'metrics', batch }]);
  }

  services(): string[] {
    return this.prepare('SELECT DISTINCT service FROM operations ORDER BY service').pluck().all() as string[];
  }

  operations(service: string, kind?: number): Operation[] {
    const sql =
      kind === undefined
        ? 'SELECT name, kind FROM operations WHERE service = ? ORDER BY name, kind'
        : 'SELECT name, kind FROM operations WHERE service = ? AND kind = ? ORDER BY name';
    const params = kind === undefined ? [service] : [service, kind];
    return this.prepare(sql).all(...params) as Operation[];
  }

  trace(traceId: Uint8Array): StoredSpan[] {
    const rows = this.prepare(
      'SELECT resource_id, scope_id, data FROM spans WHERE trace_key = ? AND trace_id = ? ORDER BY start_us',
    ).all(traceKey(traceId), Buffer.from(traceId)) as RecordRow[];
    return rows.map((row) => this.storedSpan(row));
  }

  traceOutline(traceId: Uint8Array): SpanOutline[] {
    return this.prepare(
      `SELECT span_id AS spanId, parent_span_id AS parentSpanId, service, name, kind, start_us AS startUs,
         duration_us AS durationUs, status FROM spans WHERE trace_key = ? AND trace_id = ? ORDER BY start_us`,
    ).all(traceKey(traceId), Buffer.from(traceId)) as SpanOutline[];
  }

  span(traceId: Uint8Array, spanId: Uint8Array): StoredSpan | undefined {
    const row = this.prepare(
      'SELECT resource_id, scope_id, data FROM spans WHERE trace_key = ? AND trace_id = ? AND span_id = ?',
    ).get(traceKey(traceId), Buffer.from(traceId), Buffer.from(spanId)) as RecordRow | undefined;
    return row && this.storedSpan(row);
  }

  findTraceIds(query: SpanQuery): Uint8Array[] {
    const seen = new Map<string, Buffer>();
    if (query.limit <= 0) return [];
    for (const row of this.newestFirst<{ trace_id: Buffer }>(query, 'trace_id')) {
      const key = row.trace_id.toString('hex');
      if (!seen.has(key)) seen.set(key, row.trace_id);
      if (seen.size >= query.limit) break;
    }
    return [...seen.values()];
  }

  findSpans(query: SpanQuery): StoredSpan[] {
    const spans: StoredSpan[] = [];
    if (query.limit <= 0) return spans;
    for (const row of this.newestFirst<RecordRow>(query, 'resource_id, scope_id, data')) {
      spans.push(this.storedSpan(row));
      if (spans.length >= query.limit) break;
    }
    return spans;
  }

  spanTimings(query: SpanQuery): SpanTiming[] {
    const timings: SpanTiming[] = [];
    for (const service of this.servicesOf(query)) {
      const { where, params } = spanFilter(query, service);
      const rows = this.prepare(
        `SELECT name, start_us AS startUs, duration_us AS durationUs, status FROM spans WHERE ${where} LIMIT ?`,
      ).all(...params, query.limit - timings.length) as SpanTiming[];
      timings.push(...rows);
      if (timings.length >= query.limit) break;
    }
    return timings;
  }

  serviceEdges(range: TimeRange): ServiceEdge[] {
    return this.prepare(
      `SELECT p.service AS parent, c.service AS child, count(*) AS callCount, sum(c.status = 2) AS errorCount
       FROM spans c JOIN spans p
         ON p.trace_key = c.trace_key AND p.trace_id = c.trace_id AND p.span_id = c.parent_span_id
       WHERE c.service IN (SELECT DISTINCT service FROM operations) AND c.start_us >= ? AND c.start_us <= ?
         AND c.parent_span_id IS NOT NULL AND p.service <> c.service
       GROUP BY p.service, c.service ORDER BY p.service, c.service`,
    ).all(range.startUs, range.endUs) as ServiceEdge[];
  }

  findLogs(query: LogQuery): StoredLog[] {
    const clauses = ['time_us >= ?', 'time_us <= ?'];
    const params: unknown[] = [query.startUs, query.endUs];
    const add = (clause: string, value: unknown): void => {
      clauses.push(clause);
      params.push(value);
    };
    if (query.traceId) add('trace_id = ?', Buffer.from(query.traceId));
    if (query.spanId) add('span_id = ?', Buffer.from(query.spanId));
    if (query.service !== undefined) add('service = ?', query.service);
    if (query.minSeverity !== undefined) add('severity >= ?', query.minSeverity);
    if (query.text) add('instr(data, ?) > 0', Buffer.from(query.text, 'utf8'));
    const rows = this.prepare(
      `SELECT resource_id, scope_id, data FROM logs WHERE ${clauses.join(' AND ')} ORDER BY time_us DESC LIMIT ?`,
    ).all(...params, query.limit) as RecordRow[];
    return rows.map((row) => ({
      log: pb.LogRecord.decode(row.data) as unknown as LogRecord,
      resource: this.catalog.resource(row.resource_id),
      scope: this.catalog.scope(row.scope_id),
    }));
  }

  metricNames(service: string): { name: string; type: MetricType; unit: string }[] {
    return this.prepare('SELECT name, type, unit FROM metrics WHERE service = ? ORDER BY name').all(
      service,
    ) as {
      name: string;
      type: MetricType;
      unit: string;
    }[];
  }

  findMetricPoints(query: MetricQuery): StoredMetricPoint[] {
    const rows = this.prepare(
      `SELECT service, name, type, description, unit, temporality, monotonic, resource_id, scope_id, data
       FROM metric_points WHERE service = ? AND name = ? AND time_us >= ? AND time_us <= ?
       ORDER BY time_us LIMIT ?`,
    ).all(query.service, query.name, query.startUs, query.endUs, query.limit) as (RecordRow & {
      service: string;
      name: string;
      type: MetricType;
      description: string;
      unit: string;
      temporality: number;
      monotonic: number;
    })[];
    return rows.map((row) => ({
      service: row.service,
      name: row.name,
      type: row.type,
      description: row.description,
      unit: row.unit,
      aggregationTemporality: row.temporality,
      isMonotonic: row.monotonic === 1,
      point: pointType(row.type).decode(row.data) as unknown as Record<string, unknown>,
      resource: this.catalog.resource(row.resource_id),
      scope: this.catalog.scope(row.scope_id),
    }));
  }

  applyRetention(nowMs: number, maxAgeMs: number, maxBytes: number): RetentionResult {
    return this.retention.run(nowMs, maxAgeMs, maxBytes);
  }

  /** Copies committed WAL frames into the database without waiting for readers or the writer (PASSIVE). */
  checkpoint(): void {
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  sizeBytes(): number {
    return this.retention.sizeBytes();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private servicesOf(query: SpanQuery): string[] {
    return query.service !== undefined ? [query.service] : this.services();
  }

  /**
   * Matching rows, most recent first, streamed: one index range scan per service, merged by start time, so
   * a search stops as soon as it has enough rows instead of sorting every match.
   */
  private *newestFirst<T>(query: SpanQuery, columns: string): Generator<T> {
    const services = this.servicesOf(query);
    const iterators = services.map((service) => {
      const { where, params } = spanFilter(query, service);
      const sql = `SELECT start_us, ${columns} FROM spans WHERE ${where} ORDER BY start_us DESC`;
      // Concurrent iterations need their own statement objects; a single one can come from the cache.
      const statement = services.length === 1 ? this.prepare(sql) : this.db.prepare(sql);
      return statement.iterate(...params) as IterableIterator<T & { start_us: number }>;
    });
    const heads = iterators.map((it) => it.next());
    try {
      for (;;) {
        let best = -1;
        for (let i = 0; i < heads.length; i++) {
          if (heads[i]!.done) continue;
          if (best < 0 || heads[i]!.value.start_us > heads[best]!.value.start_us) best = i;
        }
        if (best < 0) return;
        yield heads[best]!.value;
        heads[best] = iterators[best]!.next();
      }
    } finally {
      for (const it of iterators) it.return?.();
    }
  }

  /** Statements are cached by SQL text: search shapes repeat, so each is compiled once. */
  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private storedSpan(row: RecordRow): StoredSpan {
    return {
      span: pb.Span.decode(row.data) as unknown as Span,
      resource: this.catalog.resource(row.resource_id),
      scope: this.catalog.scope(row.scope_id),
    };
  }
}
