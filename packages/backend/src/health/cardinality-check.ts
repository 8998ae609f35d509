// Unbounded names and values: span names that embed ids (many distinct names collapsing to one pattern
// once ids are stripped) and attribute keys with very many distinct values on one operation.
import { TallyGroups } from './finding-tally.js';
import type { HealthFinding } from './health-report.js';
import type { SpanView } from './span-set.js';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const LONG_HEX = /\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/gi;
const NUMBER = /\b\d+\b/g;

/** The span name with ids replaced: `GET /orders/42` → `GET /orders/{n}`. */
export function namePattern(name: string): string {
  return name.replace(UUID, '{uuid}').replace(LONG_HEX, '{hex}').replace(NUMBER, '{n}');
}

export function unboundedNameFindings(spans: SpanView[], minVariants: number): HealthFinding[] {
  const groups = new TallyGroups<{ service: string; pattern: string; names: Set<string> }>();
  for (const span of spans) {
    const pattern = namePattern(span.name);
    if (pattern === span.name) continue;
    const group = groups.get(`${span.service}\u0000${pattern}`, {
      service: span.service,
      pattern,
      names: new Set(),
    });
    group.tally.add(span);
    if (group.meta.names.size <= minVariants) group.meta.names.add(span.name);
  }
  return groups
    .entries()
    .filter(({ meta }) => meta.names.size >= minVariants)
    .map(({ tally, meta }) =>
      tally.finding({
        kind: 'unbounded-span-name',
        severity: 'warning',
        message:
          `${meta.service} names spans with ids in them ('${meta.pattern}', ${meta.names.size}+ distinct names): ` +
          'name spans after the route or operation template and put the id in an attribute.',
        details: { pattern: meta.pattern, distinctNames: meta.names.size },
      }),
    );
}

/** Keys that differ on every request by design: many values are expected, not a defect. */
const PER_REQUEST = new Set([
  'client.address',
  'client.port',
  'network.peer.address',
  'network.peer.port',
  'network.local.port',
  'url.full',
  'url.path',
  'url.query',
  'user_agent.original',
  'thread.id',
]);
const PER_REQUEST_PREFIXES = ['http.request.header.', 'http.response.header.', 'exception.', 'code.'];

/** Identifiers (`order.id`, `messaging.message.id`, `user_id`) are unique by purpose. */
const IDENTIFIER = /(^|[._])(id|uuid)$/i;

function perRequest(key: string): boolean {
  return (
    PER_REQUEST.has(key) ||
    IDENTIFIER.test(key) ||
    PER_REQUEST_PREFIXES.some((prefix) => key.startsWith(prefix))
  );
}

/** Keys the conventions define as low-cardinality (they name metric series): many values here are a bug. */
const LOW_CARDINALITY = new Set([
  'http.route',
  'http.request.method',
  'db.operation.name',
  'db.collection.name',
  'messaging.destination.name',
  'rpc.method',
  'rpc.service',
  'error.type',
  'server.address',
]);

const MAX_TRACKED_KEYS = 10_000;

export function attributeCardinalityFindings(spans: SpanView[], maxValues: number): HealthFinding[] {
  const groups = new TallyGroups<{ span: SpanView; key: string; values: Set<string> }>();
  let tracked = 0;
  for (const span of spans) {
    for (const [key, value] of span.attributes) {
      if (perRequest(key)) continue;
      const id = `${span.service}\u0000${span.name}\u0000${key}`;
      if (tracked >= MAX_TRACKED_KEYS && !groups.has(id)) continue;
      const group = groups.get(id, { span, key, values: new Set() });
      if (group.tally.count === 0) tracked++;
      group.tally.add(span);
      if (group.meta.values.size <= maxValues) group.meta.values.add(value);
    }
  }
  return groups
    .entries()
    .filter(({ meta }) => meta.values.size > maxValues)
    .map(({ tally, meta: { span, key } }) => {
      const low = LOW_CARDINALITY.has(key);
      return tally.finding({
        kind: 'high-attribute-cardinality',
        severity: low ? 'warning' : 'info',
        message:
          `${key} takes more than ${maxValues} distinct values on ${span.service} '${span.name}'` +
          (low
            ? ': the conventions define it as low-cardinality (metrics group by it); an id or raw value leaks into it.'
            : ': fine on spans, but never copy it into metric attributes or span names.'),
        details: { attribute: key, distinctValuesOver: maxValues },
      });
    });
}
