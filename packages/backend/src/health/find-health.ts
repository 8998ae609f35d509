// Finds what is broken in a system's tracing from the spans stored for a time range: lost context,
// skewed clocks, missing semantic-convention attributes and unbounded names or values.
import type { TelemetryStore } from '../storage/store.js';
import { attributeCardinalityFindings, unboundedNameFindings } from './cardinality-check.js';
import { clockSkewFindings } from './clock-skew-check.js';
import {
  compareFindings,
  HEALTH_DEFAULTS,
  type HealthOptions,
  type HealthRange,
  type HealthReport,
} from './health-report.js';
import { midGraphFindings, orphanFindings, type SpanLookup } from './propagation-check.js';
import { missingAttributeFindings } from './semantic-conventions-check.js';
import { SpanSet, toSpanView } from './span-set.js';

/** Whole traces fetched to look for parents outside the checked spans; beyond this, orphans go unjudged. */
const MAX_TRACE_LOOKUPS = 200;

/** Looks parents up in the store, one trace at a time, remembering each trace's span ids. */
function storeLookup(store: TelemetryStore): SpanLookup {
  const traces = new Map<string, Set<string>>();
  return (traceId, spanId) => {
    let ids = traces.get(traceId);
    if (!ids) {
      if (traces.size >= MAX_TRACE_LOOKUPS) return undefined;
      const spans = store.trace(Buffer.from(traceId, 'hex'));
      ids = new Set(spans.map((s) => Buffer.from(s.span.spanId).toString('hex')));
      traces.set(traceId, ids);
    }
    return ids.has(spanId);
  };
}

/**
 * Checks the most recent spans (up to `spanLimit`) starting in `range` and reports what is broken.
 *
 * @example
 * const report = findHealth(store, { startMicros: Date.now() * 1000 - 3600e6, endMicros: Date.now() * 1000 });
 * for (const f of report.findings) console.log(f.severity, f.message, f.exampleTraceIds);
 */
export function findHealth(
  store: TelemetryStore,
  range: HealthRange,
  options: HealthOptions = {},
): HealthReport {
  const settings = { ...HEALTH_DEFAULTS };
  for (const key of Object.keys(settings) as (keyof typeof settings)[]) {
    settings[key] = options[key] ?? settings[key];
  }
  const nowUs = options.nowMicros ?? Date.now() * 1000;
  const stored = store.findSpans({
    startUs: range.startMicros,
    endUs: range.endMicros,
    limit: settings.spanLimit + 1,
  });
  const truncated = stored.length > settings.spanLimit;
  const set = new SpanSet(stored.slice(0, settings.spanLimit).map(toSpanView));
  const findings = [
    ...orphanFindings(set, storeLookup(store), nowUs, settings.orphanGraceMicros),
    ...midGraphFindings(set, settings.skewToleranceMicros),
    ...clockSkewFindings(set, settings.skewToleranceMicros),
    ...missingAttributeFindings(set.spans),
    ...unboundedNameFindings(set.spans, settings.nameVariants),
    ...attributeCardinalityFindings(set.spans, settings.attributeValues),
  ].sort(compareFindings);
  return {
    findings,
    checkedSpans: set.spans.length,
    spanLimit: settings.spanLimit,
    truncated,
    range: { startMicros: range.startMicros, endMicros: range.endMicros },
  };
}
