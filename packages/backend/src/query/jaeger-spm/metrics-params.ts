// Query parameters of Jaeger's SPM metrics endpoints: services, span kinds, and times in milliseconds
// (`endTs`, `lookback`, `step`, `ratePer`), with upstream's defaults.
import { BackendError } from '../../errors.js';
import { spanKindNumber } from '../jaeger/to-jaeger.js';
import { boolParam } from '../jaeger-v3/v3-params.js';
import { optionalInt } from '../params.js';

/** Prometheus refuses range queries over this many points per series; so does Skein. */
const MAX_POINTS = 11_000;

export interface MetricsQuery {
  services: string[];
  groupByOperation: boolean;
  /** OTLP span kind numbers (default: server). */
  kinds: number[];
  endMs: number;
  lookbackMs: number;
  stepMs: number;
  /** The window each point's rate, error ratio or quantile is computed over. */
  ratePerMs: number;
}

function bad(name: string, reason: string): BackendError {
  return new BackendError('SKEIN_ERR_BAD_QUERY', `unable to parse param '${name}': ${reason}`);
}

function positiveMs(params: URLSearchParams, name: string, fallback: number): number {
  const value = optionalInt(params, name) ?? fallback;
  if (value <= 0) throw bad(name, 'must be a positive number of milliseconds');
  return value;
}

function kinds(params: URLSearchParams): number[] {
  const names = params.getAll('spanKind');
  if (names.length === 0) return [2];
  return names.map((name) => {
    const kind = name === 'unspecified' ? 0 : spanKindNumber(name);
    if (kind === undefined) throw bad('spanKind', `unsupported span kind: '${name}'`);
    return kind;
  });
}

/** Parses the shared parameters of /api/metrics/{latencies,calls,errors}. */
export function metricsQuery(params: URLSearchParams, nowMs = Date.now()): MetricsQuery {
  const services = params.getAll('service').filter((s) => s !== '');
  if (services.length === 0) throw bad('service', 'please provide at least one service name');
  const query: MetricsQuery = {
    services,
    groupByOperation: boolParam(params, 'groupByOperation'),
    kinds: kinds(params),
    endMs: optionalInt(params, 'endTs') ?? nowMs,
    lookbackMs: positiveMs(params, 'lookback', 3600_000),
    stepMs: positiveMs(params, 'step', 5_000),
    ratePerMs: positiveMs(params, 'ratePer', 600_000),
  };
  if (query.lookbackMs / query.stepMs >= MAX_POINTS) {
    throw new BackendError(
      'SKEIN_ERR_BAD_QUERY',
      `exceeded maximum resolution of ${MAX_POINTS} points per timeseries: increase step or decrease lookback`,
    );
  }
  return query;
}

/** `quantile` for /api/metrics/latencies: required, in (0, 1]. */
export function quantileParam(params: URLSearchParams): number {
  const raw = params.get('quantile') ?? '';
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value) || value <= 0 || value > 1) {
    throw bad('quantile', `'${raw}' is not a quantile between 0 and 1`);
  }
  return value;
}
