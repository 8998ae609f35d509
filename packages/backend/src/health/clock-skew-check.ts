// Clock skew between services: across a service boundary a child cannot start before its parent, and the
// SERVER side of a synchronous call cannot end after the CLIENT span that waited for it. Within one
// process both spans read the same clock, so only cross-service pairs are judged.
import { plural, TallyGroups } from './finding-tally.js';
import type { HealthFinding } from './health-report.js';
import { SPAN_KIND, type SpanSet, type SpanView } from './span-set.js';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** The child's clock offset from the parent's: midpoints for a synchronous call, else the start gap. */
function offsetUs(parent: SpanView, child: SpanView): number {
  if (parent.kind === SPAN_KIND.client && child.kind === SPAN_KIND.server) {
    return (child.startUs + child.endUs) / 2 - (parent.startUs + parent.endUs) / 2;
  }
  return child.startUs - parent.startUs;
}

function violates(parent: SpanView, child: SpanView, toleranceUs: number): boolean {
  if (parent.startUs - child.startUs > toleranceUs) return true;
  const synchronous = parent.kind === SPAN_KIND.client && child.kind === SPAN_KIND.server;
  return synchronous && child.endUs - parent.endUs > toleranceUs;
}

export function clockSkewFindings(set: SpanSet, toleranceUs: number): HealthFinding[] {
  const groups = new TallyGroups<{ parent: string; child: string; offsets: number[] }>();
  for (const child of set.spans) {
    const parent = set.parentOf(child);
    if (!parent || parent.service === child.service || !violates(parent, child, toleranceUs)) continue;
    const meta = { parent: parent.service, child: child.service, offsets: [] as number[] };
    const group = groups.get(`${parent.service}\u0000${child.service}`, meta);
    group.tally.add(parent, child);
    group.meta.offsets.push(offsetUs(parent, child));
  }
  return groups.entries().map(({ tally, meta }) => {
    const skewMs = Math.round(median(meta.offsets) / 100) / 10;
    const direction = skewMs < 0 ? 'behind' : 'ahead of';
    return tally.finding({
      kind: 'clock-skew',
      severity: 'warning',
      message:
        `${plural(tally.count, 'span')} of ${meta.child} ${tally.count === 1 ? 'falls' : 'fall'} outside ` +
        `${tally.count === 1 ? 'its' : 'their'} ${meta.parent} parent: ` +
        `${meta.child}'s clock looks about ${Math.abs(skewMs)} ms ${direction} ${meta.parent}'s ` +
        '(sync both hosts with NTP/chrony); waterfalls of these traces are misdrawn.',
      details: { parent: meta.parent, child: meta.child, skewMs },
    });
  });
}
