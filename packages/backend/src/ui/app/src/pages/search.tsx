// Trace search: filters kept in the URL (shareable, back-button friendly), a duration scatter and a list.
import { useMemo, useState } from 'preact/hooks';
import { withQuery } from '../api.js';
import { Link, traceHref } from '../components/link.js';
import { Scatter } from '../components/scatter.js';
import { ServiceChip } from '../components/service-chip.js';
import { formatDuration, formatTime } from '../format.js';
import type { JaegerEnvelope, JaegerTrace } from '../model/jaeger.js';
import { DEFAULT_LOOKBACK, LOOKBACKS, rangeParams } from '../model/time-range.js';
import { summarize } from '../model/trace.js';
import { navigate, type Location } from '../router.js';
import { useFetch } from '../use-fetch.js';

const POLL_MS = 5000;

/** "k=v" lines → {k: v}; lines without "=" are ignored. */
function parseTags(lines: string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const line of lines) {
    const i = line.indexOf('=');
    if (i > 0) tags[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  return tags;
}

function tracesUrl(query: URLSearchParams): string | null {
  if (!query.get('service')) return null;
  const tags = parseTags(query.getAll('tag'));
  if (query.get('status') === 'error') tags.error = 'true';
  return withQuery('/api/traces', {
    service: query.get('service') ?? undefined,
    operation: query.get('operation') ?? undefined,
    tags: Object.keys(tags).length > 0 ? JSON.stringify(tags) : undefined,
    minDuration: query.get('minDuration') ?? undefined,
    maxDuration: query.get('maxDuration') ?? undefined,
    limit: query.get('limit') ?? '20',
    ...rangeParams(query),
  });
}

/**
 * A result row opens its trace on a click anywhere in it and on Space (Enter already follows the focused
 * link); clicks on the row's own links keep their default.
 */
function openRow(e: MouseEvent | KeyboardEvent, traceId: string): void {
  if (e instanceof KeyboardEvent && e.key !== ' ') return;
  if (e instanceof MouseEvent && (e.target as Element).closest('a')) return;
  e.preventDefault();
  navigate(traceHref(traceId));
}

export function SearchPage({ location }: { location: Location }) {
  const { query } = location;
  const services = useFetch<JaegerEnvelope<string[]>>('/api/services', POLL_MS * 2);
  const [service, setService] = useState(query.get('service') ?? '');
  const operations = useFetch<JaegerEnvelope<string[]>>(
    service ? `/api/services/${encodeURIComponent(service)}/operations` : null,
  );
  const live = !query.get('end');
  const traces = useFetch<JaegerEnvelope<JaegerTrace[]>>(tracesUrl(query), live ? POLL_MS : 0);
  const summaries = useMemo(() => {
    const all = (traces.data?.data ?? []).map(summarize);
    const okOnly = query.get('status') === 'ok';
    return all.filter((t) => !okOnly || t.errorCount === 0).sort((a, b) => b.start - a.start);
  }, [traces.data, query]);

  const submit = (e: Event): void => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const next = new URLSearchParams();
    for (const [key, value] of form) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (key !== 'tags') next.set(key, value.trim());
      else for (const line of value.split('\n')) if (line.trim()) next.append('tag', line.trim());
    }
    if (next.get('range') !== 'custom') {
      next.set('lookback', next.get('range') ?? DEFAULT_LOOKBACK);
      next.delete('start');
      next.delete('end');
    }
    next.delete('range');
    navigate(`/search?${next.toString()}`);
  };

  const range = query.get('start') ? 'custom' : (query.get('lookback') ?? DEFAULT_LOOKBACK);
  const [rangeChoice, setRangeChoice] = useState(range);
  const serviceNames = services.data?.data ?? [];
  return (
    <div class="search-page">
      <form class="filters" key={location.query.toString()} onSubmit={submit} aria-label="Trace search">
        <label>
          Service
          <select name="service" value={service} onChange={(e) => setService(e.currentTarget.value)} required>
            <option value="">Choose a service</option>
            {serviceNames.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Operation
          <select name="operation" key={service}>
            <option value="">All</option>
            {(operations.data?.data ?? []).map((o) => (
              <option key={o} value={o} selected={o === query.get('operation')}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label>
          Attributes <span class="muted">(key=value, one a line)</span>
          <textarea
            name="tags"
            rows={2}
            placeholder="http.response.status_code=500"
            defaultValue={query.getAll('tag').join('\n')}
          />
        </label>
        <label>
          Status
          <select name="status">
            <option value="">Any</option>
            <option value="ok" selected={query.get('status') === 'ok'}>
              OK (no error)
            </option>
            <option value="error" selected={query.get('status') === 'error'}>
              Error
            </option>
          </select>
        </label>
        <label>
          Min duration
          <input
            name="minDuration"
            placeholder="e.g. 100ms"
            defaultValue={query.get('minDuration') ?? ''}
            size={8}
          />
        </label>
        <label>
          Max duration
          <input
            name="maxDuration"
            placeholder="e.g. 2s"
            defaultValue={query.get('maxDuration') ?? ''}
            size={8}
          />
        </label>
        <label>
          Time range
          <select name="range" value={rangeChoice} onChange={(e) => setRangeChoice(e.currentTarget.value)}>
            {LOOKBACKS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
            <option value="custom">Custom…</option>
          </select>
        </label>
        {rangeChoice === 'custom' && (
          <>
            <label>
              From
              <input
                type="datetime-local"
                name="start"
                step={1}
                defaultValue={query.get('start') ?? ''}
                required
              />
            </label>
            <label>
              To
              <input
                type="datetime-local"
                name="end"
                step={1}
                defaultValue={query.get('end') ?? ''}
                required
              />
            </label>
          </>
        )}
        <label>
          Limit
          <input
            type="number"
            name="limit"
            min={1}
            max={1000}
            defaultValue={query.get('limit') ?? '20'}
            size={4}
          />
        </label>
        <button type="submit">Find traces</button>
      </form>
      {services.error && <p class="error-text">Could not load services: {services.error}</p>}
      {!query.get('service') && (
        <p class="muted">
          {serviceNames.length === 0 && !services.loading
            ? 'No services yet: send some telemetry over OTLP and they appear here.'
            : 'Choose a service and search, or paste a trace id above.'}
        </p>
      )}
      {traces.error && <p class="error-text">Search failed: {traces.error}</p>}
      {traces.data && (
        <>
          <Scatter traces={summaries} />
          <p class="muted" aria-live="polite">
            {summaries.length} trace{summaries.length === 1 ? '' : 's'}
            {live ? ' · refreshing every 5 s' : ''}
          </p>
          <table class="results">
            <thead>
              <tr>
                <th scope="col">Root operation</th>
                <th scope="col">Services</th>
                <th scope="col">Spans</th>
                <th scope="col">Errors</th>
                <th scope="col">Duration</th>
                <th scope="col">Start</th>
              </tr>
            </thead>
            <tbody>
              {summaries.map((t) => (
                <tr
                  key={t.traceId}
                  class={t.errorCount > 0 ? 'has-error' : ''}
                  onClick={(e) => openRow(e, t.traceId)}
                  onKeyDown={(e) => openRow(e, t.traceId)}
                >
                  <td>
                    <Link href={traceHref(t.traceId)}>
                      <span class="service">{t.rootService}</span>{' '}
                      <span class="operation">{t.rootOperation}</span>
                    </Link>
                    <div class="muted mono">{t.traceId}</div>
                  </td>
                  <td>
                    {t.services.map((s) => (
                      <ServiceChip key={s.name} name={s.name} count={s.count} />
                    ))}
                  </td>
                  <td class="num">{t.spanCount}</td>
                  <td class={`num ${t.errorCount > 0 ? 'error-text' : ''}`}>{t.errorCount}</td>
                  <td class="num">{formatDuration(t.duration)}</td>
                  <td class="nowrap">{formatTime(t.start)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
