// Times as tools take and give them: ISO 8601 and Go durations in, ISO 8601 and milliseconds out; µs inside.
import { z } from 'zod';
import { BackendError } from '../errors.js';
import { parseGoDuration } from '../query/params.js';
import type { TimeRange } from '../storage/store.js';

/** µs → ms with µs precision. */
export const ms = (us: number): number => Math.round(us) / 1000;

export const isoTime = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

function isoToUs(text: string, name: string): number {
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) {
    throw new BackendError('SKEIN_ERR_BAD_QUERY', `invalid ${name}: '${text}' is not an ISO 8601 time`);
  }
  return parsed * 1000;
}

/** `[start, end]` from optional ISO 8601 times; `end` defaults to now, `start` to `defaultLookback` before it. */
export function isoWindow(
  start: string | undefined,
  end: string | undefined,
  defaultLookback: string,
  nowUs = Date.now() * 1000,
): TimeRange {
  const endUs = end ? isoToUs(end, 'end') : nowUs;
  const startUs = start ? isoToUs(start, 'start') : endUs - parseGoDuration(defaultLookback, 'lookback');
  if (startUs > endUs) throw new BackendError('SKEIN_ERR_BAD_QUERY', 'start is after end');
  return { startUs, endUs };
}

/** The `range` (a Go duration like `1h`) ending now. */
export function lookbackWindow(range: string, nowUs = Date.now() * 1000): TimeRange {
  return { startUs: nowUs - parseGoDuration(range, 'range'), endUs: nowUs };
}

/** The `range` argument of the tools that look back from now. */
export const rangeInput = z
  .string()
  .default('1h')
  .describe('How far back from now, as a Go duration: "15m", "1h", "24h". Default 1h.');
