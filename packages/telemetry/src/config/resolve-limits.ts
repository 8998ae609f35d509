// Attribute, span and log record limits: OTEL_SPAN_* and OTEL_LOGRECORD_* override the general OTEL_ATTRIBUTE_*
// ones, as the spec's attribute-limits section orders them; options override both.
import { readInteger, type WarningSink } from './env-value.js';
import type { LogRecordLimitsConfig, SpanLimitsConfig } from './telemetry-config.js';
import type { TelemetryOptions } from './telemetry-options.js';

type Env = Record<string, string | undefined>;

const DEFAULT_COUNT = 128;

/** A non-negative count limit (0 keeps none), or `fallback`. */
function readCount(name: string, env: Env, fallback: number, warn: WarningSink): number {
  return readInteger(name, env[name], fallback, warn, true);
}

/** A length limit, or `fallback` (undefined: no limit). */
function readLength(
  name: string,
  env: Env,
  fallback: number | undefined,
  warn: WarningSink,
): number | undefined {
  const value = readInteger(name, env[name], -1, warn, true);
  return value === -1 ? fallback : value;
}

export interface ResolvedLimits {
  attributeCountLimit: number;
  attributeValueLengthLimit: number | undefined;
  spanLimits: SpanLimitsConfig;
  logRecordLimits: LogRecordLimitsConfig;
}

export function resolveLimits(options: TelemetryOptions, env: Env, warn: WarningSink): ResolvedLimits {
  const attributeCountLimit =
    options.attributeCountLimit ?? readCount('OTEL_ATTRIBUTE_COUNT_LIMIT', env, DEFAULT_COUNT, warn);
  const attributeValueLengthLimit =
    options.attributeValueLengthLimit ??
    readLength('OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT', env, undefined, warn);
  const span = options.spanLimits ?? {};
  // The JS SDK's older names for the per-event and per-link limits, still read after the spec's.
  const jsName = (kind: 'EVENT' | 'LINK'): number =>
    readCount(`OTEL_SPAN_ATTRIBUTE_PER_${kind}_COUNT_LIMIT`, env, DEFAULT_COUNT, warn);
  const log = options.logRecordLimits ?? {};
  return {
    attributeCountLimit,
    attributeValueLengthLimit,
    spanLimits: {
      attributeCountLimit:
        span.attributeCountLimit ??
        readCount('OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', env, attributeCountLimit, warn),
      attributeValueLengthLimit:
        span.attributeValueLengthLimit ??
        readLength('OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', env, attributeValueLengthLimit, warn),
      eventCountLimit:
        span.eventCountLimit ?? readCount('OTEL_SPAN_EVENT_COUNT_LIMIT', env, DEFAULT_COUNT, warn),
      linkCountLimit:
        span.linkCountLimit ?? readCount('OTEL_SPAN_LINK_COUNT_LIMIT', env, DEFAULT_COUNT, warn),
      attributePerEventCountLimit:
        span.attributePerEventCountLimit ??
        readCount('OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', env, jsName('EVENT'), warn),
      attributePerLinkCountLimit:
        span.attributePerLinkCountLimit ??
        readCount('OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', env, jsName('LINK'), warn),
    },
    logRecordLimits: {
      attributeCountLimit:
        log.attributeCountLimit ??
        readCount('OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT', env, attributeCountLimit, warn),
      attributeValueLengthLimit:
        log.attributeValueLengthLimit ??
        readLength('OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT', env, attributeValueLengthLimit, warn),
    },
  };
}
