// Log search by text, severity, service and time; a line with a trace id links to its trace.
import { useMemo } from 'preact/hooks';
import { LogList } from '../components/span-detail.js';
import type { JaegerEnvelope } from '../model/jaeger.js';
import { logsUrl } from '../model/logs.js';
import { toLogRecords } from '../model/native.js';
import { DEFAULT_LOOKBACK, LOOKBACKS, rangeParams } from '../model/time-range.js';
import { navigate, type Location } from '../router.js';
import { useFetch } from '../use-fetch.js';

const SEVERITIES: [string, number][] = [
  ['Any', 0],
  ['DEBUG+', 5],
  ['INFO+', 9],
  ['WARN+', 13],
  ['ERROR+', 17],
  ['FATAL', 21],
];

export function LogsPage({ location }: { location: Location }) {
  const { query } = location;
  const live = !query.get('end');
  const url = useMemo(
    () =>
      logsUrl({
        text: query.get('q') ?? undefined,
        service: query.get('service') ?? undefined,
        minSeverity: Number(query.get('minSeverity') ?? 0) || undefined,
        limit: Number(query.get('limit') ?? 200),
        ...rangeParams(query),
      }),
    [query],
  );
  const logs = useFetch(url, live ? 5000 : 0, toLogRecords);
  const services = useFetch<JaegerEnvelope<string[]>>('/api/services', 10_000);

  const submit = (e: Event): void => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [key, value] of new FormData(e.currentTarget as HTMLFormElement))
      if (typeof value === 'string' && value.trim() !== '' && value !== '0') next.set(key, value.trim());
    navigate(`/logs?${next.toString()}`);
  };
  return (
    <div class="logs-page">
      <form class="filters" key={query.toString()} onSubmit={submit} aria-label="Log search">
        <label>
          Text
          <input
            name="q"
            type="search"
            defaultValue={query.get('q') ?? ''}
            placeholder="text in body or attributes"
          />
        </label>
        <label>
          Service
          <select name="service">
            <option value="">All</option>
            {(services.data?.data ?? []).map((s) => (
              <option key={s} value={s} selected={s === query.get('service')}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label>
          Severity
          <select name="minSeverity">
            {SEVERITIES.map(([label, n]) => (
              <option key={n} value={String(n)} selected={String(n) === (query.get('minSeverity') ?? '0')}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time range
          <select name="lookback">
            {LOOKBACKS.map((l) => (
              <option
                key={l.value}
                value={l.value}
                selected={l.value === (query.get('lookback') ?? DEFAULT_LOOKBACK)}
              >
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Find logs</button>
      </form>
      {logs.error && <p class="error-text">Log search failed: {logs.error}</p>}
      {logs.data && (
        <>
          <p class="muted" aria-live="polite">
            {logs.data.length} record{logs.data.length === 1 ? '' : 's'}
            {live ? ' · refreshing every 5 s' : ''}
          </p>
          <LogList logs={logs.data} showTrace />
        </>
      )}
    </div>
  );
}
