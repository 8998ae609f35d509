// Checks decoded requests item by item: items with invalid ids are removed and counted (OTLP partial
// success), over-long attribute values are truncated and the truncated keys recorded on the item.
import type { AnyValue, KeyValue, ResourceLogs, ResourceMetrics, ResourceSpans } from './model.js';
import { ENCODED, type SpanWithEncoding, WireSpan } from './trace-request-reader.js';

/** The attribute listing which attribute keys of an item had their values truncated. */
export const TRUNCATED_ATTRIBUTE = 'skein.truncated_attributes';

export interface ValidationResult {
  rejected: number;
  truncated: number;
  /** Why items were rejected or changed, one short phrase per cause. */
  reasons: string[];
}

function isValidId(id: Uint8Array | undefined, length: number): boolean {
  if (!id || id.length !== length) return false;
  for (let i = 0; i < length; i++) if (id[i] !== 0) return true;
  return false;
}

/** Truncates over-long string and bytes values in place (recursing into arrays and kvlists). */
function truncateValue(value: AnyValue | null | undefined, limit: number): boolean {
  if (!value) return false;
  if (typeof value.stringValue === 'string' && value.stringValue.length > limit) {
    value.stringValue = value.stringValue.slice(0, limit);
    return true;
  }
  if (value.bytesValue && value.bytesValue.length > limit) {
    value.bytesValue = value.bytesValue.subarray(0, limit);
    return true;
  }
  let changed = false;
  if (value.arrayValue) for (const v of value.arrayValue.values) changed = truncateValue(v, limit) || changed;
  if (value.kvlistValue) {
    for (const kv of value.kvlistValue.values) changed = truncateValue(kv.value, limit) || changed;
  }
  return changed;
}

/** Truncates an attribute list; returns how many values were cut and appends the TRUNCATED_ATTRIBUTE marker. */
function truncateAttributes(attributes: KeyValue[], limit: number): number {
  let keys: AnyValue[] | undefined;
  for (const kv of attributes) {
    if (truncateValue(kv.value, limit)) (keys ??= []).push({ stringValue: kv.key });
  }
  if (!keys) return 0;
  attributes.push({ key: TRUNCATED_ATTRIBUTE, value: { arrayValue: { values: keys } } });
  return keys.length;
}

function note(result: ValidationResult, reason: string): void {
  if (!result.reasons.includes(reason)) result.reasons.push(reason);
}

function finish(result: ValidationResult): ValidationResult {
  if (result.truncated > 0) note(result, `${result.truncated} attribute value(s) truncated`);
  return result;
}

/** Validates spans in place: ids must be 16/8 non-zero bytes, a parent id empty or 8 bytes. */
export function validateTraces(resourceSpans: ResourceSpans[], maxValueLength: number): ValidationResult {
  const result: ValidationResult = { rejected: 0, truncated: 0, reasons: [] };
  for (const rs of resourceSpans) {
    if (rs.resource) result.truncated += truncateAttributes(rs.resource.attributes, maxValueLength);
    for (const ss of rs.scopeSpans) {
      const spans = ss.spans;
      let kept = 0;
      for (let span of spans) {
        if (!isValidId(span.traceId, 16) || !isValidId(span.spanId, 8)) {
          note(result, 'invalid trace or span id');
          result.rejected++;
          continue;
        }
        if (span.parentSpanId.length !== 0 && span.parentSpanId.length !== 8) {
          note(result, 'invalid parent span id');
          result.rejected++;
          continue;
        }
        const before = result.truncated;
        // A span smaller than the limit cannot hold an over-long value: skip the walk on the hot path.
        const encoded = (span as SpanWithEncoding)[ENCODED];
        if (!encoded || encoded.length > maxValueLength) {
          if (span instanceof WireSpan) span = span.decoded();
          result.truncated += truncateAttributes(span.attributes, maxValueLength);
          for (const e of span.events) result.truncated += truncateAttributes(e.attributes, maxValueLength);
          for (const l of span.links) result.truncated += truncateAttributes(l.attributes, maxValueLength);
          if (result.truncated !== before) delete (span as SpanWithEncoding)[ENCODED];
        }
        spans[kept++] = span;
      }
      spans.length = kept;
    }
  }
  return finish(result);
}

/** Validates log records in place: trace and span ids are optional, but when present must be valid. */
export function validateLogs(resourceLogs: ResourceLogs[], maxValueLength: number): ValidationResult {
  const result: ValidationResult = { rejected: 0, truncated: 0, reasons: [] };
  for (const rl of resourceLogs) {
    if (rl.resource) result.truncated += truncateAttributes(rl.resource.attributes, maxValueLength);
    for (const sl of rl.scopeLogs) {
      const records = sl.logRecords;
      let kept = 0;
      for (const record of records) {
        const traceOk = record.traceId.length === 0 || isValidId(record.traceId, 16);
        const spanOk = record.spanId.length === 0 || isValidId(record.spanId, 8);
        if (!traceOk || !spanOk) {
          note(result, 'invalid trace or span id');
          result.rejected++;
          continue;
        }
        result.truncated += truncateAttributes(record.attributes, maxValueLength);
        if (truncateValue(record.body, maxValueLength)) {
          result.truncated++;
          record.attributes.push({
            key: TRUNCATED_ATTRIBUTE,
            value: { arrayValue: { values: [{ stringValue: 'body' }] } },
          });
        }
        records[kept++] = record;
      }
      records.length = kept;
    }
  }
  return finish(result);
}

/** Validates metrics: a metric without a data type or name is rejected with its points counted. */
export function validateMetrics(
  resourceMetrics: ResourceMetrics[],
  maxValueLength: number,
): ValidationResult {
  const result: ValidationResult = { rejected: 0, truncated: 0, reasons: [] };
  for (const rm of resourceMetrics) {
    if (rm.resource) result.truncated += truncateAttributes(rm.resource.attributes, maxValueLength);
    for (const sm of rm.scopeMetrics) {
      sm.metrics = sm.metrics.filter((metric) => {
        const data =
          metric.gauge ?? metric.sum ?? metric.histogram ?? metric.exponentialHistogram ?? metric.summary;
        if (!metric.name || !data) {
          note(result, 'metric without a name or data');
          result.rejected += data?.dataPoints.length ?? 0;
          return false;
        }
        for (const p of data.dataPoints) result.truncated += truncateAttributes(p.attributes, maxValueLength);
        return true;
      });
    }
  }
  return finish(result);
}
