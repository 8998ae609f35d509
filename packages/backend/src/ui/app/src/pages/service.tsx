// A service's overview: request rate, error rate and p50/p95/p99 latency over time for the whole service or
// one chosen operation, and a table per operation, from the backend's RED endpoint (server and consumer spans).
import { useState } from 'preact/hooks';
import { withQuery } from '../api.js';
import { RangeSelect } from '../components/range-select.js';
import { LineChart } from '../components/line-chart.js';
import { Link } from '../components/link.js';
import { ServiceChip } from '../components/service-chip.js';
import { formatDuration, formatPercent, formatRate } from '../format.js';
import type { RedBucket, RedResponse } from '../model/native.js';
import { DEFAULT_LOOKBACK, lookbackUs } from '../model/time-range.js';
import { useFetch } from '../use-fetch.js';

const BUCKETS = 60;

type Figure = 'rate' | 'errorRate' | 'p50' | 'p95' | 'p99';

function points(buckets: RedBucket[], key: Figure, step: number): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  for (const b of buckets) {
    const v = b[key];
    // An empty bucket has no latency; leaving it out keeps the line from diving to zero.
    if (v !== null) out.push({ t: b.start + step / 2, v });
  }
  return out;
}

export function ServicePage({ service }: { service: string }) {
  const [lookback, setLookback] = useState(DEFAULT_LOOKBACK);
  const [operation, setOperation] = useState('');
  const stepUs = Math.max(1_000_000, Math.round(lookbackUs(lookback) / BUCKETS));
  const step = `${Math.round(stepUs / 1000)}ms`;
  const red = useFetch<RedResponse>(withQuery('/api/skein/red', { service, lookback, step }), 10_000);
  // The backend answers the per-operation table only for the whole service, so one operation's charts
  // are a second request.
  const opRed = useFetch<RedResponse>(
    operation ? withQuery('/api/skein/red', { service, operation, lookback, step }) : null,
    10_000,
  );
  const operations = red.data?.operations ?? [];
  const buckets = (operation ? opRed.data?.buckets : red.data?.buckets) ?? [];
  const line = (key: Figure): { t: number; v: number }[] => points(buckets, key, stepUs);
  const domain: [number, number] | undefined =
    buckets.length > 0 ? [buckets[0]!.start, buckets[buckets.length - 1]!.start + stepUs] : undefined;
  const enc = encodeURIComponent(service);
  return (
    <div class="service-page">
      <h1>
        <ServiceChip name={service} />
      </h1>
      <p>
        <Link href={`/search?service=${enc}&lookback=${lookback}`}>Traces of this service</Link>
        {' · '}
        <Link href={`/logs?service=${enc}&lookback=${lookback}`}>Logs of this service</Link>
        {' · '}
        <Link href="/map">Service map</Link>
      </p>
      <div class="filters">
        <RangeSelect value={lookback} onChange={setLookback} />
        <label>
          Charts for
          <select value={operation} onChange={(e) => setOperation(e.currentTarget.value)}>
            <option value="">All operations</option>
            {operations.map((o) => (
              <option key={o.operation} value={o.operation}>
                {o.operation}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(red.error ?? opRed.error) && (
        <p class="error-text">Could not load RED metrics: {red.error ?? opRed.error}</p>
      )}
      <div class="charts" data-operation={operation}>
        <LineChart
          title="Rate"
          domain={domain}
          format={formatRate}
          series={[{ name: 'req/s', className: 's1', points: line('rate') }]}
        />
        <LineChart
          title="Errors"
          domain={domain}
          format={formatPercent}
          series={[{ name: 'error rate', className: 'err', points: line('errorRate') }]}
        />
        <LineChart
          title="Duration"
          domain={domain}
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
            <th scope="col">Requests</th>
            <th scope="col">Rate</th>
            <th scope="col">Errors</th>
            <th scope="col">p50</th>
            <th scope="col">p95</th>
            <th scope="col">p99</th>
          </tr>
        </thead>
        <tbody>
          {operations.map((o) => (
            <tr key={o.operation}>
              <td>
                <Link
                  href={`/search?service=${enc}&operation=${encodeURIComponent(o.operation)}&lookback=${lookback}`}
                >
                  {o.operation}
                </Link>
              </td>
              <td class="num">{o.count}</td>
              <td class="num">{formatRate(o.rate)}</td>
              <td class={`num ${o.errors > 0 ? 'error-text' : ''}`}>
                {o.errors} ({formatPercent(o.errorRate)})
              </td>
              <td class="num">{formatDuration(o.p50 ?? 0)}</td>
              <td class="num">{formatDuration(o.p95 ?? 0)}</td>
              <td class="num">{formatDuration(o.p99 ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
