// Clock skew between services, judged per (parent service, child service) from causality. With one clock a
// child never starts before its parent: one such pair beyond the tolerance shows the child's clock is behind.
// A clock ahead shows as children ending after their CLIENT parents; that alone also happens with one clock
// (a server span ends when the response closes, the client's when the headers arrive), so a clock counts as
// ahead only when every child of the pair also started more than the tolerance after its parent.
import { FindingTally, plural } from './finding-tally.js';
import type { HealthFinding } from './health-report.js';
import { SPAN_KIND, type SpanSet, type SpanView } from './span-set.js';

interface Pair {
  parent: SpanView;
  child: SpanView;
  synchronous: boolean;
  startGapUs: number;
  endExcessUs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The child's clock offset from the parent's: midpoints for a synchronous call, else the start gap. */
function offsetUs(pair: Pair): number {
  const { parent, child } = pair;
  if (!pair.synchronous) return pair.startGapUs;
  return (child.startUs + child.endUs) / 2 - (parent.startUs + parent.endUs) / 2;
}

function crossServicePairs(set: SpanSet): Map<string, Pair[]> {
  const edges = new Map<string, Pair[]>();
  for (const child of set.spans) {
    const parent = set.parentOf(child);
    if (!parent || parent.service === child.service) continue;
    const key = `${parent.service}\u0000${child.service}`;
    const pairs = edges.get(key) ?? [];
    edges.set(key, pairs);
    pairs.push({
      parent,
      child,
      synchronous: parent.kind === SPAN_KIND.client && child.kind === SPAN_KIND.server,
      startGapUs: child.startUs - parent.startUs,
      endExcessUs: child.endUs - parent.endUs,
    });
  }
  return edges;
}

/** The pairs that show the skew, or none when the edge looks like one clock. */
function skewEvidence(pairs: Pair[], toleranceUs: number): Pair[] {
  const behind = pairs.filter((p) => p.startGapUs < -toleranceUs);
  if (behind.length > 0) return behind;
  const calls = pairs.filter((p) => p.synchronous);
  if (calls.length === 0 || calls.some((p) => p.startGapUs <= toleranceUs)) return [];
  if (median(calls.map((p) => p.endExcessUs)) <= toleranceUs) return [];
  return calls.filter((p) => p.endExcessUs > toleranceUs);
}

export function clockSkewFindings(set: SpanSet, toleranceUs: number): HealthFinding[] {
  const findings: HealthFinding[] = [];
  for (const pairs of crossServicePairs(set).values()) {
    const evidence = skewEvidence(pairs, toleranceUs);
    if (evidence.length === 0) continue;
    const tally = new FindingTally();
    for (const pair of evidence) tally.add(pair.parent, pair.child);
    const parent = evidence[0]!.parent.service;
    const child = evidence[0]!.child.service;
    const skewMs = Math.round(median(evidence.map(offsetUs)) / 100) / 10;
    const one = tally.count === 1;
    findings.push(
      tally.finding({
        kind: 'clock-skew',
        severity: 'warning',
        message:
          `${plural(tally.count, 'span')} of ${child} ${one ? 'falls' : 'fall'} outside ${one ? 'its' : 'their'} ` +
          `${parent} parent: ${child}'s clock looks about ${Math.abs(skewMs)} ms ` +
          `${skewMs < 0 ? 'behind' : 'ahead of'} ${parent}'s (sync both hosts with NTP/chrony); waterfalls of ` +
          'these traces are misdrawn.',
        details: { parent, child, skewMs },
      }),
    );
  }
  return findings;
}
