// URLs of the backend's native log search (docs/api.md).
import { withQuery } from '../api.js';

export interface LogFilter {
  text?: string;
  service?: string;
  minSeverity?: number;
  traceId?: string;
  start?: number;
  end?: number;
  lookback?: string;
  limit?: number;
}

export function logsUrl(filter: LogFilter): string {
  return withQuery('/api/skein/logs', {
    q: filter.text,
    service: filter.service,
    minSeverity: filter.minSeverity,
    traceId: filter.traceId,
    start: filter.start === undefined ? undefined : Math.floor(filter.start),
    end: filter.end === undefined ? undefined : Math.floor(filter.end),
    lookback: filter.lookback,
    limit: filter.limit,
  });
}

const MARGIN_US = 3600e6;

/** The logs of one trace: those written during it, with an hour's margin either side. */
export function traceLogsUrl(traceId: string, startUs: number, endUs: number): string {
  return logsUrl({ traceId, start: startUs - MARGIN_US, end: endUs + MARGIN_US, limit: 10_000 });
}
