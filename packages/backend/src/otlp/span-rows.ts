// Validated spans flattened to the columns the store writes, with their ids and bytes left where they are in
// the request body: a form one thread can hand to another by transferring two buffers, with no per-span
// objects to copy, so decoding and writing can run on different threads.
import type { ResourceSpans } from './model.js';
import { durationMicros, nanosToMicros, serviceName } from './model.js';
import { pb } from './proto.js';
import { ENCODED, type SpanWithEncoding, WireSpan } from './trace-request-reader.js';

/** Numbers per span in `SpanRows.columns`, at these offsets. */
export const SPAN_COLUMNS = 11;
export const COL = {
  /** Index into `groups`. */
  group: 0,
  /** Offsets into `bytes`: trace id (16 bytes), span id (8), parent span id (8, or -1 for none), the span. */
  traceId: 1,
  spanId: 2,
  parentSpanId: 3,
  data: 4,
  dataLength: 5,
  /** Index into `names`. */
  name: 6,
  kind: 7,
  startUs: 8,
  durationUs: 9,
  status: 10,
} as const;

/** The resource and scope a run of spans shares, encoded as the catalogue stores them. */
export interface SpanGroup {
  service: string;
  resource: Uint8Array;
  resourceSchemaUrl: string;
  scope: Uint8Array;
  scopeSchemaUrl: string;
}

export interface SpanRows {
  count: number;
  columns: Float64Array;
  /** Per span, the first 8 bytes of its trace id as a signed big-endian integer: the indexed trace key. */
  traceKeys: BigInt64Array;
  /** The request body followed by the bytes of spans not stored as received (re-encoded after validation). */
  bytes: ArrayBuffer;
  names: string[];
  groups: SpanGroup[];
  /** Each distinct (service, name, kind) of the request once. */
  operations: [service: string, name: string, kind: number][];
}

const EMPTY_RESOURCE = { attributes: [], droppedAttributesCount: 0 };
const EMPTY_SCOPE = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };

/**
 * Flattens validated spans decoded from `body` (by readTraceRequest). Ids and bytes of spans read from the body
 * are offsets into it; the few others (validated into new bytes, or decoded by protobufjs) are appended.
 */
export function toSpanRows(resourceSpans: ResourceSpans[], body: Buffer): SpanRows {
  let count = 0;
  for (const rs of resourceSpans) for (const ss of rs.scopeSpans) count += ss.spans.length;
  const columns = new Float64Array(count * SPAN_COLUMNS);
  const traceKeys = new BigInt64Array(count);
  const appended: Buffer[] = [];
  let appendedAt = body.byteLength;
  const append = (bytes: Uint8Array): number => {
    appended.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    appendedAt += bytes.byteLength;
    return appendedAt - bytes.byteLength;
  };
  /** Offset of `view` in the body when it is a view of it, else of an appended copy. */
  const offset = (view: Uint8Array): number => {
    const at = view.byteOffset - body.byteOffset;
    // Pooled Buffers share one ArrayBuffer: the same buffer alone does not make a view of the body.
    const inBody = view.buffer === body.buffer && at >= 0 && at + view.byteLength <= body.byteLength;
    return inBody ? at : append(view);
  };
  const names = new Map<string, number>();
  const operations = new Map<string, [string, string, number]>();
  const groups: SpanGroup[] = [];
  let at = 0;
  for (const rs of resourceSpans) {
    const service = serviceName(rs.resource);
    const resource = pb.Resource.encode(rs.resource ?? EMPTY_RESOURCE).finish();
    for (const ss of rs.scopeSpans) {
      const group = groups.length;
      groups.push({
        service,
        resource,
        resourceSchemaUrl: rs.schemaUrl,
        scope: pb.InstrumentationScope.encode(ss.scope ?? EMPTY_SCOPE).finish(),
        scopeSchemaUrl: ss.schemaUrl,
      });
      for (const span of ss.spans) {
        const wire = span instanceof WireSpan;
        const data = (span as SpanWithEncoding)[ENCODED] ?? pb.Span.encode(span).finish();
        let name = names.get(span.name);
        if (name === undefined) names.set(span.name, (name = names.size));
        const op = `${service}\n${span.name}\n${span.kind}`;
        if (!operations.has(op)) operations.set(op, [service, span.name, span.kind]);
        traceKeys[at / SPAN_COLUMNS] = new DataView(
          span.traceId.buffer,
          span.traceId.byteOffset,
          8,
        ).getBigInt64(0);
        columns[at + COL.group] = group;
        columns[at + COL.traceId] = offset(span.traceId);
        columns[at + COL.spanId] = offset(span.spanId);
        columns[at + COL.parentSpanId] = span.parentSpanId.length === 8 ? offset(span.parentSpanId) : -1;
        columns[at + COL.data] = offset(data);
        columns[at + COL.dataLength] = data.byteLength;
        columns[at + COL.name] = name;
        columns[at + COL.kind] = span.kind;
        columns[at + COL.startUs] = wire ? span.startUs : nanosToMicros(span.startTimeUnixNano);
        columns[at + COL.durationUs] = wire
          ? span.durationUs
          : durationMicros(span.startTimeUnixNano, span.endTimeUnixNano);
        columns[at + COL.status] = span.status?.code ?? 0;
        at += SPAN_COLUMNS;
      }
    }
  }
  return {
    count,
    columns,
    traceKeys,
    bytes: withAppended(body, appended, appendedAt),
    names: [...names.keys()],
    groups,
    operations: [...operations.values()],
  };
}

/** The body's own buffer when nothing was appended and it is the whole buffer (the usual case), else a copy. */
function withAppended(body: Buffer, appended: Buffer[], length: number): ArrayBuffer {
  const whole = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength;
  if (appended.length === 0 && whole && body.buffer instanceof ArrayBuffer) return body.buffer;
  const bytes = new Uint8Array(length);
  bytes.set(body);
  let end = body.byteLength;
  for (const part of appended) {
    bytes.set(part, end);
    end += part.byteLength;
  }
  return bytes.buffer;
}
