// The SQLite schema and connection settings of the embedded engine (see docs/storage.md for the why).
import type Database from 'better-sqlite3';

export const SCHEMA_VERSION = 3;

const TABLES = ['resources', 'scopes', 'spans', 'operations', 'logs', 'metric_points', 'metrics'];

/** In-place upgrades: what to run on a database of that version before the DDL creates what is missing. */
const MIGRATIONS: Record<number, string> = {
  2: 'DROP INDEX IF EXISTS spans_by_service_start;',
};

const DDL = `
CREATE TABLE IF NOT EXISTS resources (
  id INTEGER PRIMARY KEY,
  service TEXT NOT NULL,
  schema_url TEXT NOT NULL,
  data BLOB NOT NULL,
  UNIQUE (data, schema_url)
);
CREATE TABLE IF NOT EXISTS scopes (
  id INTEGER PRIMARY KEY,
  schema_url TEXT NOT NULL,
  data BLOB NOT NULL,
  UNIQUE (data, schema_url)
);
CREATE TABLE IF NOT EXISTS spans (
  trace_key INTEGER NOT NULL,
  trace_id BLOB NOT NULL,
  span_id BLOB NOT NULL,
  parent_span_id BLOB,
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  start_us INTEGER NOT NULL,
  duration_us INTEGER NOT NULL,
  status INTEGER NOT NULL,
  resource_id INTEGER NOT NULL,
  scope_id INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS spans_by_trace ON spans (trace_key);
-- Duration and status ride along in the search index, so those filters are decided from the index entry
-- without reading the row; error spans (rare) get an index of their own, so an error search stays bounded.
CREATE INDEX IF NOT EXISTS spans_by_service_time ON spans (service, start_us, duration_us, status);
CREATE INDEX IF NOT EXISTS spans_errors_by_service_time ON spans (service, start_us) WHERE status = 2;
CREATE TABLE IF NOT EXISTS operations (
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  PRIMARY KEY (service, name, kind)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS logs (
  time_us INTEGER NOT NULL,
  service TEXT NOT NULL,
  severity INTEGER NOT NULL,
  trace_id BLOB,
  span_id BLOB,
  resource_id INTEGER NOT NULL,
  scope_id INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS logs_by_trace ON logs (trace_id) WHERE trace_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS logs_by_service_time ON logs (service, time_us);
CREATE INDEX IF NOT EXISTS logs_by_time ON logs (time_us);
CREATE TABLE IF NOT EXISTS metric_points (
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  description TEXT NOT NULL,
  unit TEXT NOT NULL,
  temporality INTEGER NOT NULL,
  monotonic INTEGER NOT NULL,
  time_us INTEGER NOT NULL,
  resource_id INTEGER NOT NULL,
  scope_id INTEGER NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS metric_points_by_name_time ON metric_points (service, name, time_us);
CREATE INDEX IF NOT EXISTS metric_points_by_time ON metric_points (time_us);
CREATE TABLE IF NOT EXISTS metrics (
  service TEXT NOT NULL,
  name TEXT NOT NULL,
  type TEXT NOT NULL,
  unit TEXT NOT NULL,
  PRIMARY KEY (service, name, type, unit)
) WITHOUT ROWID;
`;

/**
 * SQLite's largest page. Every commit writes its dirty pages to the WAL one frame (two writes) at a time and
 * every checkpoint copies them back: bigger pages mean fewer system calls per stored byte.
 */
export const PAGE_SIZE = 65536;

/** The indexed form of a trace id: its first 8 bytes as a signed integer (a small, cheap index key). */
export function traceKey(traceId: Uint8Array): bigint {
  return Buffer.from(traceId.buffer, traceId.byteOffset, 8).readBigInt64BE(0);
}

/**
 * WAL with synchronous=NORMAL: a commit is in the WAL file when the transaction returns, so a killed process
 * loses nothing acknowledged (only an OS crash or power loss can lose the last transactions).
 */
export function openSchema(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  // Takes effect only when the file is created: an existing database keeps the page size it was made with.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('auto_vacuum = INCREMENTAL');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  const version = db.pragma('user_version', { simple: true }) as number;
  const migration = MIGRATIONS[version];
  if (migration) {
    db.exec(`BEGIN IMMEDIATE;${migration}COMMIT;`);
  } else if (version !== 0 && version !== SCHEMA_VERSION) {
    // Pre-release schemas (version 1) are not migrated: their data is dropped and the tables rebuilt.
    db.exec(TABLES.map((t) => `DROP TABLE IF EXISTS ${t};`).join('\n'));
  }
  db.exec(DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
}
