// Lost trace context: spans whose parent never arrives (orphans), and SERVER spans that start a new trace
// while a traced service was calling them at that moment (the callee drops `traceparent`, or the caller
// never sends it). A service whose every SERVER span is such a root emits only root spans.
import { plural, TallyGroups, type FindingTally } from './finding-tally.js';
import type { HealthFinding } from './health-report.js';
import { SPAN_KIND, type SpanSet, type SpanView } from './span-set.js';

/** Answers whether a span id exists in a trace, looking beyond the checked spans (bounded by the caller). */
export type SpanLookup = (traceId: string, spanId: string) => boolean | undefined;

export function orphanFindings(
  set: SpanSet,
  spanExists: SpanLookup,
  nowUs: number,
  graceUs: number,
): HealthFinding[] {
  const groups = new TallyGroups<{ service: string; name: string }>();
  for (const span of set.spans) {
    if (!span.parentId || set.parentOf(span) || span.endUs + graceUs > nowUs) continue;
    if (spanExists(span.traceId, span.parentId) !== false) continue;
    groups.get(`${span.service}\u0000${span.name}`, span).tally.add(span);
  }
  return groups.entries().map(({ tally, meta }) =>
    tally.finding({
      kind: 'orphan-span',
      severity: 'warning',
      message:
        `${plural(tally.count, 'span')} of ${meta.service} '${meta.name}' ${tally.count === 1 ? 'names' : 'name'} ` +
        'a parent span that never arrived: ' +
        'the caller passes trace context on but exports no span for it (not instrumented, sampled out, or ' +
        'its export fails).',
    }),
  );
}

function hostPort(span: SpanView): string | undefined {
  const address = span.attributes.get('server.address');
  const port = span.attributes.get('server.port');
  if (address && port) return `${address.toLowerCase()}:${port}`;
  const url = span.attributes.get('url.full');
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    const defaultPort = parsed.protocol === 'https:' ? '443' : '80';
    return `${parsed.hostname.replace(/^\[|\]$/g, '').toLowerCase()}:${parsed.port || defaultPort}`;
  } catch {
    return undefined;
  }
}

/** Childless CLIENT spans to one `host:port`, by start time, with the longest duration to bound a scan. */
interface CallsTo {
  calls: SpanView[];
  maxDurationUs: number;
}

/** CLIENT spans without a child, by the `host:port` they called: calls whose callee started a new trace. */
function childlessCallsByTarget(set: SpanSet): Map<string, CallsTo> {
  const targets = new Map<string, CallsTo>();
  for (const span of set.spans) {
    if (span.kind !== SPAN_KIND.client || set.hasChildren(span)) continue;
    const target = hostPort(span);
    if (!target) continue;
    const entry = targets.get(target) ?? { calls: [], maxDurationUs: 0 };
    targets.set(target, entry);
    entry.calls.push(span);
    entry.maxDurationUs = Math.max(entry.maxDurationUs, span.endUs - span.startUs);
  }
  for (const entry of targets.values()) entry.calls.sort((a, b) => a.startUs - b.startUs);
  return targets;
}

/** Index of the first call starting after `us`. */
function firstStartingAfter(calls: SpanView[], us: number): number {
  let low = 0;
  let high = calls.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (calls[mid]!.startUs <= us) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The tightest childless call to the root's address that was in flight while the root ran. */
function callerOf(root: SpanView, to: CallsTo, toleranceUs: number): SpanView | undefined {
  let best: SpanView | undefined;
  const earliestStart = root.endUs - toleranceUs - to.maxDurationUs;
  for (let i = firstStartingAfter(to.calls, root.startUs + toleranceUs) - 1; i >= 0; i--) {
    const call = to.calls[i]!;
    if (call.startUs < earliestStart) break;
    if (call.traceId === root.traceId || call.endUs + toleranceUs < root.endUs) continue;
    if (!best || call.endUs - call.startUs < best.endUs - best.startUs) best = call;
  }
  return best;
}

interface Edge {
  caller: string;
  callee: string;
}

interface ServerCounts {
  total: number;
  roots: number;
}

function brokenPropagationFinding(tally: FindingTally, edge: Edge, callee: ServerCounts): HealthFinding {
  // A callee that continues other callers' traces does extract context: this caller does not inject it.
  const cause =
    callee.roots < callee.total
      ? `${edge.caller} does not send the traceparent header (${edge.callee} continues other callers' traces)`
      : `${edge.callee} ignores the incoming traceparent header, or ${edge.caller} does not send it`;
  return tally.finding({
    kind: 'broken-propagation',
    severity: 'error',
    message: `${plural(tally.count, 'call')} from ${edge.caller} to ${edge.callee} started a new trace in ${edge.callee}: ${cause}.`,
    details: { caller: edge.caller, callee: edge.callee },
  });
}

function rootOnlyFinding(
  tally: FindingTally,
  service: string,
  counts: ServerCounts,
  callers: string[],
): HealthFinding {
  return tally.finding({
    kind: 'root-only-service',
    severity: 'error',
    message:
      `${service} emits only root spans (${plural(counts.total, 'server span')}, none with a parent) ` +
      `although traced services call it (${callers.join(', ')}): it does not extract incoming trace context.`,
    details: { callers: callers.join(', ') },
  });
}

export function midGraphFindings(set: SpanSet, toleranceUs: number): HealthFinding[] {
  const targets = childlessCallsByTarget(set);
  const edges = new TallyGroups<Edge>();
  const rootOnly = new TallyGroups<{ service: string; callers: Set<string> }>();
  const servers = new Map<string, ServerCounts>();
  for (const span of set.spans) {
    if (span.kind !== SPAN_KIND.server) continue;
    const counts = servers.get(span.service) ?? { total: 0, roots: 0 };
    servers.set(span.service, counts);
    counts.total++;
    if (span.parentId) continue;
    counts.roots++;
    const to = targets.get(hostPort(span) ?? '');
    const caller = to && callerOf(span, to, toleranceUs);
    if (!caller) continue;
    edges
      .get(`${caller.service}\u0000${span.service}`, { caller: caller.service, callee: span.service })
      .tally.add(caller, span);
    const callee = rootOnly.get(span.service, { service: span.service, callers: new Set() });
    callee.tally.add(span);
    callee.meta.callers.add(caller.service);
  }
  const findings = edges
    .entries()
    .map(({ tally, meta }) => brokenPropagationFinding(tally, meta, servers.get(meta.callee)!));
  for (const { tally, meta } of rootOnly.entries()) {
    const counts = servers.get(meta.service)!;
    if (counts.roots === counts.total)
      findings.push(rootOnlyFinding(tally, meta.service, counts, [...meta.callers].sort()));
  }
  return findings;
}
