// The hot path's decoder for protobuf trace requests: walks the envelope with protobufjs's Reader and reads of
// each span only what the store indexes, checking the rest of its bytes against the schema without building
// it. The span keeps a view of its exact wire bytes, so the store need not re-encode it.
import protobuf from 'protobufjs';
import type { KeyValue, ResourceSpans, ScopeSpans, Span, SpanEvent, SpanLink } from './model.js';
import { pb } from './proto.js';

/** The span's bytes as received; removed when validation changes the span. */
export const ENCODED = Symbol('encoded span');

export type SpanWithEncoding = Span & { [ENCODED]?: Buffer };

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;
const key = (field: number): number => (field << 3) | LEN;

/** A field's wire type, or the shape of the message it holds. */
interface Shape {
  [field: number]: number | Shape;
}

const ANY_VALUE: Shape = { 1: LEN, 2: VARINT, 3: VARINT, 4: FIXED64, 7: LEN };
const KEY_VALUE: Shape = { 1: LEN, 2: ANY_VALUE };
ANY_VALUE[5] = { 1: ANY_VALUE };
ANY_VALUE[6] = { 1: KEY_VALUE };
const EVENT: Shape = { 1: FIXED64, 2: LEN, 3: KEY_VALUE, 4: VARINT };
const LINK: Shape = { 1: LEN, 2: LEN, 3: LEN, 4: KEY_VALUE, 5: VARINT, 6: FIXED32 };
const STATUS: Shape = { 2: LEN, 3: VARINT };
const SPAN: Shape = {
  1: LEN,
  2: LEN,
  3: LEN,
  4: LEN,
  5: LEN,
  6: VARINT,
  7: FIXED64,
  8: FIXED64,
  9: KEY_VALUE,
  10: VARINT,
  11: EVENT,
  12: VARINT,
  13: LINK,
  14: VARINT,
  15: STATUS,
  16: FIXED32,
};
const MAX_DEPTH = 32;

/** Thrown where protobufjs might read the bytes differently than the checker: the span is then decoded by it. */
class Unchecked extends Error {}

/** Skips a varint of a known field; protobufjs reads those as 32-bit (at most 5 bytes) except int64 values. */
function skipVarint(reader: protobuf.Reader, maxBytes: number): void {
  const start = reader.pos;
  reader.skip();
  if (reader.pos - start > maxBytes) throw new Unchecked();
}

/** Checks that a message of `shape` spans exactly [reader.pos, end): every known field has its wire type. */
function check(reader: protobuf.Reader, end: number, shape: Shape, depth: number): void {
  if (depth > MAX_DEPTH) throw new Unchecked();
  while (reader.pos < end) {
    const tag = reader.uint32();
    const wire = tag & 7;
    const expected = shape[tag >>> 3];
    if (expected === undefined) reader.skipType(wire);
    else if (typeof expected === 'object') {
      if (wire !== LEN) throw new Unchecked();
      const stop = reader.uint32() + reader.pos;
      if (stop > end) throw new Unchecked();
      check(reader, stop, expected, depth + 1);
    } else if (wire !== expected) throw new Unchecked();
    else if (wire === VARINT) skipVarint(reader, shape === ANY_VALUE && tag >>> 3 === 3 ? 10 : 5);
    else reader.skipType(wire);
  }
  if (reader.pos !== end) throw new Unchecked();
}

const EMPTY = Buffer.alloc(0);

/** ns = hi·2³² + lo, in whole microseconds, exactly: 2³² = 4,294,967·1000 + 296. */
function micros(hi: number, lo: number): number {
  return hi * 4_294_967 + Math.floor((hi * 296 + lo) / 1000);
}

/**
 * A span read for storage: the fields the store indexes, read eagerly; the rest (attributes, events, links,
 * trace state, exact timestamps) decoded from its bytes on first use.
 */
export class WireSpan implements Span {
  traceId: Buffer = EMPTY;
  spanId: Buffer = EMPTY;
  parentSpanId: Buffer = EMPTY;
  flags = 0;
  name = '';
  kind = 0;
  status: { code: number; message: string } | null = null;
  /** Start time and duration (never negative) in whole microseconds: the stored columns. */
  startUs = 0;
  durationUs = 0;
  [ENCODED]: Buffer;
  private full: SpanWithEncoding | undefined;

  constructor(encoded: Buffer) {
    this[ENCODED] = encoded;
  }

  /** The span as protobufjs decodes it (with its bytes attached), for code that reads or changes the rest. */
  decoded(): SpanWithEncoding {
    if (!this.full) {
      this.full = pb.Span.decode(this[ENCODED]) as unknown as SpanWithEncoding;
      this.full[ENCODED] = this[ENCODED];
    }
    return this.full;
  }

  get traceState(): string {
    return this.decoded().traceState;
  }
  get startTimeUnixNano(): Span['startTimeUnixNano'] {
    return this.decoded().startTimeUnixNano;
  }
  get endTimeUnixNano(): Span['endTimeUnixNano'] {
    return this.decoded().endTimeUnixNano;
  }
  get attributes(): KeyValue[] {
    return this.decoded().attributes;
  }
  get droppedAttributesCount(): number {
    return this.decoded().droppedAttributesCount;
  }
  get events(): SpanEvent[] {
    return this.decoded().events;
  }
  get droppedEventsCount(): number {
    return this.decoded().droppedEventsCount;
  }
  get links(): SpanLink[] {
    return this.decoded().links;
  }
  get droppedLinksCount(): number {
    return this.decoded().droppedLinksCount;
  }
}

function readStatus(reader: protobuf.Reader, end: number): { code: number; message: string } {
  const status = { code: 0, message: '' };
  while (reader.pos < end) {
    const tag = reader.uint32();
    if (tag === ((3 << 3) | VARINT)) status.code = reader.int32();
    else if (tag === key(2)) status.message = reader.string();
    else reader.skipType(tag & 7);
  }
  return status;
}

/** Reads the indexed fields of the span in [start, end) and checks the rest; throws Unchecked on anything odd. */
function scanSpan(reader: protobuf.Reader, body: Buffer, end: number): WireSpan {
  const span = new WireSpan(body.subarray(reader.pos, end));
  let startHi = 0;
  let startLo = 0;
  let endHi = 0;
  let endLo = 0;
  while (reader.pos < end) {
    const tag = reader.uint32();
    const field = tag >>> 3;
    const shape = SPAN[field];
    if (shape === undefined) {
      reader.skipType(tag & 7);
      continue;
    }
    if ((tag & 7) !== (typeof shape === 'object' ? LEN : shape)) throw new Unchecked();
    switch (field) {
      case 1:
      case 2:
      case 4: {
        const length = reader.uint32();
        const bytes = body.subarray(reader.pos, reader.pos + length);
        reader.skip(length);
        if (field === 1) span.traceId = bytes;
        else if (field === 2) span.spanId = bytes;
        else span.parentSpanId = bytes;
        break;
      }
      case 5:
        span.name = reader.string();
        break;
      case 6: {
        const at = reader.pos;
        span.kind = reader.int32();
        if (reader.pos - at > 5) throw new Unchecked();
        break;
      }
      case 7:
        startLo = reader.fixed32();
        startHi = reader.fixed32();
        break;
      case 8:
        endLo = reader.fixed32();
        endHi = reader.fixed32();
        break;
      case 15: {
        const stop = reader.uint32() + reader.pos;
        if (stop > end) throw new Unchecked();
        const at = reader.pos;
        check(reader, stop, STATUS, 1);
        reader.pos = at;
        span.status = readStatus(reader, stop);
        break;
      }
      case 16:
        span.flags = reader.fixed32();
        break;
      default:
        if (typeof shape === 'object') {
          const stop = reader.uint32() + reader.pos;
          if (stop > end) throw new Unchecked();
          check(reader, stop, shape, 1);
        } else if (shape === VARINT) skipVarint(reader, 5);
        else reader.skipType(shape);
    }
  }
  if (reader.pos !== end) throw new Unchecked();
  span.startUs = micros(startHi, startLo);
  const later = endHi > startHi || (endHi === startHi && endLo >= startLo);
  span.durationUs = later ? micros(endHi - startHi, endLo - startLo) : 0;
  return span;
}

function end(reader: protobuf.Reader): number {
  const length = reader.uint32();
  const stop = reader.pos + length;
  if (stop > reader.len) throw new RangeError(`length ${length} at ${reader.pos} runs past the end`);
  return stop;
}

function readSpan(reader: protobuf.Reader, body: Buffer, spanEnd: number): Span {
  const start = reader.pos;
  try {
    return scanSpan(reader, body, spanEnd);
  } catch {
    // Odd but perhaps decodable bytes: decode them exactly as protobufjs does (it may accept or throw).
    reader.pos = start;
    const span = pb.Span.decode(reader, spanEnd - start) as unknown as SpanWithEncoding;
    span[ENCODED] = body.subarray(start, spanEnd);
    return span;
  }
}

function readScopeSpans(reader: protobuf.Reader, body: Buffer, stop: number): ScopeSpans {
  const scopeSpans: ScopeSpans = { scope: null, spans: [], schemaUrl: '' };
  while (reader.pos < stop) {
    const tag = reader.uint32();
    if (tag === key(2)) scopeSpans.spans.push(readSpan(reader, body, end(reader)));
    else if (tag === key(1)) {
      const scopeEnd = end(reader);
      scopeSpans.scope = pb.InstrumentationScope.decode(reader, scopeEnd - reader.pos) as never;
    } else if (tag === key(3)) scopeSpans.schemaUrl = reader.string();
    else reader.skipType(tag & 7);
  }
  return scopeSpans;
}

function readResourceSpans(reader: protobuf.Reader, body: Buffer, stop: number): ResourceSpans {
  const resourceSpans: ResourceSpans = { resource: null, scopeSpans: [], schemaUrl: '' };
  while (reader.pos < stop) {
    const tag = reader.uint32();
    if (tag === key(2)) resourceSpans.scopeSpans.push(readScopeSpans(reader, body, end(reader)));
    else if (tag === key(1)) {
      const resourceEnd = end(reader);
      resourceSpans.resource = pb.Resource.decode(reader, resourceEnd - reader.pos) as never;
    } else if (tag === key(3)) resourceSpans.schemaUrl = reader.string();
    else reader.skipType(tag & 7);
  }
  return resourceSpans;
}

/** Decodes an ExportTraceServiceRequest; throws on malformed input like protobufjs's own decode. */
export function readTraceRequest(bytes: Uint8Array): { resourceSpans: ResourceSpans[] } {
  const body = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = protobuf.Reader.create(body);
  const resourceSpans: ResourceSpans[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === key(1)) resourceSpans.push(readResourceSpans(reader, body, end(reader)));
    else reader.skipType(tag & 7);
  }
  return { resourceSpans };
}
