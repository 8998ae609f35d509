// What is broken in the system's tracing over a time range: lost context, skewed clocks, missing or
// unbounded attributes, each with the services involved and example traces to open.
import { withQuery } from '../api.js';
import { Link, serviceHref, traceHref } from '../components/link.js';
import { RangeSelect } from '../components/range-select.js';
import { ServiceChip } from '../components/service-chip.js';
import { KIND_LABELS, type HealthFinding, type HealthReport } from '../model/health.js';
import { DEFAULT_LOOKBACK, rangeParams } from '../model/time-range.js';
import { navigate, type Location } from '../router.js';
import { useFetch } from '../use-fetch.js';

function FindingRow({ finding }: { finding: HealthFinding }) {
  return (
    <tr data-kind={finding.kind} class={finding.severity === 'error' ? 'has-error' : undefined}>
      <td class={finding.severity === 'error' ? 'error-text nowrap' : 'nowrap'}>{finding.severity}</td>
      <td>
        <strong>{KIND_LABELS[finding.kind] ?? finding.kind}</strong>
        <div>{finding.message}</div>
        {finding.operations.length > 0 && (
          <div class="muted">{finding.operations.map((o) => `${o.service} · ${o.name}`).join('; ')}</div>
        )}
      </td>
      <td>
        {finding.services.map((s) => (
          <Link key={s} href={serviceHref(s)}>
            <ServiceChip name={s} />
          </Link>
        ))}
      </td>
      <td class="num">{finding.count}</td>
      <td class="mono">
        {finding.exampleTraceIds.map((id) => (
          <div key={id}>
            <Link href={traceHref(id)} title={id}>
              {id.slice(0, 8)}…{id.slice(-4)}
            </Link>
          </div>
        ))}
      </td>
    </tr>
  );
}

export function HealthPage({ location }: { location: Location }) {
  const { query } = location;
  const live = !query.get('end');
  const report = useFetch<HealthReport>(
    withQuery('/api/skein/health', rangeParams(query)),
    live ? 15_000 : 0,
  );
  const lookback = query.get('lookback') ?? DEFAULT_LOOKBACK;
  const data = report.data;
  return (
    <div class="health-page">
      <h1>Tracing health</h1>
      <div class="filters">
        <RangeSelect
          value={lookback}
          onChange={(value) => navigate(`/health?lookback=${encodeURIComponent(value)}`)}
        />
      </div>
      {report.error && <p class="error-text">Health check failed: {report.error}</p>}
      {data && (
        <>
          <p class="muted" aria-live="polite">
            {data.findings.length === 0 ? 'No problems found' : `${data.findings.length} findings`} in{' '}
            {data.checkedSpans} spans
            {data.truncated ? ` (only the newest ${data.spanLimit} spans of the range were checked)` : ''}
            {live ? ' · refreshing every 15 s' : ''}
          </p>
          {data.findings.length > 0 && (
            <table class="results health">
              <thead>
                <tr>
                  <th scope="col">Severity</th>
                  <th scope="col">Finding</th>
                  <th scope="col">Services</th>
                  <th scope="col">Count</th>
                  <th scope="col">Example traces</th>
                </tr>
              </thead>
              <tbody>
                {data.findings.map((f, i) => (
                  <FindingRow key={`${f.kind}-${i}`} finding={f} />
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </div>
  );
}
