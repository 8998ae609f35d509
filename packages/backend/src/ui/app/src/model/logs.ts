// Reads log records from the backend's native API (docs/api.md) into the UI's LogRecord.
import { withQuery } from '../api.js';
import type { LogRecord } from './native.js';

export interface LogFilter {
  text?: string;
  service?: string;
  minSeverity?: number;
  traceId?: string;
  start?: number;
  end?: number;
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
    limit: filter.limit,
  });
}

export function fetchTraceLogs(traceId: string): string {
  return logsUrl({ traceId, limit: 1000 });
}

export function toLogRecords(body: unknown): LogRecord[] {
  const data = (body as { data?: unknown[] }).data ?? [];
  return data.map((raw) => raw as LogRecord);
}
