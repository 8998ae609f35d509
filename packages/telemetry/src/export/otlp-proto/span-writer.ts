// Writes one finished span as an OTLP Span message (opentelemetry/proto/trace/v1/trace.proto). A span from Skein's
// lean tracer is read through its own fields (times in milliseconds, no HrTime arrays); any other ReadableSpan
// through the SDK interface.
import type { HrTime, Link, SpanContext } from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { LeanSpan } from '../../span/lean-tracer.js';
import { writeAttributes } from './attribute-writer.js';
import { FIXED32, FIXED64, LENGTH_DELIMITED, type ProtoWriter, VARINT } from './proto-writer.js';

// Span.flags bits: the W3C trace flags, then whether the parent's remoteness is known and whether it is remote.
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;

/** Writes `span` as a length-delimited Span (the caller writes the field tag). */
export function writeSpan(w: ProtoWriter, span: ReadableSpan): void {
  const mark = w.beginWide();
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
  if (span instanceof LeanSpan) {
    w.tag(7, FIXED64);
    writeTimeMs(w, span.startMs);
    w.tag(8, FIXED64);
    writeTimeMs(w, span.endMs);
  } else {
    w.tag(7, FIXED64);
    writeTime(w, span.startTime[0], span.startTime[1]);
    w.tag(8, FIXED64);
    writeTime(w, span.endTime[0], span.endTime[1]);
  }
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
  w.fixed32((ctx.traceFlags & 0xff) | HAS_IS_REMOTE | (parent?.isRemote ? IS_REMOTE : 0));
  w.endWide(mark);
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

function writeEvent(w: ProtoWriter, event: TimedEvent): void {
  w.tag(11, LENGTH_DELIMITED);
  const mark = w.begin();
  w.tag(1, FIXED64);
  writeHrTime(w, event.time);
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

function writeHrTime(w: ProtoWriter, time: HrTime): void {
  writeTime(w, time[0], time[1]);
}

/** Epoch milliseconds as the SDK's HrTime would carry them: whole seconds and rounded nanoseconds. */
function writeTimeMs(w: ProtoWriter, ms: number): void {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  if (nanos >= 1e9) writeTime(w, seconds + 1, nanos - 1e9);
  else writeTime(w, seconds, nanos);
}

/** [seconds, nanoseconds] as fixed64 nanoseconds, exact beyond 2^53 (no BigInt). */
function writeTime(w: ProtoWriter, seconds: number, nanos: number): void {
  const lowSeconds = seconds & 0xffff;
  const highSeconds = Math.floor(seconds / 0x10000);
  // seconds × 1e9 = highSeconds × 1e9 × 2^16 + lowSeconds × 1e9; each product is exact below 2^53.
  const high = highSeconds * 1e9;
  const highLow16 = high % 0x10000;
  const low = highLow16 * 0x10000 + lowSeconds * 1e9 + nanos;
  const carry = Math.floor(low / 0x1_0000_0000);
  w.fixed64(low - carry * 0x1_0000_0000, Math.floor(high / 0x10000) + carry);
}
