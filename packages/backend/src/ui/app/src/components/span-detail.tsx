// Everything stored about one span: attributes, resource, scope, status, events, links and its logs.
import type { ComponentChildren } from 'preact';
import { formatDuration, formatTime } from '../format.js';
import type { KeyValue } from '../model/jaeger.js';
import type { LogRecord } from '../model/native.js';
import { tagValue, type SpanNode, type TraceModel } from '../model/trace.js';
import { Link, traceHref } from './link.js';
import { ServiceChip } from './service-chip.js';
import { severityClass } from './waterfall.js';

/** Tags the Jaeger translation derives from OTLP fields; shown in their own sections, not as attributes. */
const DERIVED = new Set([
  'otel.scope.name',
  'otel.scope.version',
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'error',
  'w3c.tracestate',
]);

function KeyValues({ items }: { items: { key: string; value: unknown }[] }) {
  if (items.length === 0) return <p class="muted">none</p>;
  return (
    <table class="kv">
      <tbody>
        {items.map((kv, i) => (
          <tr key={`${kv.key}-${i}`}>
            <th scope="row">{kv.key}</th>
            <td>{typeof kv.value === 'string' ? kv.value : JSON.stringify(kv.value)}</td>
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

export function SpanDetail({
  node,
  model,
  model: { byId },
  logs,
  resource,
}: {
  node: SpanNode;
  model: TraceModel;
  logs: LogRecord[];
  resource: KeyValue[];
}) {
  const { span } = node;
  const status = String(tagValue(span.tags, 'otel.status_code') ?? 'UNSET');
  const description = tagValue(span.tags, 'otel.status_description');
  const scopeName = tagValue(span.tags, 'otel.scope.name');
  const scopeVersion = tagValue(span.tags, 'otel.scope.version');
  const links = span.references.filter(
    (r) => r.refType === 'FOLLOWS_FROM' || (r.traceID !== span.traceID && r.refType === 'CHILD_OF'),
  );
  return (
    <aside class="span-detail" aria-label="Span detail">
      <h2>
        <ServiceChip name={node.service} /> <span class="operation">{span.operationName}</span>
      </h2>
      <dl class="facts">
        <dt>Span</dt>
        <dd>
          <code>{span.spanID}</code>
        </dd>
        {node.parent && (
          <>
            <dt>Parent</dt>
            <dd>
              <Link href={traceHref(model.traceId, node.parent.id)}>{node.parent.span.operationName}</Link>
            </dd>
          </>
        )}
        <dt>Kind</dt>
        <dd>{node.kind || 'internal'}</dd>
        <dt>Start</dt>
        <dd>
          {formatTime(node.start)} (+{formatDuration(node.start - model.start)})
        </dd>
        <dt>Duration</dt>
        <dd>{formatDuration(node.end - node.start)}</dd>
        <dt>Status</dt>
        <dd class={status === 'ERROR' ? 'error-text' : ''}>
          {status}
          {description !== undefined && `: ${String(description)}`}
        </dd>
      </dl>
      <Section title="Attributes">
        <KeyValues items={span.tags.filter((t) => !DERIVED.has(t.key))} />
      </Section>
      <Section title="Resource">
        <KeyValues items={[{ key: 'service.name', value: node.service }, ...resource]} />
      </Section>
      <Section title="Scope">
        <p>
          {scopeName === undefined ? (
            <span class="muted">none</span>
          ) : (
            `${String(scopeName)} ${String(scopeVersion ?? '')}`
          )}
        </p>
      </Section>
      <Section title={`Events (${span.logs.length})`}>
        {span.logs.length === 0 ? (
          <p class="muted">none</p>
        ) : (
          <ol class="events">
            {span.logs.map((ev, i) => (
              <li key={i}>
                <div class="muted">+{formatDuration(ev.timestamp - node.start)}</div>
                <KeyValues items={ev.fields} />
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
              <li key={`${r.traceID}-${r.spanID}`}>
                <Link href={traceHref(r.traceID, r.spanID)}>
                  {r.traceID === model.traceId && byId.has(r.spanID)
                    ? byId.get(r.spanID)!.span.operationName
                    : `trace ${r.traceID.slice(0, 12)}… span ${r.spanID}`}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title={`Logs (${logs.length})`}>
        <LogList logs={logs} showTrace={false} />
      </Section>
    </aside>
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
