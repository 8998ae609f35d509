import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { BackendError } from '../errors.js';
import { SIGNALS } from '../otlp/decode.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { IngestPipeline } from './ingest-pipeline.js';

const dataDir = mkdtempSync(join(tmpdir(), 'skein-pipeline-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

const traceId = (i: number): Buffer =>
  Buffer.from(`${(i + 1).toString(16).padStart(8, '0')}`.repeat(4), 'hex');

function body(i: number): Uint8Array {
  const request = SIGNALS.traces.request;
  const spans = [0, 1].map((s) => ({
    traceId: traceId(i),
    spanId: Buffer.from([1, 2, 3, 4, 5, 6, s, i & 0xff]),
    name: `op${s}`,
    startTimeUnixNano: String(Date.now() * 1e6),
    endTimeUnixNano: String(Date.now() * 1e6 + 1e6),
  }));
  const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'group' } }] };
  return request
    .encode(request.fromObject({ resourceSpans: [{ resource, scopeSpans: [{ spans }] }] }))
    .finish();
}

test('concurrent exports are each answered after their commit; a malformed one is refused alone', async () => {
  // A whole mock of the database would prove nothing: this is the real worker writing a real file.
  new SqliteStore(dataDir).close();
  const pipeline = new IngestPipeline({ dataDir, maxAttributeValueLength: 4096 });
  const count = 40;
  const exports = Array.from({ length: count }, (_, i) =>
    i === 17
      ? pipeline.export(SIGNALS.traces, Buffer.from([0x0a, 0xff]), 'protobuf')
      : pipeline.export(SIGNALS.traces, body(i), 'protobuf'),
  );
  const retention = pipeline.retention(Date.now(), 3_600_000, 1e12);
  const results = await Promise.allSettled(exports);
  assert.deepEqual(await retention, { spans: 0, logs: 0, points: 0 });
  await pipeline.close();

  const store = new SqliteStore(dataDir);
  try {
    results.forEach((result, i) => {
      if (i === 17) {
        assert.equal(result.status, 'rejected');
        const reason = (result as PromiseRejectedResult).reason as BackendError;
        assert.equal(reason.code, 'SKEIN_ERR_BAD_PAYLOAD');
        return;
      }
      assert.deepEqual(result, { status: 'fulfilled', value: { rejected: 0, message: '' } }, `export ${i}`);
      assert.equal(store.trace(traceId(i)).length, 2, `trace ${i}`);
    });
  } finally {
    store.close();
  }
});
