// The schema upgrades a version-2 database in place (its spans kept), and every search shape the query API
// sends is a bounded index scan: the right index, filters decided from the index entry where they can be.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { SpanQuery } from '../store.js';
import { openSchema, SCHEMA_VERSION } from './schema.js';
import { spanFilter } from './span-filter.js';

const dirs: string[] = [];
function freshDatabase(): Database.Database {
  const dir = mkdtempSync(join(tmpdir(), 'skein-schema-'));
  dirs.push(dir);
  return new Database(join(dir, 'skein.db'));
}
after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const indexNames = (db: Database.Database): string[] =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spans' ORDER BY name")
    .pluck()
    .all() as string[];

describe('schema', () => {
  test('upgrades a version-2 database in place: spans kept, the old search index replaced', () => {
    const db = freshDatabase();
    db.exec(`
      CREATE TABLE spans (trace_key INTEGER NOT NULL, trace_id BLOB NOT NULL, span_id BLOB NOT NULL,
        parent_span_id BLOB, service TEXT NOT NULL, name TEXT NOT NULL, kind INTEGER NOT NULL,
        start_us INTEGER NOT NULL, duration_us INTEGER NOT NULL, status INTEGER NOT NULL,
        resource_id INTEGER NOT NULL, scope_id INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE INDEX spans_by_trace ON spans (trace_key);
      CREATE INDEX spans_by_service_start ON spans (service, start_us);
      INSERT INTO spans VALUES (1, x'01', x'02', NULL, 'svc', 'op', 1, 10, 5, 2, 1, 1, x'00');
      PRAGMA user_version = 2;`);
    openSchema(db);
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.deepEqual(indexNames(db), [
      'spans_by_service_time',
      'spans_by_trace',
      'spans_errors_by_service_time',
    ]);
    assert.equal(db.prepare('SELECT count(*) FROM spans').pluck().get(), 1);
    db.close();
  });

  describe('search plans', () => {
    const db = freshDatabase();
    openSchema(db);
    const base: SpanQuery = { startUs: 0, endUs: 1e15, limit: 20 };
    const plan = (query: SpanQuery): string => {
      const { where, params } = spanFilter(query, 'svc');
      const rows = db
        .prepare(`EXPLAIN QUERY PLAN SELECT trace_id FROM spans WHERE ${where} ORDER BY start_us DESC`)
        .all(...params) as { detail: string }[];
      return rows.map((row) => row.detail).join('; ');
    };
    const scan = 'SEARCH spans USING INDEX spans_by_service_time (service=? AND start_us>? AND start_us<?)';

    test('a service search scans the service index newest first, without sorting', () => {
      assert.equal(plan(base), scan);
    });
    test('a duration or operation search uses the same bounded scan', () => {
      assert.equal(plan({ ...base, minDurationUs: 40_000 }), scan);
      assert.equal(plan({ ...base, operation: 'GET /' }), scan);
    });
    test('an error search scans only the error spans', () => {
      assert.match(
        plan({ ...base, status: 2, attributes: [{ key: 'k', value: 'v' }] }),
        /^SEARCH spans USING INDEX spans_errors_by_service_time \(service=\? AND start_us>\? AND start_us<\?\)/,
      );
    });
    test('a duration filter is decided from the index entry, before the row is read', () => {
      const { where, params } = spanFilter({ ...base, minDurationUs: 40_000 }, 'svc');
      const ops = db
        .prepare(`EXPLAIN SELECT trace_id FROM spans WHERE ${where} ORDER BY start_us DESC`)
        .all(...params) as { opcode: string }[];
      const names = ops.map((op) => op.opcode);
      assert.ok(names.includes('DeferredSeek'), `no deferred row read in ${names.join(' ')}`);
    });
  });
});
