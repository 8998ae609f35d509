// One trace: header facts, the virtualized waterfall, the selected span's detail and the trace's logs.
import { useMemo, useRef } from 'preact/hooks';
import { ServiceChip } from '../components/service-chip.js';
import { LogList, SpanDetail } from '../components/span-detail.js';
import { Waterfall } from '../components/waterfall.js';
import { formatDuration, formatTime } from '../format.js';
import { traceLogsUrl } from '../model/logs.js';
import { toLogRecords, type LogRecord } from '../model/native.js';
import { criticalPath, waterfallModel, type TraceModel, type WaterfallTrace } from '../model/trace.js';
import { navigate, type Location } from '../router.js';
import { useFetch } from '../use-fetch.js';

const NO_LOGS: LogRecord[] = [];
const POLL_MS = 5000;
/** Spans and logs of a trace keep arriving for a while after it ends (exporters batch); then it is done. */
const SETTLE_US = 60e6;

function traceEndUs(trace: WaterfallTrace): number {
  let end = 0;
  for (const s of trace.spans) end = Math.max(end, s[5] + s[6]);
  return trace.startUs + end;
}

export function TracePage({ traceId, location }: { traceId: string; location: Location }) {
  // The lean waterfall payload: timings only; a selected span's details load with it (SpanDetail).
  const trace = useFetch<WaterfallTrace>(
    `/api/skein/traces/${encodeURIComponent(traceId)}/waterfall`,
    POLL_MS,
    undefined,
    (body) => Date.now() * 1000 - traceEndUs(body) < SETTLE_US,
  );
  const outline = trace.data;
  // A poll that brings no new span keeps the model, so a big waterfall does not redraw for nothing.
  const previous = useRef<TraceModel | undefined>(undefined);
  const model = useMemo(() => {
    if (!outline) return undefined;
    if (previous.current?.ordered.length !== outline.spans.length) previous.current = waterfallModel(outline);
    return previous.current;
  }, [outline]);
  const logs = useFetch(
    model ? traceLogsUrl(traceId, model.start, model.end) : null,
    POLL_MS,
    toLogRecords,
    () => model !== undefined && Date.now() * 1000 - model.end < SETTLE_US,
  );
  const critical = useMemo(() => (model ? criticalPath(model) : new Set<string>()), [model]);
  const logList = logs.data ?? NO_LOGS;
  const logsBySpan = useMemo(() => {
    const map = new Map<string, LogRecord[]>();
    for (const log of logList) {
      if (!log.spanId) continue;
      const list = map.get(log.spanId) ?? [];
      list.push(log);
      map.set(log.spanId, list);
    }
    return map;
  }, [logList]);

  if (trace.error && !outline)
    return (
      <p class="error-text">
        Trace {traceId}: {trace.error}
      </p>
    );
  if (!model) return <p class="muted">Loading trace {traceId}…</p>;

  const selectedId = location.query.get('span') ?? undefined;
  const selected = selectedId ? model.byId.get(selectedId) : undefined;
  const select = (spanId: string): void =>
    navigate(`/trace/${encodeURIComponent(traceId)}?span=${encodeURIComponent(spanId)}`, true);
  const root = model.roots[0];
  return (
    <div class="trace-page">
      <header class="trace-head">
        <h1>
          {root ? (
            <>
              <span class="service">{root.service}</span> <span class="operation">{root.name}</span>
            </>
          ) : (
            'Empty trace'
          )}
        </h1>
        <dl class="facts inline">
          <dt>Trace</dt>
          <dd>
            <code>{model.traceId}</code>
          </dd>
          <dt>Start</dt>
          <dd>{formatTime(model.start)}</dd>
          <dt>Duration</dt>
          <dd>{formatDuration(model.end - model.start)}</dd>
          <dt>Spans</dt>
          <dd data-testid="span-count">{model.ordered.length}</dd>
          <dt>Errors</dt>
          <dd class={model.errorCount > 0 ? 'error-text' : ''}>{model.errorCount}</dd>
        </dl>
        <div>
          {model.services.map((s) => (
            <ServiceChip key={s} name={s} />
          ))}
          <span class="legend critical-legend">critical path</span>
          <span class="muted keys">Keys in the waterfall: ↑ ↓ or j k move, ← → or Enter fold and unfold</span>
        </div>
      </header>
      <div class={`trace-body ${selected ? 'with-detail' : ''}`}>
        <Waterfall
          model={model}
          critical={critical}
          logsBySpan={logsBySpan}
          selected={selectedId}
          onSelect={select}
        />
        {selected && (
          <SpanDetail node={selected} model={model} logs={logsBySpan.get(selected.id) ?? NO_LOGS} />
        )}
      </div>
      <section class="trace-logs">
        <h2>Logs ({logList.length})</h2>
        {logs.error ? (
          <p class="muted">Logs unavailable: {logs.error}</p>
        ) : (
          <LogList logs={logList} showTrace={false} />
        )}
      </section>
    </div>
  );
}
