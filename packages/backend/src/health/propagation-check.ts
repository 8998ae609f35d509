// Lost trace context: spans whose parent never arrives (orphans), and SERVER spans that start a new trace
// while a traced service was calling them at that moment (the callee drops `traceparent`, or the caller
// never sends it). A service whose every SERVER span is such a root emits only root spans.
import { plural, TallyGroups } from './finding-tally.js';
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

/** CLIENT spans without a child, by the `host:port` they called: calls whose callee started a new trace. */
function childlessCallsByTarget(set: SpanSet): Map<string, SpanView[]> {
  const calls = new Map<string, SpanView[]>();
  for (const span of set.spans) {
    if (span.kind !== SPAN_KIND.client || set.hasChildren(span)) continue;
    const target = hostPort(span);
    if (!target) continue;
    const list = calls.get(target);
    if (list) list.push(span);
    else calls.set(target, [span]);
  }
  return calls;
}

/** The tightest childless call to the root's address that was in flight while the root ran. */
function callerOf(root: SpanView, calls: SpanView[], toleranceUs: number): SpanView | undefined {
  let best: SpanView | undefined;
  for (const call of calls) {
    if (call.traceId === root.traceId) continue;
    if (call.startUs > root.startUs + toleranceUs || call.endUs + toleranceUs < root.endUs) continue;
    if (!best || call.endUs - call.startUs < best.endUs - best.startUs) best = call;
  }
  return best;
}

export function midGraphFindings(set: SpanSet, toleranceUs: number): HealthFinding[] {
  const calls = childlessCallsByTarget(set);
  const pairs = new TallyGroups<{ caller: string; callee: string }>();
  const rootOnly = new TallyGroups<{ service: string }>();
  const serverSpans = new Map<string, { total: number; roots: number }>();
  for (const span of set.spans) {
    if (span.kind !== SPAN_KIND.server) continue;
    const counts = serverSpans.get(span.service) ?? { total: 0, roots: 0 };
    serverSpans.set(span.service, counts);
    counts.total++;
    if (span.parentId) continue;
    counts.roots++;
    const target = hostPort(span);
    const caller = target ? callerOf(span, calls.get(target) ?? [], toleranceUs) : undefined;
    if (!caller) continue;
    const pair = { caller: caller.service, callee: span.service };
    pairs.get(`${caller.service}\u0000${span.service}`, pair).tally.add(caller, span);
    rootOnly.get(span.service, { service: span.service }).tally.add(span);
  }
  const findings = pairs.entries().map(({ tally, meta }) => {
    const counts = serverSpans.get(meta.callee)!;
    // A callee that continues other callers' traces does extract context: this caller does not inject it.
    const cause =
      counts.roots < counts.total
        ? `${meta.caller} does not send the traceparent header (${meta.callee} continues other callers' traces)`
        : `${meta.callee} ignores the incoming traceparent header, or ${meta.caller} does not send it`;
    return tally.finding({
      kind: 'broken-propagation',
      severity: 'error',
      message: `${plural(tally.count, 'call')} from ${meta.caller} to ${meta.callee} started a new trace in ${meta.callee}: ${cause}.`,
      details: { caller: meta.caller, callee: meta.callee },
    });
  });
  const callersOf = new Map<string, Set<string>>();
  for (const { meta } of pairs.entries()) {
    callersOf.set(meta.callee, (callersOf.get(meta.callee) ?? new Set()).add(meta.caller));
  }
  for (const { tally, meta } of rootOnly.entries()) {
    const counts = serverSpans.get(meta.service)!;
    if (counts.roots !== counts.total) continue;
    const callers = [...(callersOf.get(meta.service) ?? [])].sort();
    findings.push(
      tally.finding({
        kind: 'root-only-service',
        severity: 'error',
        message:
          `${meta.service} emits only root spans (${plural(counts.total, 'server span')}, none with a parent) ` +
          `although traced services call it (${callers.join(', ')}): it does not extract incoming trace context.`,
        details: { callers: callers.join(', ') },
      }),
    );
  }
  return findings;
}
