// Everything stored about one span: attributes, resource, scope, status, events, links and its logs. The
// waterfall payload carries only timings, so the rest is loaded when the span is selected.
import type { ComponentChildren } from 'preact';
import { formatDuration, formatTime } from '../format.js';
import {
  anyValueText,
  nanosToMicros,
  type LogRecord,
  type NativeSpan,
  type OtlpKeyValue,
} from '../model/native.js';
import type { SpanNode, TraceModel } from '../model/trace.js';
import { useFetch } from '../use-fetch.js';
import { Link, traceHref } from './link.js';
import { ServiceChip } from './service-chip.js';
import { severityClass } from './waterfall.js';

const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'];

function KeyValues({ items }: { items: OtlpKeyValue[] | undefined }) {
  if (!items?.length) return <p class="muted">none</p>;
  return (
    <table class="kv">
      <tbody>
        {items.map((kv, i) => (
          <tr key={`${kv.key}-${i}`}>
            <th scope="row">{kv.key}</th>
            <td>{anyValueText(kv.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <section>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export function spanUrl(traceId: string, spanId: string): string {
  return `/api/skein/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`;
}

export function SpanDetail({ node, model, logs }: { node: SpanNode; model: TraceModel; logs: LogRecord[] }) {
  const detail = useFetch<NativeSpan>(spanUrl(model.traceId, node.id));
  // While the next span loads, the previous answer is still held: show it only for its own span.
  const stored = detail.data?.span.spanId === node.id ? detail.data : undefined;
  return (
    <aside class="span-detail" aria-label="Span detail">
      <h2>
        <ServiceChip name={node.service} /> <span class="operation">{node.name}</span>
      </h2>
      <dl class="facts">
        <dt>Span</dt>
        <dd>
          <code>{node.id}</code>
        </dd>
        {node.parent ? (
          <>
            <dt>Parent</dt>
            <dd>
              <Link href={traceHref(model.traceId, node.parent.id)}>{node.parent.name}</Link>
            </dd>
          </>
        ) : (
          stored?.span.parentSpanId && (
            <>
              <dt>Parent</dt>
              <dd>
                <code>{stored.span.parentSpanId}</code> <span class="muted">(not stored)</span>
              </dd>
            </>
          )
        )}
        <dt>Kind</dt>
        <dd>{node.kind || 'internal'}</dd>
        <dt>Start</dt>
        <dd>
          {formatTime(node.start)} (+{formatDuration(node.start - model.start)})
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(node.end - node.start)}</dd>
        {stored && <StatusFact status={stored.span.status} />}
      </dl>
      {stored ? (
        <StoredSections stored={stored} node={node} model={model} logs={logs} />
      ) : (
        <p class={detail.error ? 'error-text' : 'muted'}>
          {detail.error ? `Span details unavailable: ${detail.error}` : 'Loading span details…'}
        </p>
      )}
    </aside>
  );
}

function StatusFact({ status }: { status: NativeSpan['span']['status'] }) {
  const name = STATUS_NAMES[status?.code ?? 0] ?? 'UNSET';
  return (
    <>
      <dt>Status</dt>
      <dd class={name === 'ERROR' ? 'error-text' : ''}>
        {name}
        {status?.message && `: ${status.message}`}
      </dd>
    </>
  );
}

function StoredSections({
  stored: { span, resource, scope },
  node,
  model,
  logs,
}: {
  stored: NativeSpan;
  node: SpanNode;
  model: TraceModel;
  logs: LogRecord[];
}) {
  const events = span.events ?? [];
  const links = span.links ?? [];
  return (
    <>
      <Section title="Attributes">
        <KeyValues items={span.attributes} />
      </Section>
      <Section title="Resource">
        <KeyValues items={resource.attributes} />
      </Section>
      <Section title="Scope">
        <p>{scope.name ? `${scope.name} ${scope.version ?? ''}` : <span class="muted">none</span>}</p>
      </Section>
      <Section title={`Events (${events.length})`}>
        {events.length === 0 ? (
          <p class="muted">none</p>
        ) : (
          <ol class="events">
            {events.map((ev, i) => (
              <li key={i}>
                <div class="muted">
                  +{formatDuration(nanosToMicros(ev.timeUnixNano) - node.start)} {ev.name}
                </div>
                <KeyValues items={ev.attributes} />
              </li>
            ))}
          </ol>
        )}
      </Section>
      <Section title={`Links (${links.length})`}>
        {links.length === 0 ? (
          <p class="muted">none</p>
        ) : (
          <ul>
            {links.map((r) => (
              <li key={`${r.traceId}-${r.spanId}`}>
                <Link href={traceHref(r.traceId, r.spanId)}>
                  {r.traceId === model.traceId && model.byId.has(r.spanId)
                    ? model.byId.get(r.spanId)!.name
                    : `trace ${r.traceId.slice(0, 12)}… span ${r.spanId}`}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={`Logs (${logs.length})`}>
        <LogList logs={logs} showTrace={false} />
      </Section>
    </>
  );
}

export function LogList({ logs, showTrace }: { logs: LogRecord[]; showTrace: boolean }) {
  if (logs.length === 0) return <p class="muted">none</p>;
  return (
    <table class="logs">
      <tbody>
        {logs.map((log, i) => (
          <tr key={i}>
            <td class="nowrap muted">{formatTime(log.timestamp)}</td>
            <td>
              <span class={`severity sev-${severityClass(log.severityNumber)}`}>
                {log.severityText || 'LOG'}
              </span>
            </td>
            <td class="nowrap">{log.service}</td>
            <td class="log-body">{log.body}</td>
            {showTrace && (
              <td class="nowrap">
                {log.traceId ? (
                  <Link href={traceHref(log.traceId, log.spanId)}>trace {log.traceId.slice(0, 8)}</Link>
                ) : (
                  ''
                )}
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
