// The hot path's decoder for protobuf trace requests: walks the envelope with protobufjs's Reader and decodes
// each span on its own, keeping a view of the span's exact wire bytes so the store need not re-encode it.
import protobuf from 'protobufjs';
import type { ResourceSpans, ScopeSpans, Span } from './model.js';
import { pb } from './proto.js';

/** The span's bytes as received; removed when validation changes the span. */
export const ENCODED = Symbol('encoded span');

export type SpanWithEncoding = Span & { [ENCODED]?: Buffer };

const LEN = 2;
const key = (field: number): number => (field << 3) | LEN;

function end(reader: protobuf.Reader): number {
  const length = reader.uint32();
  const stop = reader.pos + length;
  if (stop > reader.len) throw new RangeError(`length ${length} at ${reader.pos} runs past the end`);
  return stop;
}

function readScopeSpans(reader: protobuf.Reader, body: Buffer, stop: number): ScopeSpans {
  const scopeSpans: ScopeSpans = { scope: null, spans: [], schemaUrl: '' };
  while (reader.pos < stop) {
    const tag = reader.uint32();
    if (tag === key(2)) {
      const spanEnd = end(reader);
      const start = reader.pos;
      const span = pb.Span.decode(reader, spanEnd - start) as unknown as SpanWithEncoding;
      span[ENCODED] = body.subarray(start, spanEnd);
      scopeSpans.spans.push(span);
    } else if (tag === key(1)) {
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
