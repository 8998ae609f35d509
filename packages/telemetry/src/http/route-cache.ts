// What the server instrumentation keeps per route, so a request finds its span name and its
// http.server.request.duration series without building a string: a string key has to be built, flattened and
// hashed on every request.
import type { Attributes } from '@opentelemetry/api';
import type { AggregatedHistogram, HistogramSeries } from '../metrics/aggregated-histogram.js';

/** One route's span names by method, and its duration series by status × 128 + seriesNumber(). */
export class RouteEntry {
  private readonly names = new Map<string, string>();
  readonly series = new Map<number, HistogramSeries>();

  constructor(readonly route: string) {}

  spanName(method: string): string {
    let name = this.names.get(method);
    if (name === undefined) {
      name = `${method} ${this.route}`;
      this.names.set(method, name);
    }
    return name;
  }
}

/** Routes kept at most: templates are few; a server passing raw paths as routes gets no cache past this. */
const ROUTE_ENTRIES = 1000;
/** Series kept per route (methods × statuses × protocols in use). */
const SERIES_PER_ROUTE = 256;

/** The route entries of one server. */
export class RouteCache {
  private readonly routes = new Map<string, RouteEntry>();

  /** The entry of `route`, made the first time; undefined once ROUTE_ENTRIES routes are kept. */
  entry(route: string): RouteEntry | undefined {
    let entry = this.routes.get(route);
    if (entry === undefined && this.routes.size < ROUTE_ENTRIES) {
      entry = new RouteEntry(route);
      this.routes.set(route, entry);
    }
    return entry;
  }
}

/** What the duration series of a finished request depends on. */
export interface FinishedRequest {
  /** The http.request.method value (a known method or _OTHER). */
  readonly method: string;
  readonly scheme: string;
  readonly status: number;
  readonly protocolVersion: string;
  readonly route: string | undefined;
  readonly errorType: string | undefined;
  /** seriesNumber() of the request, or -1. */
  readonly seriesNumber: number;
}

/**
 * The http.server.request.duration series of a finished request. Requests with a route, a known method and
 * version and no error type find it by number in their route's entry; the others by a string key.
 */
export function durationSeries(
  histogram: AggregatedHistogram,
  entry: RouteEntry | undefined,
  request: FinishedRequest,
): HistogramSeries {
  const { status, seriesNumber } = request;
  const numbered =
    entry !== undefined &&
    seriesNumber >= 0 &&
    request.errorType === undefined &&
    status >= 100 &&
    status <= 999;
  const code = status * 128 + seriesNumber;
  let series = numbered ? entry.series.get(code) : undefined;
  if (series !== undefined) return series;
  series = seriesByKey(histogram, request);
  if (numbered && entry.series.size < SERIES_PER_ROUTE) entry.series.set(code, series);
  return series;
}

/**
 * Method (below 16), protocol version and scheme in one number below 128, which status × 128 completes into a
 * series number unique per route; -1 for a protocol version outside 1.0 and 1.1.
 */
export function seriesNumber(methodIndex: number, protocolVersion: string, scheme: string): number {
  const version = protocolVersion === '1.1' ? 1 : protocolVersion === '1.0' ? 0 : -1;
  if (version < 0) return -1;
  return (methodIndex * 4 + version) * 2 + (scheme === 'https' ? 1 : 0);
}

function seriesByKey(histogram: AggregatedHistogram, request: FinishedRequest): HistogramSeries {
  const { method, scheme, status, protocolVersion, route, errorType } = request;
  // Route and error type are the only free-form parts; a separator no route or type contains keeps keys unique.
  const key = `${method} ${scheme} ${status} ${protocolVersion}\u0000${route ?? ''}\u0000${errorType ?? ''}`;
  return histogram.seriesFor(key, () => {
    const attrs: Attributes = {
      'http.request.method': method,
      'url.scheme': scheme,
      'http.response.status_code': status,
      'network.protocol.name': 'http',
      'network.protocol.version': protocolVersion,
    };
    if (route !== undefined) attrs['http.route'] = route;
    if (errorType !== undefined) attrs['error.type'] = errorType;
    return attrs;
  });
}
