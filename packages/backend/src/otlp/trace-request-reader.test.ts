import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type Long from 'long';
import protobuf from 'protobufjs';
import type { Span } from './model.js';
import { pb } from './proto.js';
import { ENCODED, readTraceRequest, WireSpan, type SpanWithEncoding } from './trace-request-reader.js';

const START = 1_795_600_000_123_456_789n;

function request(spans: Record<string, unknown>[]): Buffer {
  const message = pb.ExportTraceServiceRequest.fromObject({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [{ scope: { name: 's' }, spans }],
      },
    ],
  });
  return Buffer.from(pb.ExportTraceServiceRequest.encode(message).finish());
}

const full = {
  traceId: Buffer.alloc(16, 1),
  spanId: Buffer.alloc(8, 2),
  parentSpanId: Buffer.alloc(8, 3),
  traceState: 'k=v',
  flags: 257,
  name: 'GET /orders/:id',
  kind: 2,
  startTimeUnixNano: START.toString(),
  endTimeUnixNano: (START + 12_345_678_901n).toString(),
  attributes: [{ key: 'a', value: { arrayValue: { values: [{ intValue: -5 }, { stringValue: 'x' }] } } }],
  droppedAttributesCount: 1,
  events: [
    { name: 'e', timeUnixNano: START.toString(), attributes: [{ key: 'b', value: { boolValue: true } }] },
  ],
  links: [{ traceId: Buffer.alloc(16, 4), spanId: Buffer.alloc(8, 5), flags: 1 }],
  status: { code: 2, message: 'boom' },
};

const spansOf = (body: Buffer): Span[] =>
  readTraceRequest(body).resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));

/** Own fields only, as plain data (protobufjs messages would print enums by name through toJSON). */
const plain = (value: unknown): unknown => structuredClone(value);

describe('readTraceRequest', () => {
  test('reads the indexed fields of a span as protobufjs does, and the rest from its bytes on use', () => {
    const [span] = spansOf(request([full]));
    assert.ok(span instanceof WireSpan);
    const expected = pb.Span.decode(span[ENCODED]) as unknown as Span;
    for (const field of [
      'traceId',
      'spanId',
      'parentSpanId',
      'traceState',
      'flags',
      'name',
      'kind',
      'status',
      'attributes',
      'droppedAttributesCount',
      'events',
      'links',
    ] as const) {
      assert.deepEqual(plain(span[field]), plain(expected[field]), field);
    }
    assert.equal((span.startTimeUnixNano as Long).toString(), START.toString());
  });

  test('start and duration are exact microseconds, and a span ending before its start lasts 0', () => {
    const ends = [
      START + 999n,
      START + 1_000n,
      START + 12_345_678_901n,
      START + (1n << 40n) + 7n,
      START - 1n,
    ];
    const spans = spansOf(request(ends.map((end) => ({ ...full, endTimeUnixNano: end.toString() }))));
    spans.forEach((span, i) => {
      assert.ok(span instanceof WireSpan);
      assert.equal(span.startUs, Number(START / 1000n));
      const end = ends[i]!;
      assert.equal(span.durationUs, end < START ? 0 : Number((end - START) / 1000n), `end ${end}`);
    });
  });

  test('a span with a field of an unexpected wire type is decoded by protobufjs instead', () => {
    const span = Buffer.concat([pb.Span.encode(pb.Span.fromObject(full)).finish(), Buffer.from([5 << 3, 1])]);
    const field = (bytes: Uint8Array): Uint8Array =>
      protobuf.Writer.create()
        .uint32((2 << 3) | 2)
        .bytes(bytes)
        .finish();
    const resource = protobuf.Writer.create()
      .uint32((1 << 3) | 2)
      .bytes(field(field(span)))
      .finish();
    const body = Buffer.from(resource);
    const [read] = spansOf(body);
    assert.ok(!(read instanceof WireSpan));
    assert.deepEqual(plain(read), plain(pb.Span.decode(span)));
  });

  test('every span it accepts from a mutated request decodes with protobufjs to the same indexed fields', () => {
    const valid = request([full, { ...full, name: 'second', events: [], status: null }]);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        (flips) => {
          const body = Buffer.from(valid);
          for (const [at, value] of flips) body[at] = value;
          let spans: Span[];
          try {
            spans = spansOf(body);
          } catch {
            return;
          }
          for (const span of spans) {
            const bytes = (span as SpanWithEncoding)[ENCODED]!;
            const decoded = pb.Span.decode(bytes) as unknown as Span;
            assert.equal(span.name, decoded.name);
            assert.equal(span.kind, decoded.kind);
            assert.equal(
              Buffer.from(span.traceId).toString('hex'),
              Buffer.from(decoded.traceId).toString('hex'),
            );
            assert.equal(span.status?.code ?? 0, decoded.status?.code ?? 0);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });
});
