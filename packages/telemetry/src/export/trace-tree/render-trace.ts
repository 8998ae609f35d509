// Renders one trace as an indented tree: per span its duration, service, name, error mark and key attributes,
// with log records under the span they were written in. Shared by `skein traces` and the tree exporter.
import { palette, type Palette } from './color.js';
import { formatDuration } from './format-duration.js';
import type { TreeLog, TreeSpan } from './tree-span.js';

/** Attributes shown after the span name (in this order), plus every `messaging.*` attribute. */
export const KEY_ATTRIBUTES: readonly string[] = [
  'http.request.method',
  'http.route',
  'http.response.status_code',
  'db.system.name',
  'db.operation.name',
  'error.type',
];

export interface RenderOptions {
  /** ANSI colours (decide with useColor()). */
  color: boolean;
  /** Log records of the trace, printed under their spans. */
  logs?: readonly TreeLog[];
}

interface Layout {
  paint: Palette;
  serviceWidth: number;
  children: Map<string, TreeSpan[]>;
  logs: Map<string, TreeLog[]>;
  lines: string[];
}

const DURATION_WIDTH = 8;

/**
 * Renders the spans of one trace (any order) as text ending in a newline.
 *
 * @example
 * process.stdout.write(renderTrace(spans, { color: useColor(process.env, process.stdout.isTTY) }));
 * // Trace 4bf92f3577b34da6a3ce929d0e0e4736  2026-11-25 10:30:10.123  182ms  3 spans
 * //    182ms  gateway   POST /orders  http.request.method=POST http.route=/orders http.response.status_code=201
 * //   40.1ms  catalog   └─ GET /products/:id  …
 */
export function renderTrace(spans: readonly TreeSpan[], options: RenderOptions): string {
  if (spans.length === 0) return '';
  const paint = palette(options.color);
  const ids = new Set(spans.map((s) => s.spanId));
  const roots: TreeSpan[] = [];
  const children = new Map<string, TreeSpan[]>();
  for (const span of spans) {
    if (span.parentSpanId === undefined || !ids.has(span.parentSpanId)) roots.push(span);
    else push(children, span.parentSpanId, span);
  }
  const byStart = (a: TreeSpan, b: TreeSpan): number => a.startUs - b.startUs;
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);
  const logs = new Map<string, TreeLog[]>();
  const loose: TreeLog[] = [];
  for (const log of [...(options.logs ?? [])].sort((a, b) => a.timeUs - b.timeUs)) {
    if (log.spanId !== undefined && ids.has(log.spanId)) push(logs, log.spanId, log);
    else loose.push(log);
  }
  const layout: Layout = {
    paint,
    serviceWidth: Math.max(...spans.map((s) => s.service.length)),
    children,
    logs,
    lines: [header(spans, roots[0]!, paint)],
  };
  for (const root of roots) {
    const orphan = root.parentSpanId !== undefined;
    renderSpan(layout, root, '', '', orphan);
  }
  for (const log of loose) layout.lines.push(logLine(layout, '', log));
  return `${layout.lines.join('\n')}\n`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function header(spans: readonly TreeSpan[], first: TreeSpan, paint: Palette): string {
  let start = Infinity;
  let end = -Infinity;
  let errors = 0;
  for (const s of spans) {
    start = Math.min(start, s.startUs);
    end = Math.max(end, s.startUs + s.durationUs);
    if (s.status === 'error') errors++;
  }
  const count = `${spans.length} ${spans.length === 1 ? 'span' : 'spans'}`;
  const errorCount = errors > 0 ? paint.red(`, ${errors} ${errors === 1 ? 'error' : 'errors'}`) : '';
  return (
    `${paint.bold(`Trace ${first.traceId}`)}  ${paint.dim(formatTime(start))}  ` +
    `${formatDuration(end - start)}  ${count}${errorCount}`
  );
}

function renderSpan(layout: Layout, span: TreeSpan, branch: string, indent: string, orphan: boolean): void {
  const { paint } = layout;
  const kids = layout.children.get(span.spanId) ?? [];
  const error =
    span.status === 'error'
      ? `  ${paint.red(paint.bold('ERROR'))}${span.statusMessage ? paint.red(` ${quote(span.statusMessage)}`) : ''}`
      : '';
  const missing = orphan ? paint.dim(`  (parent ${span.parentSpanId} not shown)`) : '';
  const attrs = keyAttributes(span.attributes);
  layout.lines.push(
    `${paint.yellow(formatDuration(span.durationUs).padStart(DURATION_WIDTH))}  ` +
      `${paint.cyan(span.service.padEnd(layout.serviceWidth))}  ` +
      `${branch ? paint.dim(branch) : ''}${paint.bold(span.name)}${error}${missing}${attrs ? `  ${paint.dim(attrs)}` : ''}`,
  );
  const below = indent + (kids.length > 0 ? '│  ' : '   ');
  for (const log of layout.logs.get(span.spanId) ?? []) layout.lines.push(logLine(layout, below, log));
  kids.forEach((kid, i) => {
    const last = i === kids.length - 1;
    renderSpan(layout, kid, indent + (last ? '└─ ' : '├─ '), indent + (last ? '   ' : '│  '), false);
  });
}

function logLine(layout: Layout, indent: string, log: TreeLog): string {
  const { paint } = layout;
  const severity = /^(error|fatal)/i.test(log.severity) ? paint.red(log.severity) : log.severity;
  const pad = ' '.repeat(DURATION_WIDTH + 2 + layout.serviceWidth + 2);
  return `${pad}${paint.dim(indent)}${paint.dim('·')} ${severity} ${log.body}`;
}

function keyAttributes(attributes: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  for (const key of KEY_ATTRIBUTES) {
    if (attributes[key] !== undefined) parts.push(`${key}=${formatValue(attributes[key])}`);
  }
  for (const key of Object.keys(attributes).sort()) {
    if (key.startsWith('messaging.')) parts.push(`${key}=${formatValue(attributes[key])}`);
  }
  return parts.join(' ');
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** Microseconds since the epoch → local "YYYY-MM-DD HH:MM:SS.mmm". */
function formatTime(us: number): string {
  const d = new Date(us / 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  );
}
