// The trace waterfall: a collapsible span tree beside a time axis. Only the rows in view are in the DOM,
// so a 10,000-span trace opens and scrolls like a small one. Logs of a span are rows right under it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { serviceColor } from '../colors.js';
import { formatDuration } from '../format.js';
import type { LogRecord } from '../model/native.js';
import type { SpanNode, TraceModel } from '../model/trace.js';

export const ROW_HEIGHT = 26;
const OVERSCAN = 12;

type Row = { kind: 'span'; node: SpanNode } | { kind: 'log'; log: LogRecord; node: SpanNode };

interface Props {
  model: TraceModel;
  critical: Set<string>;
  logsBySpan: Map<string, LogRecord[]>;
  selected: string | undefined;
  onSelect: (spanId: string) => void;
}

function visibleRows(model: TraceModel, collapsed: Set<string>, logsBySpan: Map<string, LogRecord[]>): Row[] {
  const rows: Row[] = [];
  let skipBelow = -1;
  for (const node of model.ordered) {
    if (skipBelow >= 0) {
      if (node.depth > skipBelow) continue;
      skipBelow = -1;
    }
    rows.push({ kind: 'span', node });
    const logs = logsBySpan.get(node.id);
    if (logs) for (const log of logs) rows.push({ kind: 'log', log, node });
    if (collapsed.has(node.id) && node.children.length > 0) skipBelow = node.depth;
  }
  return rows;
}

export function Waterfall({ model, critical, logsBySpan, selected, onSelect }: Props) {
  const [collapsed, setCollapsed] = useState<Set<string>>(() => new Set());
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const box = useRef<HTMLDivElement>(null);
  const rows = useMemo(() => visibleRows(model, collapsed, logsBySpan), [model, collapsed, logsBySpan]);
  const total = Math.max(model.end - model.start, 1);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Keep the selected span in view when it changes (deep link, keyboard).
  useEffect(() => {
    const el = box.current;
    if (!el || selected === undefined) return;
    const index = rows.findIndex((r) => r.kind === 'span' && r.node.id === selected);
    if (index < 0) return;
    const top = index * ROW_HEIGHT;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  }, [selected]);

  const toggle = (id: string, open?: boolean): void => {
    setCollapsed((prev) => {
      const next = new Set(prev);
      const shouldOpen = open ?? next.has(id);
      if (shouldOpen) next.delete(id);
      else next.add(id);
      return next;
    });
  };

  const onKey = (e: KeyboardEvent): void => {
    const spanRows = rows.filter((r) => r.kind === 'span');
    const i = spanRows.findIndex((r) => r.node.id === selected);
    const node = spanRows[i]?.node;
    const move = (to: number): void => {
      const target = spanRows[Math.max(0, Math.min(spanRows.length - 1, to))];
      if (target) onSelect(target.node.id);
    };
    switch (e.key) {
      case 'ArrowDown':
      case 'j':
        move(i + 1);
        break;
      case 'ArrowUp':
      case 'k':
        move(i < 0 ? 0 : i - 1);
        break;
      case 'Enter':
      case ' ':
        if (node && node.children.length > 0) toggle(node.id);
        else if (!node) move(0);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(spanRows.length - 1);
        break;
      case 'ArrowLeft':
        if (node && node.children.length > 0 && !collapsed.has(node.id)) toggle(node.id, false);
        else if (node?.parent) onSelect(node.parent.id);
        break;
      case 'ArrowRight':
        if (node && collapsed.has(node.id)) toggle(node.id, true);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const slice = rows.slice(first, last);

  return (
    <div class="waterfall">
      <div class="waterfall-head" aria-hidden="true">
        <span>Service · operation</span>
        <span class="ticks">
          {[0, 0.25, 0.5, 0.75, 1].map((f) => (
            <span key={f} style={{ left: `${f * 100}%` }}>
              {formatDuration(total * f)}
            </span>
          ))}
        </span>
      </div>
      <div
        class="waterfall-body"
        ref={box}
        tabIndex={0}
        role="tree"
        aria-label="Spans"
        aria-activedescendant={selected ? `row-${selected}` : undefined}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKey}
      >
        <div class="waterfall-canvas" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          {slice.map((row, k) => {
            const top = (first + k) * ROW_HEIGHT;
            return row.kind === 'span' ? (
              <SpanRow
                key={row.node.id}
                node={row.node}
                top={top}
                model={model}
                total={total}
                critical={critical.has(row.node.id)}
                selected={row.node.id === selected}
                collapsed={collapsed.has(row.node.id)}
                onToggle={() => toggle(row.node.id)}
                onSelect={() => onSelect(row.node.id)}
              />
            ) : (
              <LogRow
                key={`log-${row.node.id}-${first + k}`}
                row={row}
                top={top}
                model={model}
                total={total}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

interface SpanRowProps {
  node: SpanNode;
  top: number;
  model: TraceModel;
  total: number;
  critical: boolean;
  selected: boolean;
  collapsed: boolean;
  onToggle: () => void;
  onSelect: () => void;
}

function SpanRow({
  node,
  top,
  model,
  total,
  critical,
  selected,
  collapsed,
  onToggle,
  onSelect,
}: SpanRowProps) {
  const left = ((node.start - model.start) / total) * 100;
  const width = Math.max(((node.end - node.start) / total) * 100, 0.2);
  const color = serviceColor(node.service);
  const cls = [
    'row',
    'span-row',
    selected ? 'selected' : '',
    critical ? 'critical' : '',
    node.error ? 'error' : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div
      id={`row-${node.id}`}
      class={cls}
      role="treeitem"
      aria-level={node.depth + 1}
      aria-selected={selected}
      aria-expanded={node.children.length > 0 ? !collapsed : undefined}
      data-span-id={node.id}
      style={{ transform: `translateY(${top}px)` }}
      onClick={onSelect}
    >
      <div class="name" style={{ paddingLeft: `${Math.min(node.depth, 40) * 14 + 4}px` }}>
        {node.children.length > 0 ? (
          <button
            type="button"
            class="toggle"
            tabIndex={-1}
            aria-label={collapsed ? 'Expand' : 'Collapse'}
            onClick={(e) => {
              e.stopPropagation();
              onToggle();
            }}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span class="toggle" />
        )}
        <span class="swatch" style={{ background: color }} />
        {node.error && (
          <span class="error-mark" title="Error">
            !
          </span>
        )}
        <span class="service">{node.service}</span>
        <span class="operation">{node.name}</span>
        {collapsed && <span class="muted"> +{node.children.length}</span>}
      </div>
      <div class="timeline">
        <div class="bar" style={{ left: `${left}%`, width: `${width}%`, background: color }} />
        <span
          class={`duration ${left + width > 88 ? 'inside' : ''}`}
          style={left + width > 88 ? { right: `${100 - left - width}%` } : { left: `${left + width}%` }}
        >
          {formatDuration(node.end - node.start)}
        </span>
      </div>
    </div>
  );
}

function LogRow({
  row,
  top,
  model,
  total,
}: {
  row: Row & { kind: 'log' };
  top: number;
  model: TraceModel;
  total: number;
}) {
  const left = ((row.log.timestamp - model.start) / total) * 100;
  return (
    <div class="row log-row" style={{ transform: `translateY(${top}px)` }}>
      <div class="name" style={{ paddingLeft: `${Math.min(row.node.depth + 1, 41) * 14 + 26}px` }}>
        <span class={`severity sev-${severityClass(row.log.severityNumber)}`}>
          {row.log.severityText || 'LOG'}
        </span>
        <span class="log-body">{row.log.body}</span>
      </div>
      <div class="timeline">
        <div class="log-mark" style={{ left: `${Math.max(0, Math.min(left, 100))}%` }} />
      </div>
    </div>
  );
}

/** OTLP severity numbers: 1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal. */
export function severityClass(n: number): string {
  if (n >= 17) return 'error';
  if (n >= 13) return 'warn';
  if (n >= 9) return 'info';
  return 'debug';
}
