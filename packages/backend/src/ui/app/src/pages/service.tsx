// A service's overview: request rate, error rate and p50/p95/p99 latency over time, then per operation.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { LineChart } from '../components/line-chart.js';
import { Link } from '../components/link.js';
import { ServiceChip } from '../components/service-chip.js';
import { formatDuration, formatPercent, formatRate } from '../format.js';
import { redByOperation, redSeries } from '../model/red.js';
import { timingsOf, timingsUrl } from '../model/timings.js';
import { useFetch } from '../use-fetch.js';
import { LOOKBACKS } from './search.js';

const POLL_MS = 10_000;

function rangeEndingNow(lookback: string): { start: number; end: number } {
  const end = Date.now() * 1000;
  return { start: end - (LOOKBACKS[lookback] ?? 3600e6), end };
}

export function ServicePage({ service }: { service: string }) {
  const [lookback, setLookback] = useState('1h');
  const [range, setRange] = useState(() => rangeEndingNow(lookback));
  // The range slides forward every poll, so new spans show up without a reload.
  useEffect(() => {
    const update = (): void => setRange(rangeEndingNow(lookback));
    update();
    const timer = setInterval(update, POLL_MS);
    return () => clearInterval(timer);
  }, [lookback]);
  const timings = useFetch(timingsUrl(service, range.start, range.end), 0, (body) =>
    timingsOf(service, body),
  );
  const list = timings.data ?? [];
  const series = useMemo(() => redSeries(list, range.start, range.end), [list, range]);
  const ops = useMemo(() => redByOperation(list, range.start, range.end), [list, range]);
  const line = <K extends 'rate' | 'errorRate' | 'p50' | 'p95' | 'p99'>(key: K) =>
    series.map((p) => ({ t: p.t, v: p[key] }));
  return (
    <div class="service-page">
      <h1>
        <ServiceChip name={service} />
      </h1>
      <p>
        <Link href={`/search?service=${encodeURIComponent(service)}&lookback=${lookback}`}>
          Traces of this service
        </Link>
        {' · '}
        <Link href={`/logs?service=${encodeURIComponent(service)}`}>Logs of this service</Link>
      </p>
      <label>
        Range{' '}
        <select value={lookback} onChange={(e) => setLookback(e.currentTarget.value)}>
          {Object.keys(LOOKBACKS).map((k) => (
            <option key={k} value={k}>
              Last {k}
            </option>
          ))}
        </select>
      </label>
      {timings.error && <p class="error-text">Could not load spans: {timings.error}</p>}
      <div class="charts">
        <LineChart
          title="Rate"
          format={formatRate}
          series={[{ name: 'spans/s', className: 's1', points: line('rate') }]}
        />
        <LineChart
          title="Errors"
          format={formatPercent}
          series={[{ name: 'error rate', className: 'err', points: line('errorRate') }]}
        />
        <LineChart
          title="Duration"
          format={formatDuration}
          series={[
            { name: 'p50', className: 's1', points: line('p50') },
            { name: 'p95', className: 's2', points: line('p95') },
            { name: 'p99', className: 's3', points: line('p99') },
          ]}
        />
      </div>
      <h2>Operations</h2>
      <table class="results">
        <thead>
          <tr>
            <th scope="col">Operation</th>
            <th scope="col">Spans</th>
            <th scope="col">Rate</th>
            <th scope="col">Errors</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
          </tr>
        </thead>
        <tbody>
          {ops.map((o) => (
            <tr key={o.operation}>
              <td>
                <Link
                  href={`/search?service=${encodeURIComponent(service)}&operation=${encodeURIComponent(o.operation)}&lookback=${lookback}`}
                >
                  {o.operation}
                </Link>
              </td>
              <td class="num">{o.count}</td>
              <td class="num">{formatRate(o.rate)}</td>
              <td class={`num ${o.errors > 0 ? 'error-text' : ''}`}>
                {o.errors} ({formatPercent(o.count === 0 ? 0 : o.errors / o.count)})
              </td>
              <td class="num">{formatDuration(o.p50)}</td>
              <td class="num">{formatDuration(o.p95)}</td>
              <td class="num">{formatDuration(o.p99)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
