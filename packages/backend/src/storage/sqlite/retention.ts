// Deletes data past its age, then the oldest data while the database is over its size budget. Deletes run
// in small batches so writers are never blocked for long.
import type Database from 'better-sqlite3';
import type { RetentionResult } from '../store.js';

const BATCH = 5000;
// Spans have no time-only index (it would slow every insert): their deletes go service by service.
const TABLES = [
  { name: 'spans', time: 'start_us', counter: 'spans', byService: true },
  { name: 'logs', time: 'time_us', counter: 'logs', byService: false },
  { name: 'metric_points', time: 'time_us', counter: 'points', byService: false },
] as const;
const SERVICES = 'service IN (SELECT DISTINCT service FROM operations)';

export class Retention {
  private readonly deletes: Database.Statement[];
  private readonly oldest: Database.Statement;
  private readonly newest: Database.Statement;

  constructor(private readonly db: Database.Database) {
    const where = (t: (typeof TABLES)[number]): string => (t.byService ? `${SERVICES} AND ` : '');
    this.deletes = TABLES.map((t) =>
      db.prepare(
        `DELETE FROM ${t.name} WHERE rowid IN (SELECT rowid FROM ${t.name} WHERE ${where(t)}${t.time} < ? LIMIT ${BATCH})`,
      ),
    );
    const extreme = (fn: 'min' | 'max'): Database.Statement =>
      db
        .prepare(
          `SELECT ${fn}(t) FROM (${TABLES.map((t) => `SELECT ${fn}(${t.time}) AS t FROM ${t.name} WHERE ${where(t)}1`).join(' UNION ALL ')})`,
        )
        .pluck();
    this.oldest = extreme('min');
    this.newest = extreme('max');
  }

  /** Bytes in use: pages minus free pages. */
  sizeBytes(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  run(nowMs: number, maxAgeMs: number, maxBytes: number): RetentionResult {
    const result: RetentionResult = { spans: 0, logs: 0, points: 0 };
    this.deleteBefore((nowMs - maxAgeMs) * 1000, result);
    while (this.sizeBytes() > maxBytes) {
      const oldest = this.oldest.get() as number | null;
      const newest = this.newest.get() as number | null;
      if (oldest === null || newest === null) break;
      // Drop the oldest tenth of the stored time span (at least one microsecond) per round.
      const cutoff = oldest + Math.max(1, Math.ceil((newest - oldest) / 10));
      this.deleteBefore(cutoff, result);
    }
    this.db.pragma('incremental_vacuum');
    return result;
  }

  private deleteBefore(cutoffUs: number, result: RetentionResult): void {
    TABLES.forEach((table, i) => {
      const statement = this.deletes[i]!;
      for (;;) {
        const { changes } = statement.run(cutoffUs);
        result[table.counter] += changes;
        if (changes < BATCH) break;
      }
    });
  }
}
