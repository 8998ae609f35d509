// Skein's own tracer: the same spans as the SDK's Tracer (sampler, span limits, span processors, ReadableSpan for
// every exporter), at a fraction of the cost per span. The SDK copies and validates the start attributes three
// times, reads two clocks and converts both to [seconds, nanos] at start and end; a server span paid ~4 µs for it
// on the request path. Here attributes are checked and copied once, the clock is read once per event and times
// become HrTime only when an exporter asks. Spans are plain OpenTelemetry API spans to user code, children made
// by any tracer (the SDK's, third-party instrumentations) parent to them through the context as usual.
import { randomFillSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  context as contextApi,
  diag,
  INVALID_SPAN_CONTEXT,
  SamplingDecision,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type AttributeValue,
  type Context,
  type Exception,
  type HrTime,
  type Link,
  type Span,
  type SpanAttributes,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type TimeInput,
  type Tracer,
} from '@opentelemetry/api';
import {
  isAttributeValue,
  isTimeInput,
  isTimeInputHrTime,
  isTracingSuppressed,
  type InstrumentationScope,
} from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, Sampler, SpanProcessor, TimedEvent } from '@opentelemetry/sdk-trace-base';

export interface LeanSpanLimits {
  attributeCountLimit: number;
  /** Infinity for no limit. */
  attributeValueLengthLimit: number;
  eventCountLimit: number;
  linkCountLimit: number;
  attributePerEventCountLimit: number;
  attributePerLinkCountLimit: number;
}

/** The SDK's defaults (TracerProvider), used where the configuration sets no limit. */
export const DEFAULT_SPAN_LIMITS: LeanSpanLimits = {
  attributeCountLimit: 128,
  attributeValueLengthLimit: Infinity,
  eventCountLimit: 128,
  linkCountLimit: 128,
  attributePerEventCountLimit: 128,
  attributePerLinkCountLimit: 128,
};

export interface LeanTracerOptions {
  resource: Resource;
  scope: InstrumentationScope;
  sampler: Sampler;
  limits: LeanSpanLimits;
  /** The processors of the SDK tracer provider, so both tracers' spans take the same way out. */
  processors: readonly SpanProcessor[];
}

/** Random ids from a pool refilled by the CSPRNG 4 KiB at a time. */
class IdPool {
  private readonly pool = Buffer.allocUnsafe(4096);
  private offset = this.pool.length;

  /** A span id (8 bytes) as hex. */
  spanId(): string {
    const start = this.take(8);
    return this.pool.toString('hex', start, start + 8);
  }

  /** A trace id (16 bytes) and a span id, as 48 hex digits from one conversion: the trace id, then the span id. */
  traceAndSpanIds(): string {
    const start = this.take(24);
    return this.pool.toString('hex', start, start + 24);
  }

  /** The offset of `bytes` fresh random bytes in the pool, each id among them (16 then 8 bytes) not all zero. */
  private take(bytes: 8 | 24): number {
    for (;;) {
      if (this.offset + bytes > this.pool.length) {
        randomFillSync(this.pool);
        this.offset = 0;
      }
      const start = this.offset;
      this.offset += bytes;
      // An all-zero id is invalid (W3C Trace Context); the chance is 2^-64 or less, but it must not escape.
      if (
        bytes === 8
          ? !allZero(this.pool, start, 8)
          : !allZero(this.pool, start, 16) && !allZero(this.pool, start + 16, 8)
      ) {
        return start;
      }
    }
  }
}

function allZero(bytes: Buffer, start: number, length: number): boolean {
  for (let i = start; i < start + length; i++) if (bytes[i] !== 0) return false;
  return true;
}

const ids = new IdPool();

/**
 * Wall-clock milliseconds for a performance.now() reading. The anchor between the two clocks is re-read once a
 * second, so spans follow wall-clock adjustments as the SDK's do (it re-reads both clocks for every span).
 */
class Clock {
  private anchorWall = Date.now();
  private anchorPerf = performance.now();

  wallMs(perf: number): number {
    if (perf - this.anchorPerf > 1000) {
      this.anchorWall = Date.now();
      this.anchorPerf = performance.now();
    }
    return this.anchorWall + (perf - this.anchorPerf);
  }
}

const clock = new Clock();

const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];
const NO_EVENTS: TimedEvent[] = Object.freeze([]) as unknown as TimedEvent[];
const UNSET_STATUS: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });

function toHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

/** A TimeInput as the SDK reads it: performance.now() ms, epoch ms, a Date or an HrTime. */
function inputToMs(input: TimeInput): number {
  if (typeof input === 'number') return input <= performance.now() ? clock.wallMs(input) : input;
  if (input instanceof Date) return input.getTime();
  if (isTimeInputHrTime(input)) return input[0] * 1000 + input[1] / 1e6;
  return Date.now();
}

export class LeanTracer implements Tracer {
  constructor(private readonly options: LeanTracerOptions) {}

  startSpan(name: string, spanOptions: SpanOptions = {}, ctx: Context = contextApi.active()): Span {
    return this.start(name, spanOptions, ctx, false);
  }

  /**
   * startSpan() for Skein's own instrumentation, which hands its attributes object over: built for this span
   * alone and never touched again by the caller. If every value is a valid primitive within the limits, the span
   * keeps the object instead of copying it attribute by attribute; otherwise it copies as startSpan() does.
   */
  startSpanAdopting(name: string, spanOptions: SpanOptions, ctx: Context): Span {
    return this.start(name, spanOptions, ctx, true);
  }

  private start(name: string, spanOptions: SpanOptions, ctx: Context, adopt: boolean): Span {
    if (spanOptions.root) ctx = trace.deleteSpan(ctx);
    if (isTracingSuppressed(ctx)) return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const parent = trace.getSpanContext(ctx);
    const validParent = parent !== undefined && trace.isSpanContextValid(parent) ? parent : undefined;
    let traceId: string;
    let spanId: string;
    if (validParent === undefined) {
      const both = ids.traceAndSpanIds();
      traceId = both.slice(0, 32);
      spanId = both.slice(32);
    } else {
      traceId = validParent.traceId;
      spanId = ids.spanId();
    }
    const kind = spanOptions.kind ?? SpanKind.INTERNAL;
    const links = spanOptions.links ?? [];
    const attributes = spanOptions.attributes ?? {};
    const sampling = this.options.sampler.shouldSample(ctx, traceId, name, kind, attributes, links);
    const spanContext: SpanContext = {
      traceId,
      spanId,
      traceFlags:
        sampling.decision === SamplingDecision.RECORD_AND_SAMPLED ? TraceFlags.SAMPLED : TraceFlags.NONE,
      traceState: sampling.traceState ?? validParent?.traceState,
    };
    if (sampling.decision === SamplingDecision.NOT_RECORD) return trace.wrapSpanContext(spanContext);
    const startMs = spanOptions.startTime === undefined ? undefined : inputToMs(spanOptions.startTime);
    const span = new LeanSpan(this.options, spanContext, validParent, name, kind, startMs);
    if (!adopt || !span.adopt(attributes)) span.setAttributes(attributes);
    if (sampling.attributes !== undefined) span.setAttributes(sampling.attributes);
    for (const link of links) span.addLink(link);
    for (const processor of this.options.processors) processor.onStart(span, ctx);
    return span;
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    options: SpanOptions,
    ctx: Context,
    fn: F,
  ): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(
    name: string,
    ...rest: [F] | [SpanOptions, F] | [SpanOptions, Context, F]
  ): ReturnType<F> {
    const fn = rest[rest.length - 1] as F;
    const options = rest.length > 1 ? (rest[0] as SpanOptions) : undefined;
    const parent = rest.length > 2 ? (rest[1] as Context) : contextApi.active();
    const span = this.startSpan(name, options, parent);
    return contextApi.with(trace.setSpan(parent, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}

/** A recording span: the OpenTelemetry API's Span for code, the SDK's ReadableSpan for processors and exporters. */
export class LeanSpan implements Span, ReadableSpan {
  attributes: Attributes = {};
  /** Shared and frozen while empty: most spans have no link and no event, and need no array of their own. */
  links: Link[] = NO_LINKS;
  events: TimedEvent[] = NO_EVENTS;
  status: SpanStatus = UNSET_STATUS;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  readonly resource: Resource;
  readonly instrumentationScope: InstrumentationScope;

  private attributeCount = 0;
  private readonly startPerf: number;
  /** Wall-clock start in ms; the end is start + (endPerf - startPerf), so a duration never uses the wall clock. */
  readonly startMs: number;
  private endPerf = -1;
  private readonly limits: LeanSpanLimits;
  private readonly processors: readonly SpanProcessor[];

  constructor(
    options: LeanTracerOptions,
    private readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    public name: string,
    readonly kind: SpanKind,
    startMs: number | undefined,
  ) {
    this.resource = options.resource;
    this.instrumentationScope = options.scope;
    this.limits = options.limits;
    this.processors = options.processors;
    this.startPerf = performance.now();
    this.startMs = startMs ?? clock.wallMs(this.startPerf);
  }

  spanContext(): SpanContext {
    return this.context;
  }

  get startTime(): HrTime {
    return toHrTime(this.startMs);
  }

  get endTime(): HrTime {
    return this.endPerf < 0 ? [0, 0] : toHrTime(this.endMs);
  }

  /** Wall-clock end in ms, once ended (the exporter reads it instead of the HrTime). */
  get endMs(): number {
    return this.startMs + (this.endPerf - this.startPerf);
  }

  get duration(): HrTime {
    return this.endPerf < 0 ? [-1, -1] : toHrTime(this.endPerf - this.startPerf);
  }

  get ended(): boolean {
    return this.endPerf >= 0;
  }

  isRecording(): boolean {
    return this.endPerf < 0;
  }

  setAttribute(key: string, value: SpanAttributes[string]): this {
    if (value === null || value === undefined || this.endedWarning()) return this;
    if (key.length === 0) {
      diag.warn(`Invalid attribute key: ${key}`);
      return this;
    }
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && !isAttributeValue(value)) {
      diag.warn(`Invalid attribute value set for key: ${key}`);
      return this;
    }
    const isNew = !Object.prototype.hasOwnProperty.call(this.attributes, key);
    if (isNew && this.attributeCount >= this.limits.attributeCountLimit) {
      this.droppedAttributesCount++;
      return this;
    }
    this.attributes[key] = truncate(value, this.limits.attributeValueLengthLimit);
    if (isNew) this.attributeCount++;
    return this;
  }

  /** Takes `attributes` as this span's own if every value is a string, number or boolean within the limits. */
  adopt(attributes: Attributes): boolean {
    if (this.limits.attributeValueLengthLimit !== Infinity) return false;
    let count = 0;
    for (const key in attributes) {
      const type = typeof attributes[key];
      if ((type !== 'string' && type !== 'number' && type !== 'boolean') || key.length === 0) return false;
      count++;
    }
    if (count > this.limits.attributeCountLimit) return false;
    this.attributes = attributes;
    this.attributeCount = count;
    return true;
  }

  setAttributes(attributes: SpanAttributes): this {
    for (const key in attributes) {
      if (Object.prototype.hasOwnProperty.call(attributes, key)) this.setAttribute(key, attributes[key]);
    }
    return this;
  }

  addEvent(name: string, attributesOrTime?: SpanAttributes | TimeInput, time?: TimeInput): this {
    if (this.endedWarning()) return this;
    const limit = this.limits.eventCountLimit;
    if (limit === 0) {
      this.droppedEventsCount++;
      return this;
    }
    if (this.events === NO_EVENTS) this.events = [];
    if (this.events.length >= limit) {
      this.events.shift();
      this.droppedEventsCount++;
    }
    let attributes: SpanAttributes | undefined;
    if (isTimeInput(attributesOrTime)) {
      if (!isTimeInput(time)) time = attributesOrTime;
    } else {
      attributes = attributesOrTime;
    }
    const [kept, dropped] = limitedAttributes(
      attributes,
      this.limits.attributePerEventCountLimit,
      this.limits.attributeValueLengthLimit,
    );
    this.events.push({
      name,
      attributes: kept,
      time: time === undefined ? this.now() : toHrTime(inputToMs(time)),
      droppedAttributesCount: dropped,
    });
    return this;
  }

  addLink(link: Link): this {
    if (this.endedWarning()) return this;
    const limit = this.limits.linkCountLimit;
    if (limit === 0) {
      this.droppedLinksCount++;
      return this;
    }
    if (this.links === NO_LINKS) this.links = [];
    if (this.links.length >= limit) {
      this.links.shift();
      this.droppedLinksCount++;
    }
    const [kept, dropped] = limitedAttributes(
      link.attributes,
      this.limits.attributePerLinkCountLimit,
      this.limits.attributeValueLengthLimit,
    );
    const stored: Link = { context: link.context };
    if (Object.keys(kept).length > 0) stored.attributes = kept;
    if (dropped > 0) stored.droppedAttributesCount = dropped;
    this.links.push(stored);
    return this;
  }

  addLinks(links: Link[]): this {
    for (const link of links) this.addLink(link);
    return this;
  }

  setStatus(status: SpanStatus): this {
    if (this.endedWarning()) return this;
    // OK is final; UNSET never overrides (OpenTelemetry trace API, Set Status).
    if (status.code === SpanStatusCode.UNSET || this.status.code === SpanStatusCode.OK) return this;
    this.status =
      status.code === SpanStatusCode.ERROR && typeof status.message === 'string'
        ? { code: status.code, message: status.message }
        : { code: status.code };
    return this;
  }

  updateName(name: string): this {
    if (!this.endedWarning()) this.name = name;
    return this;
  }

  end(endTime?: TimeInput): void {
    if (this.endPerf >= 0) {
      diag.error(
        `${this.name} ${this.context.traceId}-${this.context.spanId} - You can only call end() on a span once.`,
      );
      return;
    }
    const endPerf =
      endTime === undefined ? performance.now() : this.startPerf + (inputToMs(endTime) - this.startMs);
    // An end before the start is recorded as a zero duration, as the SDK does.
    this.endPerf = Math.max(endPerf, this.startPerf);
    for (const processor of this.processors) processor.onEnding?.(this);
    for (const processor of this.processors) processor.onEnd(this);
  }

  recordException(exception: Exception, time?: TimeInput): void {
    const attributes: Attributes = {};
    if (typeof exception === 'string') {
      attributes['exception.message'] = exception;
    } else if (exception) {
      if (exception.code) attributes['exception.type'] = exception.code.toString();
      else if (exception.name) attributes['exception.type'] = exception.name;
      if (exception.message) attributes['exception.message'] = exception.message;
      if (exception.stack) attributes['exception.stacktrace'] = exception.stack;
    }
    if (attributes['exception.type'] !== undefined || attributes['exception.message'] !== undefined) {
      this.addEvent('exception', attributes, time);
    } else {
      diag.warn(`Failed to record an exception ${String(exception)}`);
    }
  }

  private now(): HrTime {
    return toHrTime(clock.wallMs(performance.now()));
  }

  private endedWarning(): boolean {
    if (this.endPerf < 0) return false;
    diag.warn(
      `Cannot execute the operation on ended Span {traceId: ${this.context.traceId}, spanId: ${this.context.spanId}}`,
    );
    return true;
  }
}

/** The value cut to `limit` characters; arrays are copied, so changing the caller's array later changes nothing. */
function truncate(value: AttributeValue, limit: number): AttributeValue {
  if (limit === Infinity) return Array.isArray(value) ? (value.slice() as AttributeValue) : value;
  if (typeof value === 'string') return value.length > limit ? value.slice(0, limit) : value;
  if (Array.isArray(value)) {
    return value.map((v: unknown) =>
      typeof v === 'string' && v.length > limit ? v.slice(0, limit) : v,
    ) as AttributeValue;
  }
  return value;
}

/** Valid attributes up to `countLimit`, values truncated, and how many were dropped for the limit. */
function limitedAttributes(
  attributes: Attributes | undefined,
  countLimit: number,
  lengthLimit: number,
): [Attributes, number] {
  const kept: Attributes = {};
  let count = 0;
  let dropped = 0;
  for (const key in attributes) {
    if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
    const value = attributes[key];
    if (key.length === 0 || value === undefined || !isAttributeValue(value)) continue;
    if (count >= countLimit) {
      dropped++;
      continue;
    }
    kept[key] = truncate(value, lengthLimit);
    count++;
  }
  return [kept, dropped];
}

/** startSpan() that hands `options.attributes` over when `tracer` is lean (see LeanTracer.startSpanAdopting). */
export function startSpanAdopting(tracer: Tracer, name: string, options: SpanOptions, ctx: Context): Span {
  return tracer instanceof LeanTracer
    ? tracer.startSpanAdopting(name, options, ctx)
    : tracer.startSpan(name, options, ctx);
}
