// Fuzzes the OTLP decoders and the whole export path: any input either succeeds or fails with
// SKEIN_ERR_BAD_PAYLOAD, never with another exception.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { BackendError } from '../errors.js';
import { exportHandler } from '../receivers/export-handler.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { decodeRequest, SIGNALS, type Encoding } from './decode.js';

const dataDir = mkdtempSync(join(tmpdir(), 'skein-fuzz-'));
const store = new SqliteStore(dataDir);
const handle = exportHandler(store, 8);
const signals = Object.values(SIGNALS);

const validTrace = SIGNALS.traces.request
  .encode(
    SIGNALS.traces.request.fromObject({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'fuzz' } }] },
          scopeSpans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  traceId: Buffer.alloc(16, 1),
                  spanId: Buffer.alloc(8, 2),
                  name: 'op',
                  startTimeUnixNano: '1700000000000000000',
                  endTimeUnixNano: '1700000000100000000',
                  attributes: [
                    { key: 'k', value: { arrayValue: { values: [{ kvlistValue: { values: [] } }] } } },
                  ],
                  events: [{ name: 'e' }],
                  links: [{ traceId: Buffer.alloc(16, 3), spanId: Buffer.alloc(8, 4) }],
                },
              ],
            },
          ],
        },
      ],
    }),
  )
  .finish();

/** Runs the export path and accepts only success or a bad-payload error. */
function survives(signalIndex: number, body: Uint8Array, encoding: Encoding): void {
  try {
    handle(signals[signalIndex % signals.length]!, body, encoding);
  } catch (err) {
    assert.ok(err instanceof BackendError, `unexpected ${String(err)}`);
    assert.equal(err.code, 'SKEIN_ERR_BAD_PAYLOAD');
  }
}

describe('OTLP decoders under fuzzing', () => {
  after(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('random bytes as protobuf never crash the export path', () => {
    fc.assert(
      fc.property(fc.nat(2), fc.uint8Array({ maxLength: 512 }), (s, bytes) => survives(s, bytes, 'protobuf')),
      { numRuns: 2000 },
    );
  });

  test('mutations of a valid protobuf request never crash the export path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(validTrace.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(validTrace.length),
        (flips, cut) => {
          const body = Buffer.from(validTrace.subarray(0, Math.max(1, cut)));
          for (const [at, value] of flips) if (at < body.length) body[at] = value;
          survives(0, body, 'protobuf');
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('arbitrary JSON, including OTLP-shaped JSON with wrong types, never crashes the export path', () => {
    const otlpish = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.record(
          {
            resourceSpans: tie('value'),
            resourceLogs: tie('value'),
            scopeSpans: tie('value'),
            spans: tie('value'),
            traceId: fc.oneof(fc.string(), fc.constant('0'.repeat(32))),
            attributes: tie('value'),
            value: tie('value'),
            intValue: fc.oneof(fc.string(), fc.integer()),
            startTimeUnixNano: fc.oneof(fc.string(), fc.double()),
          },
          { requiredKeys: [] },
        ),
      ),
    })).value;
    fc.assert(
      fc.property(
        fc.nat(2),
        fc.oneof(
          fc.json(),
          otlpish.map((v) => JSON.stringify(v)),
        ),
        (s, text) => survives(s, Buffer.from(text ?? 'null'), 'json'),
      ),
      { numRuns: 2000 },
    );
  });

  test('a deeply nested AnyValue is a bad payload, not a stack overflow', () => {
    const deep = '{"arrayValue":{"values":['.repeat(5000) + ']}}'.repeat(5000);
    const body = `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":${deep}}]}]}]}]}`;
    assert.throws(() => decodeRequest(SIGNALS.traces, Buffer.from(body), 'json'), BackendError);
  });
});
