// Query parameters of Jaeger's api_v3 HTTP gateway: the canonical lowerCamelCase names (`query.serviceName`)
// with the snake_case names (`query.service_name`) upstream still accepts, RFC 3339 times, Go durations,
// and `query.attributes` as a JSON object of strings.
import { BackendError } from '../../errors.js';
import type { AttributeFilter, SpanQuery } from '../../storage/store.js';
import { splitTags } from '../jaeger/jaeger-routes.js';
import { parseGoDuration } from '../params.js';
import { parseRfc3339 } from './rfc3339.js';

const DEFAULT_SEARCH_DEPTH = 100;
const MAX_SEARCH_DEPTH = 10_000;
const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

function malformed(name: string, reason: string): BackendError {
  return new BackendError('SKEIN_ERR_BAD_QUERY', `malformed parameter ${name}: ${reason}`);
}

/** The value of the first of `names` that is set and non-empty, with the name it came from. */
export function param(params: URLSearchParams, ...names: string[]): { name: string; value?: string } {
  for (const name of names) {
    const value = params.get(name);
    if (value) return { name, value };
  }
  return { name: names[0]! };
}

/** An RFC 3339 time in µs since the epoch, undefined when absent. */
export function timeParam(params: URLSearchParams, ...names: string[]): number | undefined {
  const { name, value } = param(params, ...names);
  if (value === undefined) return undefined;
  const us = parseRfc3339(value);
  if (us === undefined) throw malformed(name, `'${value}' is not an RFC 3339 time`);
  return us;
}

/** Go's strconv.ParseBool, as upstream parses `rawTraces`. */
export function boolParam(params: URLSearchParams, ...names: string[]): boolean {
  const { name, value } = param(params, ...names);
  if (value === undefined || FALSE.has(value)) return false;
  if (TRUE.has(value)) return true;
  throw malformed(name, `'${value}' is not a boolean`);
}

function durationParam(params: URLSearchParams, ...names: string[]): number | undefined {
  const { name, value } = param(params, ...names);
  return value === undefined ? undefined : parseGoDuration(value, name);
}

function searchDepth(params: URLSearchParams): number {
  const { name, value } = param(params, 'query.searchDepth', 'query.search_depth', 'query.num_traces');
  if (value === undefined) return DEFAULT_SEARCH_DEPTH;
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw malformed(name, `'${value}' is not a positive integer`);
  return Math.min(Number(value), MAX_SEARCH_DEPTH);
}

/** `query.attributes={"http.response.status_code":"200"}`: a URL-encoded JSON object of string values. */
function attributesParam(params: URLSearchParams): AttributeFilter[] {
  const { name, value } = param(params, 'query.attributes');
  if (value === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw malformed(name, 'expected a JSON object of strings');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw malformed(name, 'expected a JSON object of strings');
  }
  return Object.entries(parsed).map(([key, v]) => {
    if (typeof v !== 'string') throw malformed(name, `the value of '${key}' is not a string`);
    return { key, value: v };
  });
}

/**
 * FindTraces' query: both start-time bounds are required, the upper one exclusive. Attributes take Jaeger's
 * synthesised tags too (`{"error":"true"}`, `span.kind`, `otel.status_code`), as the v1 `tags` do.
 */
export function findTracesQuery(params: URLSearchParams): SpanQuery {
  const min = timeParam(params, 'query.startTimeMin', 'query.start_time_min');
  const max = timeParam(params, 'query.startTimeMax', 'query.start_time_max');
  if (min === undefined || max === undefined) {
    throw new BackendError('SKEIN_ERR_BAD_QUERY', 'query.startTimeMin and query.startTimeMax are required');
  }
  if (min >= max) {
    throw new BackendError('SKEIN_ERR_BAD_QUERY', 'query.startTimeMin must be before query.startTimeMax');
  }
  // Skein stores spans as received and adjusts nothing, so raw traces are what every answer holds already.
  boolParam(params, 'query.rawTraces', 'query.raw_traces');
  return {
    startUs: min,
    endUs: max - 1,
    service: param(params, 'query.serviceName', 'query.service_name').value,
    operation: param(params, 'query.operationName', 'query.operation_name').value,
    minDurationUs: durationParam(params, 'query.durationMin', 'query.duration_min'),
    maxDurationUs: durationParam(params, 'query.durationMax', 'query.duration_max'),
    ...splitTags(attributesParam(params)),
    limit: searchDepth(params),
  };
}
