// Encodes finished spans as an OTLP ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) in one
// pass. Resources and instrumentation scopes are encoded once and reused: they are the same objects for every
// span of a process, and their attributes are a good part of each batch.
import type { Attributes, AttributeValue, HrTime, Link, SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { FIXED32, FIXED64, LENGTH_DELIMITED, ProtoWriter, VARINT } from './proto-writer.js';

// Span.flags bits: the W3C trace flags, then whether the parent's remoteness is known and whether it is remote.
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
const MAX_INT64 = 2 ** 63;

/** The Resource message (its attributes), encoded once per resource object. */
const resourceBytes = new WeakMap<Resource, Uint8Array>();
/** The InstrumentationScope message, encoded once per scope object. */
const scopeBytes = new WeakMap<InstrumentationScope, Uint8Array>();

export class TraceRequestEncoder {
  private readonly writer = new ProtoWriter();
  /** Scratch writer for resources and scopes seen for the first time. */
  private readonly once = new ProtoWriter();

  /** The request body for `spans`, grouped by resource then scope as the OTLP message nests them. */
  encode(spans: readonly ReadableSpan[]): Uint8Array {
    const w = this.writer;
    w.reset();
    for (const [resource, scopes] of group(spans)) {
      w.tag(1, LENGTH_DELIMITED); // ExportTraceServiceRequest.resource_spans
      const resourceSpans = w.begin();
      w.tag(1, LENGTH_DELIMITED); // ResourceSpans.resource
      w.raw(this.resource(resource));
      for (const [scope, scoped] of scopes) {
        w.tag(2, LENGTH_DELIMITED); // ResourceSpans.scope_spans
        const scopeSpans = w.begin();
        w.tag(1, LENGTH_DELIMITED); // ScopeSpans.scope
        w.raw(this.scope(scope));
        for (const span of scoped) {
          w.tag(2, LENGTH_DELIMITED); // ScopeSpans.spans
          writeSpan(w, span);
        }
        if (scope.schemaUrl) {
          w.tag(3, LENGTH_DELIMITED);
          w.string(scope.schemaUrl);
        }
        w.end(scopeSpans);
      }
      if (resource.schemaUrl) {
        w.tag(3, LENGTH_DELIMITED);
        w.string(resource.schemaUrl);
      }
      w.end(resourceSpans);
    }
    return w.finish();
  }

  private resource(resource: Resource): Uint8Array {
    let bytes = resourceBytes.get(resource);
    if (bytes === undefined) {
      const w = this.once;
      w.reset();
      const mark = w.begin();
      writeAttributes(w, 1, resource.attributes);
      w.end(mark);
      bytes = w.finish();
      // Attributes still being detected asynchronously may change: cache only a settled resource.
      if (resource.asyncAttributesPending !== true) resourceBytes.set(resource, bytes);
    }
    return bytes;
  }

  private scope(scope: InstrumentationScope): Uint8Array {
    let bytes = scopeBytes.get(scope);
    if (bytes === undefined) {
      const w = this.once;
      w.reset();
      const mark = w.begin();
      w.tag(1, LENGTH_DELIMITED);
      w.string(scope.name);
      if (scope.version) {
        w.tag(2, LENGTH_DELIMITED);
        w.string(scope.version);
      }
      w.end(mark);
      bytes = w.finish();
      scopeBytes.set(scope, bytes);
    }
    return bytes;
  }
}

function group(spans: readonly ReadableSpan[]): Map<Resource, Map<InstrumentationScope, ReadableSpan[]>> {
  const resources = new Map<Resource, Map<InstrumentationScope, ReadableSpan[]>>();
  for (const span of spans) {
    let scopes = resources.get(span.resource);
    if (scopes === undefined) {
      scopes = new Map();
      resources.set(span.resource, scopes);
    }
    const scoped = scopes.get(span.instrumentationScope);
    if (scoped === undefined) scopes.set(span.instrumentationScope, [span]);
    else scoped.push(span);
  }
  return resources;
}

function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  const mark = w.begin();
  const ctx = span.spanContext();
  writeIds(w, ctx);
  const parent = span.parentSpanContext;
  if (parent?.spanId) {
    w.tag(4, LENGTH_DELIMITED);
    w.hexBytes(parent.spanId);
  }
  w.tag(5, LENGTH_DELIMITED);
  w.string(span.name);
  // The API's SpanKind starts at INTERNAL = 0; OTLP keeps 0 for UNSPECIFIED.
  w.tag(6, VARINT);
  w.varint32(span.kind + 1);
  w.tag(7, FIXED64);
  writeTime(w, span.startTime);
  w.tag(8, FIXED64);
  writeTime(w, span.endTime);
  writeAttributes(w, 9, span.attributes);
  if (span.droppedAttributesCount > 0) {
    w.tag(10, VARINT);
    w.varint32(span.droppedAttributesCount);
  }
  for (const event of span.events) writeEvent(w, event);
  if (span.droppedEventsCount > 0) {
    w.tag(12, VARINT);
    w.varint32(span.droppedEventsCount);
  }
  for (const link of span.links) writeLink(w, link);
  if (span.droppedLinksCount > 0) {
    w.tag(14, VARINT);
    w.varint32(span.droppedLinksCount);
  }
  w.tag(15, LENGTH_DELIMITED); // status
  const status = w.begin();
  if (span.status.message) {
    w.tag(2, LENGTH_DELIMITED);
    w.string(span.status.message);
  }
  if (span.status.code !== 0) {
    w.tag(3, VARINT);
    w.varint32(span.status.code);
  }
  w.end(status);
  w.tag(16, FIXED32);
  w.fixed32(flags(ctx.traceFlags, parent));
  w.end(mark);
}

/** trace_id, span_id and trace_state: fields 1 to 3 of both Span and Span.Link. */
function writeIds(w: ProtoWriter, ctx: SpanContext): void {
  w.tag(1, LENGTH_DELIMITED);
  w.hexBytes(ctx.traceId);
  w.tag(2, LENGTH_DELIMITED);
  w.hexBytes(ctx.spanId);
  const traceState = ctx.traceState?.serialize();
  if (traceState) {
    w.tag(3, LENGTH_DELIMITED);
    w.string(traceState);
  }
}

function flags(traceFlags: number, parent: SpanContext | undefined): number {
  return (traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote ? IS_REMOTE : 0);
}

function writeEvent(w: ProtoWriter, event: TimedEvent): void {
  w.tag(11, LENGTH_DELIMITED);
  const mark = w.begin();
  w.tag(1, FIXED64);
  writeTime(w, event.time);
  w.tag(2, LENGTH_DELIMITED);
  w.string(event.name);
  if (event.attributes) writeAttributes(w, 3, event.attributes);
  if (event.droppedAttributesCount) {
    w.tag(4, VARINT);
    w.varint32(event.droppedAttributesCount);
  }
  w.end(mark);
}

function writeLink(w: ProtoWriter, link: Link): void {
  w.tag(13, LENGTH_DELIMITED);
  const mark = w.begin();
  const ctx = link.context;
  writeIds(w, ctx);
  if (link.attributes) writeAttributes(w, 4, link.attributes);
  if (link.droppedAttributesCount) {
    w.tag(5, VARINT);
    w.varint32(link.droppedAttributesCount);
  }
  w.tag(6, FIXED32);
  w.fixed32((ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (ctx.isRemote ? IS_REMOTE : 0));
  w.end(mark);
}

/** HrTime [seconds, nanoseconds] as fixed64 nanoseconds, exact beyond 2^53 (no BigInt). */
function writeTime(w: ProtoWriter, time: HrTime): void {
  const seconds = time[0];
  const lowSeconds = seconds & 0xffff;
  const highSeconds = Math.floor(seconds / 0x10000);
  // seconds × 1e9 = highSeconds × 1e9 × 2^16 + lowSeconds × 1e9; each product is exact below 2^53.
  const high = highSeconds * 1e9;
  const highLow16 = high % 0x10000;
  const low = highLow16 * 0x10000 + lowSeconds * 1e9 + time[1];
  const carry = Math.floor(low / 0x1_0000_0000);
  w.fixed64(low - carry * 0x1_0000_0000, Math.floor(high / 0x10000) + carry);
}

function writeAttributes(w: ProtoWriter, field: number, attributes: Attributes): void {
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    w.tag(field, LENGTH_DELIMITED);
    const values = keyValues.valuesOf(key);
    const cached = values?.get(value as string);
    if (cached !== undefined) {
      w.raw(cached);
      continue;
    }
    const kv = w.begin();
    w.tag(1, LENGTH_DELIMITED);
    w.string(key);
    w.tag(2, LENGTH_DELIMITED);
    const any = w.begin();
    writeAnyValue(w, value);
    w.end(any);
    w.end(kv);
    if (values !== VARIES) keyValues.remember(key, values, value, w, kv);
  }
}

/** A key's cache that grew past VALUES_PER_KEY: its values vary (ids, ports, paths) and are no longer cached. */
const VARIES = new Map<string | number | boolean, Uint8Array>();
const VALUES_PER_KEY = 64;
const CACHED_BYTES_LIMIT = 1 << 20;
const CACHED_KEYS_LIMIT = 1024;
const CACHED_STRING_LIMIT = 100;

/**
 * Encoded KeyValue messages (length prefix included) of attributes whose values repeat: a server span's method,
 * scheme, route, addresses and status code are the same for most requests, and copying their bytes costs less
 * than encoding key and value again. A key that shows more than VALUES_PER_KEY values stops being cached, and
 * the whole cache holds at most CACHED_BYTES_LIMIT bytes of CACHED_KEYS_LIMIT keys, so varying attributes or
 * keys cannot grow it.
 */
class KeyValueCache {
  private readonly byKey = new Map<string, Map<string | number | boolean, Uint8Array>>();
  private bytes = 0;

  /** The encoded values of `key`: VARIES (empty) once it has too many, undefined while it has none. */
  valuesOf(key: string): Map<string | number | boolean, Uint8Array> | undefined {
    return this.byKey.get(key);
  }

  /**
   * Keeps the KeyValue just written at `mark` (its length byte) to its end, if it is worth keeping. `values` is
   * what valuesOf(key) returned for it, so the key is looked up once per attribute.
   */
  remember(
    key: string,
    values: Map<string | number | boolean, Uint8Array> | undefined,
    value: AttributeValue,
    w: ProtoWriter,
    mark: number,
  ): void {
    if (Array.isArray(value) || (typeof value === 'string' && value.length > CACHED_STRING_LIMIT)) return;
    if (values === undefined) {
      if (this.bytes >= CACHED_BYTES_LIMIT || this.byKey.size >= CACHED_KEYS_LIMIT) return;
      values = new Map();
      this.byKey.set(key, values);
    } else if (values.size >= VALUES_PER_KEY) {
      this.bytes -= [...values.values()].reduce((sum, b) => sum + b.length, 0);
      this.byKey.set(key, VARIES);
      return;
    }
    if (this.bytes >= CACHED_BYTES_LIMIT) return;
    const encoded = w.copy(mark);
    values.set(value as string | number | boolean, encoded);
    this.bytes += encoded.length;
  }
}

const keyValues = new KeyValueCache();

function writeAnyValue(w: ProtoWriter, value: AttributeValue | null | undefined): void {
  if (typeof value === 'string') {
    w.tag(1, LENGTH_DELIMITED);
    w.string(value);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -MAX_INT64 && value < MAX_INT64) {
      w.tag(3, VARINT);
      w.varint64(value);
    } else {
      w.tag(4, FIXED64);
      w.double(value);
    }
  } else if (typeof value === 'boolean') {
    w.tag(2, VARINT);
    w.varint32(value ? 1 : 0);
  } else if (Array.isArray(value)) {
    w.tag(5, LENGTH_DELIMITED); // array_value
    const array = w.begin();
    for (const item of value) {
      w.tag(1, LENGTH_DELIMITED);
      const element = w.begin();
      writeAnyValue(w, item);
      w.end(element);
    }
    w.end(array);
  }
}
