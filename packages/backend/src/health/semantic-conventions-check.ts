// Spans missing attributes the OpenTelemetry semantic conventions require: HTTP server and client spans
// without their method, route or server address, and database spans without `db.system.name`.
import { plural, TallyGroups } from './finding-tally.js';
import type { HealthFinding, HealthSeverity } from './health-report.js';
import { SPAN_KIND, type SpanView } from './span-set.js';

const HTTP_NAME = /^(GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH|QUERY|HTTP|_OTHER)(\s|$)/;

function isDatabase(span: SpanView): boolean {
  for (const key of span.attributes.keys()) if (key.startsWith('db.')) return true;
  return false;
}

function isHttp(span: SpanView): boolean {
  if (HTTP_NAME.test(span.name)) return true;
  for (const key of span.attributes.keys()) if (key.startsWith('http.')) return true;
  return false;
}

interface Rule {
  attribute: string;
  severity: HealthSeverity;
  why: string;
}

const SERVER_RULES: Rule[] = [
  { attribute: 'http.request.method', severity: 'error', why: 'it is required on HTTP server spans' },
  {
    attribute: 'http.route',
    severity: 'warning',
    why: 'without the matched route, span names and RED metrics cannot group requests by endpoint',
  },
];
const CLIENT_RULES: Rule[] = [
  { attribute: 'http.request.method', severity: 'error', why: 'it is required on HTTP client spans' },
  { attribute: 'server.address', severity: 'error', why: 'it is required on HTTP client spans' },
];
const DB_RULES: Rule[] = [
  { attribute: 'db.system.name', severity: 'warning', why: 'database spans name their database system' },
];

/** Keys older conventions used for the same fact: instrumentation that sets them needs an update. */
const LEGACY_KEYS: Record<string, string> = {
  'http.request.method': 'http.method',
  'server.address': 'net.peer.name',
  'db.system.name': 'db.system',
};

/** A request nothing routed (404, 405) has no route to report. */
function routeApplies(span: SpanView): boolean {
  const status = span.attributes.get('http.response.status_code');
  return status !== '404' && status !== '405';
}

function rulesFor(span: SpanView): Rule[] {
  if (isDatabase(span)) return DB_RULES;
  if (!isHttp(span)) return [];
  if (span.kind === SPAN_KIND.server) return routeApplies(span) ? SERVER_RULES : SERVER_RULES.slice(0, 1);
  if (span.kind === SPAN_KIND.client) return CLIENT_RULES;
  return [];
}

export function missingAttributeFindings(spans: SpanView[]): HealthFinding[] {
  const groups = new TallyGroups<{ span: SpanView; rule: Rule }>();
  for (const span of spans) {
    for (const rule of rulesFor(span)) {
      if (span.attributes.has(rule.attribute)) continue;
      groups.get(`${span.service}\u0000${span.name}\u0000${rule.attribute}`, { span, rule }).tally.add(span);
    }
  }
  return groups.entries().map(({ tally, meta: { span, rule } }) => {
    const legacy = LEGACY_KEYS[rule.attribute];
    const hint = legacy && span.attributes.has(legacy) ? ` (it sets the older key ${legacy}: rename it)` : '';
    return tally.finding({
      kind: 'missing-attribute',
      severity: rule.severity,
      message:
        `${plural(tally.count, 'span')} of ${span.service} '${span.name}' ${tally.count === 1 ? 'lacks' : 'lack'} ` +
        `${rule.attribute}${hint}: ` +
        `${rule.why}.`,
      details: { attribute: rule.attribute },
    });
  });
}
