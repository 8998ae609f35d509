// Spans encoded as OTLP Span messages, grouped by resource and instrumentation scope as an
// ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) nests them; frame() wraps the groups into the
// request body. Resources and scopes are encoded once per object and reused: they are the same objects for every
// span of a process, and their attributes are a good part of each request.
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { LENGTH_DELIMITED, ProtoWriter, varintLength } from './proto-writer.js';
import type { WriterPool } from './writer-pool.js';
import { writeAttributes } from './attribute-writer.js';
import { writeSpan } from './span-writer.js';

/** The Resource message (length prefix included), encoded once per resource object. */
const resourceBytes = new WeakMap<Resource, Uint8Array>();
/** The InstrumentationScope message (length prefix included), encoded once per scope object. */
const scopeBytes = new WeakMap<InstrumentationScope, Uint8Array>();

/** The spans of one resource and scope: the repeated `ScopeSpans.spans` field, already encoded. */
class ScopeGroup {
  constructor(
    readonly resource: Resource,
    readonly scope: InstrumentationScope,
    readonly writer: ProtoWriter,
  ) {}
}

export class EncodedBatch {
  /** Spans in the batch. */
  count = 0;
  private readonly groups: ScopeGroup[] = [];
  private last: ScopeGroup | undefined;

  /** @param writers where the batch takes the writers it encodes into, and gives them back once framed. */
  constructor(private readonly writers: WriterPool) {}

  /** Encodes `span` into its group; a span that fails to encode leaves nothing behind and the error is thrown. */
  add(span: ReadableSpan): void {
    const w = this.groupOf(span.resource, span.instrumentationScope).writer;
    const start = w.pos;
    try {
      w.tag(2, LENGTH_DELIMITED); // ScopeSpans.spans
      writeSpan(w, span);
    } catch (error) {
      w.pos = start;
      throw error;
    }
    this.count++;
  }

  /** Resolves once no resource of the batch is still detecting attributes (they go into the request). */
  async resourcesSettled(): Promise<void> {
    for (const group of this.groups) {
      if (group.resource.asyncAttributesPending) await group.resource.waitForAsyncAttributes?.();
    }
  }

  /**
   * Writes the ExportTraceServiceRequest body into `w` (each resource once, with its scopes in the order their spans
   * came) and returns it, a view of `w`'s buffer. The batch's own writers go back to their source.
   */
  frame(w: ProtoWriter): Uint8Array {
    const resources: Resource[] = [];
    for (const group of this.groups) if (!resources.includes(group.resource)) resources.push(group.resource);
    const sizes = resources.map((resource) => this.resourceSpansSize(resource));
    resources.forEach((resource, i) => {
      w.tag(1, LENGTH_DELIMITED); // ExportTraceServiceRequest.resource_spans
      w.varint32(sizes[i]!);
      w.tag(1, LENGTH_DELIMITED); // ResourceSpans.resource
      w.raw(encodedResource(resource));
      for (const group of this.groups) {
        if (group.resource !== resource) continue;
        w.tag(2, LENGTH_DELIMITED); // ResourceSpans.scope_spans
        w.varint32(scopeSpansSize(group));
        w.tag(1, LENGTH_DELIMITED); // ScopeSpans.scope
        w.raw(encodedScope(group.scope));
        w.raw(group.writer.view());
        writeSchemaUrl(w, group.scope.schemaUrl);
      }
      writeSchemaUrl(w, resource.schemaUrl);
    });
    for (const group of this.groups) this.writers.give(group.writer);
    this.groups.length = 0;
    this.last = undefined;
    return w.view();
  }

  private groupOf(resource: Resource, scope: InstrumentationScope): ScopeGroup {
    const last = this.last;
    if (last !== undefined && last.resource === resource && last.scope === scope) return last;
    let group = this.groups.find((g) => g.resource === resource && g.scope === scope);
    if (group === undefined) {
      group = new ScopeGroup(resource, scope, this.writers.take());
      this.groups.push(group);
    }
    this.last = group;
    return group;
  }

  private resourceSpansSize(resource: Resource): number {
    let size = 1 + encodedResource(resource).length + schemaUrlSize(resource.schemaUrl);
    for (const group of this.groups) {
      if (group.resource !== resource) continue;
      const scopeSpans = scopeSpansSize(group);
      size += 1 + varintLength(scopeSpans) + scopeSpans;
    }
    return size;
  }
}

function scopeSpansSize(group: ScopeGroup): number {
  return 1 + encodedScope(group.scope).length + group.writer.pos + schemaUrlSize(group.scope.schemaUrl);
}

function schemaUrlSize(url: string | undefined): number {
  if (!url) return 0;
  const bytes = Buffer.byteLength(url);
  return 1 + varintLength(bytes) + bytes;
}

/** `schema_url` is field 3 of both ResourceSpans and ScopeSpans. */
function writeSchemaUrl(w: ProtoWriter, url: string | undefined): void {
  if (!url) return;
  w.tag(3, LENGTH_DELIMITED);
  w.string(url);
}

function encodedResource(resource: Resource): Uint8Array {
  let bytes = resourceBytes.get(resource);
  if (bytes === undefined) {
    const w = new ProtoWriter();
    const mark = w.begin();
    writeAttributes(w, 1, resource.attributes);
    w.end(mark);
    bytes = w.copyFrom(0);
    // Attributes still being detected asynchronously may change: cache only a settled resource.
    if (resource.asyncAttributesPending !== true) resourceBytes.set(resource, bytes);
  }
  return bytes;
}

function encodedScope(scope: InstrumentationScope): Uint8Array {
  let bytes = scopeBytes.get(scope);
  if (bytes === undefined) {
    const w = new ProtoWriter();
    const mark = w.begin();
    w.tag(1, LENGTH_DELIMITED);
    w.string(scope.name);
    if (scope.version) {
      w.tag(2, LENGTH_DELIMITED);
      w.string(scope.version);
    }
    w.end(mark);
    bytes = w.copyFrom(0);
    scopeBytes.set(scope, bytes);
  }
  return bytes;
}
