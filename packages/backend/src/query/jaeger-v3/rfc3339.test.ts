import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTimestamp, parseRfc3339 } from './rfc3339.js';

const utcUs = (iso: string): number => Date.parse(iso) * 1000;

test('parses UTC and offset times to microseconds, keeping sub-millisecond digits', () => {
  assert.equal(parseRfc3339('2026-11-25T10:30:00Z'), utcUs('2026-11-25T10:30:00Z'));
  assert.equal(parseRfc3339('2026-11-25T10:30:00.5+01:00'), utcUs('2026-11-25T09:30:00.500Z'));
  assert.equal(parseRfc3339('2026-11-25T10:30:00.123456789-02:30'), utcUs('2026-11-25T13:00:00.123Z') + 456);
  assert.equal(parseRfc3339('2000-01-02t12:30:08.999999998z'), utcUs('2000-01-02T12:30:08.999Z') + 999);
});

test('rejects times without an offset, impossible dates and other formats', () => {
  for (const text of [
    '2026-11-25T10:30:00',
    '2026-11-25',
    '2026-13-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-11-25T24:00:00Z',
    '2026-11-25T10:30:00.1234567890Z',
    '1764063000',
    'NaN',
  ]) {
    assert.equal(parseRfc3339(text), undefined, text);
  }
});

test('formats timestamps as protobuf JSON does: no fraction on whole seconds, else milliseconds', () => {
  assert.equal(formatTimestamp(Date.parse('2026-11-25T10:30:00Z')), '2026-11-25T10:30:00Z');
  assert.equal(formatTimestamp(Date.parse('2026-11-25T10:30:00.235Z')), '2026-11-25T10:30:00.235Z');
});
