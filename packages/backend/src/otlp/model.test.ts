import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Long from 'long';
import protobuf from 'protobufjs';
import { durationMicros } from './model.js';

/** A 64-bit value as protobufjs decodes it: low and high 32-bit halves. */
const long = (ns: bigint): Long =>
  new protobuf.util.Long(Number(ns & 0xffffffffn) | 0, Number(ns >> 32n) | 0, true) as unknown as Long;

test('durationMicros is exact for nanosecond timestamps beyond 2^53', () => {
  const start = 1_795_600_000_123_456_789n;
  for (const delta of [999n, 1_000n, 1_000_999n, 12_345_678_901n]) {
    assert.equal(durationMicros(long(start), long(start + delta)), Number(delta / 1000n), `delta ${delta}`);
  }
});

test('durationMicros is 0 when a span ends before it starts', () => {
  assert.equal(durationMicros(long(2_000_000n), long(1_000_000n)), 0);
  assert.equal(durationMicros(2_000_000, 1_000_000), 0);
});
