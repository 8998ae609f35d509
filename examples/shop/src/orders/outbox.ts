// The transactional outbox: a message is written in the same transaction as the state change it announces, and
// stays here until the dispatcher has had it acknowledged. Retries back off exponentially, with jitter.
import { randomUUID } from 'node:crypto';
import type { Message } from '../shared/domain.js';
import type { ShopDatabase } from '../shared/database.js';

export const OUTBOX_SCHEMA = `
CREATE TABLE IF NOT EXISTS outbox (
  id TEXT PRIMARY KEY,
  topic TEXT NOT NULL,
  headers TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  delivered_at TEXT,
  last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL;`;

/** A message waiting in the outbox; `headers` hold the trace context of the transaction that wrote it. */
export interface OutboxMessage extends Message {
  attempts: number;
}

interface OutboxRow {
  id: string;
  topic: string;
  headers: string;
  payload: string;
  attempts: number;
}

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** The wait before attempt `attempts + 1`: doubling from `initialMs`, capped at `maxMs`, with ±20 % jitter. */
export function backoffDelay(
  attempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

export class Outbox {
  readonly #insert;
  readonly #due;
  readonly #delivered;
  readonly #retry;
  readonly #pending;

  constructor(db: ShopDatabase) {
    this.#insert = db.prepare(
      'INSERT INTO outbox (id, topic, headers, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.#due = db.prepare<OutboxRow>(
      `SELECT id, topic, headers, payload, attempts FROM outbox
       WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?`,
    );
    this.#delivered = db.prepare('UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?');
    this.#retry = db.prepare(
      'UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
    );
    this.#pending = db.prepare<{ n: number }>('SELECT count(*) AS n FROM outbox WHERE delivered_at IS NULL');
  }

  /** Adds a message; call it inside the transaction whose change it announces. Returns the message id. */
  add(topic: string, payload: unknown, headers: Record<string, string>): string {
    const id = `msg_${randomUUID()}`;
    this.#insert.run(
      id,
      topic,
      JSON.stringify(headers),
      JSON.stringify(payload),
      new Date().toISOString(),
      Date.now(),
    );
    return id;
  }

  /** Undelivered messages whose next attempt is due at `now` (ms), oldest first. */
  due(now: number, limit: number): OutboxMessage[] {
    return this.#due.all(now, limit).map((row) => ({
      id: row.id,
      topic: row.topic,
      headers: JSON.parse(row.headers) as Record<string, string>,
      payload: JSON.parse(row.payload) as unknown,
      attempts: row.attempts,
    }));
  }

  markDelivered(id: string): void {
    this.#delivered.run(new Date().toISOString(), id);
  }

  scheduleRetry(id: string, at: number, error: string): void {
    this.#retry.run(at, error, id);
  }

  /** How many messages are not yet acknowledged. */
  pendingCount(): number {
    return this.#pending.get()!.n;
  }
}
