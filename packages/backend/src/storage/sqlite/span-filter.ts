// Builds the WHERE clause shared by every span search (trace search, span search, RED timings).
import type { SpanQuery } from '../store.js';
import { attributePatterns } from './attribute-pattern.js';

/** OTLP STATUS_CODE_ERROR, the one status with an index of its own. */
const ERROR_STATUS = 2;

export interface SqlFilter {
  where: string;
  params: unknown[];
}

/**
 * Conditions on the `spans` table for a query within one service (spans are indexed by service and start
 * time, with duration and status in the index entry; callers search several services one by one). Attribute
 * filters also look at the resource.
 */
export function spanFilter(query: SpanQuery, service: string): SqlFilter {
  const clauses = ['service = ?', 'start_us >= ?', 'start_us <= ?'];
  const params: unknown[] = [service, query.startUs, query.endUs];
  if (query.operation !== undefined) {
    clauses.push('name = ?');
    params.push(query.operation);
  }
  if (query.kinds?.length) {
    clauses.push(`kind IN (${query.kinds.map(() => '?').join(', ')})`);
    params.push(...query.kinds);
  }
  if (query.status === ERROR_STATUS) {
    // A literal, not a parameter: only then can SQLite choose the partial index of error spans.
    clauses.push(`status = ${ERROR_STATUS}`);
  } else if (query.status !== undefined) {
    clauses.push('status = ?');
    params.push(query.status);
  }
  if (query.minDurationUs !== undefined) {
    clauses.push('duration_us >= ?');
    params.push(query.minDurationUs);
  }
  if (query.maxDurationUs !== undefined) {
    clauses.push('duration_us <= ?');
    params.push(query.maxDurationUs);
  }
  for (const filter of query.attributes ?? []) {
    const patterns = attributePatterns(filter);
    const onSpan = patterns.map(() => 'instr(spans.data, ?) > 0');
    const onResource = patterns.map(() => 'instr(r.data, ?) > 0');
    clauses.push(
      `(${onSpan.join(' OR ')} OR EXISTS (SELECT 1 FROM resources r WHERE r.id = spans.resource_id AND (${onResource.join(' OR ')})))`,
    );
    params.push(...patterns, ...patterns);
  }
  return { where: clauses.join(' AND '), params };
}
