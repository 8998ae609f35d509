import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { pb } from './proto.js';
import { COL, SPAN_COLUMNS, toSpanRows } from './span-rows.js';
import { readTraceRequest } from './trace-request-reader.js';
import { validateTraces } from './validate.js';

const START_NS = 1_795_600_000_123_456_789n;

function body(): Buffer {
  const span = (i: number, note: string): Record<string, unknown> => ({
    traceId: Buffer.alloc(16, 1),
    spanId: Buffer.alloc(8, i),
    parentSpanId: i === 1 ? Buffer.alloc(0) : Buffer.alloc(8, 1),
    name: `op${i}`,
    kind: i,
    startTimeUnixNano: START_NS.toString(),
    endTimeUnixNano: (START_NS + 2_500_000n).toString(),
    attributes: [{ key: 'note', value: { stringValue: note } }],
  });
  const request = pb.ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'rows' } }] },
        scopeSpans: [
          { scope: { name: 's' }, spans: [span(1, 'short'), span(2, 'x'.repeat(500)), span(3, 'ok')] },
        ],
      },
    ],
  });
  return Buffer.from(pb.ExportTraceServiceRequest.encode(request).finish());
}

test('span rows point into the body, and at appended bytes for a span validation changed', () => {
  const received = body();
  const { resourceSpans } = readTraceRequest(received);
  assert.equal(validateTraces(resourceSpans, 100).truncated, 1);
  const rows = toSpanRows(resourceSpans, received);
  assert.equal(rows.count, 3);
  assert.ok(rows.bytes.byteLength > received.byteLength, 'the truncated span is appended');
  const bytes = Buffer.from(rows.bytes);
  const notes = [1, 2, 3].map((i) => {
    const at = (i - 1) * SPAN_COLUMNS;
    const col = (c: number): number => rows.columns[at + c]!;
    const span = pb.Span.decode(
      bytes.subarray(col(COL.data), col(COL.data) + col(COL.dataLength)),
    ) as unknown as {
      attributes: { key: string; value: { stringValue?: string } }[];
    };
    assert.deepEqual(bytes.subarray(col(COL.spanId), col(COL.spanId) + 8), Buffer.alloc(8, i));
    assert.equal(col(COL.parentSpanId) < 0, i === 1);
    assert.equal(rows.names[col(COL.name)], `op${i}`);
    assert.equal(col(COL.startUs), Number(START_NS / 1000n));
    assert.equal(col(COL.durationUs), 2500);
    return span.attributes.map((a) => `${a.key}=${(a.value.stringValue ?? '').length}`).join(',');
  });
  assert.deepEqual(notes, ['note=5', 'note=100,skein.truncated_attributes=0', 'note=2']);
  assert.deepEqual(
    rows.operations.map(([, name, kind]) => `${name}/${kind}`),
    ['op1/1', 'op2/2', 'op3/3'],
  );
});

test('the store writes span rows as it writes decoded spans', () => {
  const dir = mkdtempSync(join(tmpdir(), 'skein-rows-'));
  const store = new SqliteStore(dir);
  try {
    const received = body();
    const { resourceSpans } = readTraceRequest(received);
    validateTraces(resourceSpans, 100);
    store.write([{ signal: 'spanRows', batch: toSpanRows(resourceSpans, received) }]);
    const spans = store.trace(Buffer.alloc(16, 1));
    assert.deepEqual(
      spans.map((s) => [s.span.name, s.resource.serviceName, s.scope.scope.name]),
      [
        ['op1', 'rows', 's'],
        ['op2', 'rows', 's'],
        ['op3', 'rows', 's'],
      ],
    );
    assert.deepEqual(
      store.operations('rows').map((o) => `${o.name}/${o.kind}`),
      ['op1/1', 'op2/2', 'op3/3'],
    );
    assert.equal(store.traceOutline(Buffer.alloc(16, 1))[1]!.durationUs, 2500);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
