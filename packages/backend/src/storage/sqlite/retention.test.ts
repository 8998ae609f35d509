// Retention deletes exactly what is due: by age, everything older than the cut-off and nothing newer;
// by size, the oldest data first until the database fits.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ResourceLogs, ResourceSpans } from '../../otlp/model.js';
import { pb } from '../../otlp/proto.js';
import { SqliteStore } from './sqlite-store.js';

const NOW_MS = Date.parse('2026-01-10T00:00:00Z');
const DAY_MS = 86_400_000;

function spansAt(startsMs: number[]): ResourceSpans[] {
  const request = pb.ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            spans: startsMs.map((ms, i) => ({
              traceId: Buffer.alloc(16, i + 1),
              spanId: Buffer.alloc(8, i + 1),
              name: `span-${i}`,
              startTimeUnixNano: (BigInt(ms) * 1_000_000n).toString(),
              endTimeUnixNano: (BigInt(ms + 5) * 1_000_000n).toString(),
              // Large enough that the spans, not the tables' first (64 KiB) pages, make up the file.
              attributes: [{ key: 'payload', value: { stringValue: 'p'.repeat(20_000) } }],
            })),
          },
        ],
      },
    ],
  }) as unknown as { resourceSpans: ResourceSpans[] };
  return request.resourceSpans;
}

function logsAt(timesMs: number[]): ResourceLogs[] {
  const request = pb.ExportLogsServiceRequest.fromObject({
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: timesMs.map((ms) => ({
              timeUnixNano: (BigInt(ms) * 1_000_000n).toString(),
              body: { stringValue: 'x' },
            })),
          },
        ],
      },
    ],
  }) as unknown as { resourceLogs: ResourceLogs[] };
  return request.resourceLogs;
}

const count = (store: SqliteStore, name: string): number =>
  store.findSpans({ startUs: 0, endUs: Number.MAX_SAFE_INTEGER, service: 'svc', operation: name, limit: 10 })
    .length;

describe('retention', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'skein-retention-'));
    store = new SqliteStore(dir);
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('by age: deletes spans and logs older than the retention and keeps the rest', () => {
    const starts = [NOW_MS - 8 * DAY_MS, NOW_MS - 7 * DAY_MS - 1, NOW_MS - 7 * DAY_MS + 1, NOW_MS - DAY_MS];
    store.writeSpans(spansAt(starts));
    store.writeLogs(logsAt(starts));
    const result = store.applyRetention(NOW_MS, 7 * DAY_MS, Number.MAX_SAFE_INTEGER);
    assert.deepEqual(result, { spans: 2, logs: 2, points: 0 });
    assert.deepEqual(
      [0, 1, 2, 3].map((i) => count(store, `span-${i}`)),
      [0, 0, 1, 1],
    );
    assert.equal(store.findLogs({ startUs: 0, endUs: Number.MAX_SAFE_INTEGER, limit: 10 }).length, 2);
  });

  test('by size: deletes the oldest spans first until under the limit', () => {
    const starts = Array.from({ length: 200 }, (_, i) => NOW_MS - DAY_MS + i * 60_000);
    store.writeSpans(spansAt(starts));
    const full = store.sizeBytes();
    const result = store.applyRetention(NOW_MS, 30 * DAY_MS, Math.floor(full / 2));
    assert.ok(store.sizeBytes() <= full / 2, `${store.sizeBytes()} > ${full / 2}`);
    assert.ok(result.spans > 0 && result.spans < 200);
    const kept = starts.map((_, i) => count(store, `span-${i}`));
    const firstKept = kept.indexOf(1);
    assert.ok(kept.slice(0, firstKept).every((c) => c === 0) && kept.slice(firstKept).every((c) => c === 1));
  });
});
