// The spans a health check looks at, flattened once (hex ids, µs times, scalar attributes as strings) and
// indexed by id and by parent, so each check is a pass over plain objects.
import { nanosToMicros, valueField, type AnyValue, type KeyValue } from '../otlp/model.js';
import type { StoredSpan } from '../storage/store.js';

export const SPAN_KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

export interface SpanView {
  traceId: string;
  spanId: string;
  /** '' for a trace root. */
  parentId: string;
  service: string;
  name: string;
  kind: number;
  startUs: number;
  endUs: number;
  attributes: Map<string, string>;
}

function scalar(value: AnyValue | null | undefined): string | undefined {
  const field = valueField(value);
  if (field === 'stringValue') return value!.stringValue!;
  if (field === 'intValue' || field === 'doubleValue' || field === 'boolValue') return String(value![field]);
  if (field === 'arrayValue') return (value!.arrayValue?.values ?? []).map(scalar).join(',');
  return undefined;
}

function attributeMap(attributes: KeyValue[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const kv of attributes) {
    const text = scalar(kv.value);
    if (text !== undefined) map.set(kv.key, text);
  }
  return map;
}

function hex(bytes: Uint8Array | undefined): string {
  return bytes && bytes.length > 0 ? Buffer.from(bytes).toString('hex') : '';
}

export function toSpanView(stored: StoredSpan): SpanView {
  const { span } = stored;
  return {
    traceId: hex(span.traceId),
    spanId: hex(span.spanId),
    parentId: /^0*$/.test(hex(span.parentSpanId)) ? '' : hex(span.parentSpanId),
    service: stored.resource.serviceName,
    name: span.name,
    kind: span.kind,
    startUs: nanosToMicros(span.startTimeUnixNano),
    endUs: nanosToMicros(span.endTimeUnixNano),
    attributes: attributeMap(span.attributes),
  };
}

/** The checked spans with lookups by `traceId/spanId` and by parent. */
export class SpanSet {
  private readonly byId = new Map<string, SpanView>();
  private readonly children = new Map<string, SpanView[]>();

  constructor(readonly spans: SpanView[]) {
    for (const span of spans) {
      this.byId.set(`${span.traceId}/${span.spanId}`, span);
      if (!span.parentId) continue;
      const key = `${span.traceId}/${span.parentId}`;
      const list = this.children.get(key);
      if (list) list.push(span);
      else this.children.set(key, [span]);
    }
  }

  parentOf(span: SpanView): SpanView | undefined {
    return span.parentId ? this.byId.get(`${span.traceId}/${span.parentId}`) : undefined;
  }

  hasChildren(span: SpanView): boolean {
    return this.children.has(`${span.traceId}/${span.spanId}`);
  }
}
