// Query-string parsing shared by the Jaeger and native APIs: times in µs, Go-style durations, ids, tags.
import { BackendError } from '../errors.js';
import type { AttributeFilter, TimeRange } from '../storage/store.js';

const GO_UNITS_US: Record<string, number> = { ns: 0.001, us: 1, µs: 1, ms: 1e3, s: 1e6, m: 60e6, h: 3600e6 };
const GO_DURATION = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;

function bad(message: string): BackendError {
  return new BackendError('SKEIN_ERR_BAD_QUERY', message);
}

/** Parses a Go duration (`100ms`, `1h30m`, `2.5s`) into microseconds. */
export function parseGoDuration(text: string, name: string): number {
  let total = 0;
  let consumed = 0;
  GO_DURATION.lastIndex = 0;
  for (let m = GO_DURATION.exec(text); m; m = GO_DURATION.exec(text)) {
    total += Number(m[1]) * GO_UNITS_US[m[2]!]!;
    consumed = GO_DURATION.lastIndex;
  }
  if (text === '' || consumed !== text.length)
    throw bad(`invalid ${name}: '${text}' is not a duration like 100ms`);
  return Math.round(total);
}

export function optionalInt(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^-?\d+$/.test(raw)) throw bad(`invalid ${name}: '${raw}' is not an integer`);
  return Number(raw);
}

export function optionalDuration(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  return raw === null || raw === '' ? undefined : parseGoDuration(raw, name);
}

export function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (!value) throw bad(`parameter '${name}' is required`);
  return value;
}

/** `start`/`end` in µs since the epoch; `lookback` (a Go duration) when start is absent; default the last 2 days. */
export function timeRange(params: URLSearchParams, nowUs = Date.now() * 1000): TimeRange {
  const endUs = optionalInt(params, 'end') ?? nowUs;
  const lookback = params.get('lookback');
  const lookbackUs = lookback && lookback !== 'custom' ? parseGoDuration(lookback, 'lookback') : 48 * 3600e6;
  const startUs = optionalInt(params, 'start') ?? endUs - lookbackUs;
  if (startUs > endUs) throw bad('start is after end');
  return { startUs, endUs };
}

export function limit(params: URLSearchParams, fallback: number, max = 10_000): number {
  const value = optionalInt(params, 'limit') ?? fallback;
  if (value <= 0) return fallback;
  return Math.min(value, max);
}

/** A 1–32 hex digit trace id, left-padded to 16 bytes (Jaeger prints 64-bit-high-zero ids as 16 digits). */
export function parseTraceId(text: string): Buffer {
  if (!/^[0-9a-fA-F]{1,32}$/.test(text)) throw bad(`invalid trace id '${text}'`);
  return Buffer.from(text.padStart(32, '0'), 'hex');
}

export function parseSpanId(text: string): Buffer {
  if (!/^[0-9a-fA-F]{1,16}$/.test(text)) throw bad(`invalid span id '${text}'`);
  return Buffer.from(text.padStart(16, '0'), 'hex');
}

/** Jaeger's `tags={"k":"v"}` (JSON object) and repeated `tag=k:v` parameters. */
export function attributeFilters(params: URLSearchParams, tagParam: string): AttributeFilter[] {
  const filters: AttributeFilter[] = [];
  const json = params.get('tags');
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw bad(`malformed 'tags' parameter: expected a JSON object`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw bad(`malformed 'tags' parameter: expected a JSON object`);
    }
    for (const [key, value] of Object.entries(parsed)) filters.push({ key, value: String(value) });
  }
  for (const tag of params.getAll(tagParam)) {
    const colon = tag.indexOf(':');
    if (colon <= 0) throw bad(`malformed '${tagParam}' parameter '${tag}': expected key:value`);
    filters.push({ key: tag.slice(0, colon), value: tag.slice(colon + 1) });
  }
  return filters;
}
