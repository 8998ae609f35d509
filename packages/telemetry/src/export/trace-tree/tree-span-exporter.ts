// A development span exporter (OTEL_TRACES_EXPORTER=tree): buffers spans per trace and, when a local root
// ends, prints that root's subtree as the trace tree instead of the SDK's raw console dump.
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { fromReadableSpan } from './from-readable-span.js';
import { renderTrace } from './render-trace.js';
import type { TreeSpan } from './tree-span.js';

export interface TreeSpanExporterOptions {
  /** ANSI colours (decide with useColor()). */
  color: boolean;
  /** Where trees go (default: process.stdout). */
  write?: (text: string) => void;
  /** Beyond this many waiting spans the oldest trace is printed as it is (default 10 000). */
  maxBufferedSpans?: number;
}

export class TreeSpanExporter implements SpanExporter {
  private readonly waiting = new Map<string, TreeSpan[]>();
  private waitingCount = 0;
  private readonly color: boolean;
  private readonly write: (text: string) => void;
  private readonly maxBufferedSpans: number;

  constructor(options: TreeSpanExporterOptions) {
    this.color = options.color;
    this.write = options.write ?? ((text) => void process.stdout.write(text));
    this.maxBufferedSpans = options.maxBufferedSpans ?? 10_000;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const roots: TreeSpan[] = [];
    for (const readable of spans) {
      const span = fromReadableSpan(readable);
      const list = this.waiting.get(span.traceId);
      if (list) list.push(span);
      else this.waiting.set(span.traceId, [span]);
      this.waitingCount++;
      // A local root has no parent or a remote one: nothing of this process ends after it in its subtree.
      if (readable.parentSpanContext === undefined || readable.parentSpanContext.isRemote) roots.push(span);
    }
    for (const root of roots) this.print(root.traceId, subtree(this.waiting.get(root.traceId) ?? [], root));
    while (this.waitingCount > this.maxBufferedSpans) {
      const oldest = this.waiting.keys().next().value!;
      this.print(oldest, this.waiting.get(oldest)!);
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Prints what is still waiting (spans whose local root never ended here), so nothing is lost on exit. */
  async shutdown(): Promise<void> {
    for (const [traceId, spans] of [...this.waiting]) this.print(traceId, spans);
  }

  async forceFlush(): Promise<void> {}

  private print(traceId: string, spans: TreeSpan[]): void {
    if (spans.length === 0) return;
    const printed = new Set(spans);
    const rest = (this.waiting.get(traceId) ?? []).filter((s) => !printed.has(s));
    if (rest.length > 0) this.waiting.set(traceId, rest);
    else this.waiting.delete(traceId);
    this.waitingCount -= spans.length;
    this.write(renderTrace(spans, { color: this.color }));
  }
}

/** The root and every span below it among `spans`. */
function subtree(spans: readonly TreeSpan[], root: TreeSpan): TreeSpan[] {
  const children = new Map<string, TreeSpan[]>();
  for (const span of spans) {
    if (span.parentSpanId === undefined || span === root) continue;
    const list = children.get(span.parentSpanId);
    if (list) list.push(span);
    else children.set(span.parentSpanId, [span]);
  }
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]!.spanId) ?? []));
  return out;
}
