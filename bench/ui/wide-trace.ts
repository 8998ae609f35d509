// A big trace for the waterfall benchmark: `count` spans in a 4-ary tree over five services, each child
// inside its parent's time, a few of them errors.
import type { SpanSpec } from '../../packages/backend/test/ui-otlp.js';

const FAN_OUT = 4;
const SERVICES = ['frontend', 'checkout', 'payments', 'inventory', 'shipping'];

export function wideTraceSpans(count: number): SpanSpec[] {
  const spans: SpanSpec[] = [];
  const window: { startMs: number; durationMs: number }[] = [];
  for (let i = 0; i < count; i++) {
    const parent = i === 0 ? undefined : Math.floor((i - 1) / FAN_OUT);
    const slot = i === 0 ? 0 : (i - 1) % FAN_OUT;
    const outer = parent === undefined ? { startMs: 0, durationMs: 10_000 } : window[parent]!;
    const share = outer.durationMs / FAN_OUT;
    const startMs = parent === undefined ? 0 : outer.startMs + slot * share + share * 0.05;
    const durationMs = parent === undefined ? outer.durationMs : share * 0.9;
    window.push({ startMs, durationMs });
    spans.push({
      service: SERVICES[i % SERVICES.length]!,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentId: parent === undefined ? undefined : (parent + 1).toString(16).padStart(16, '0'),
      name: i === 0 ? 'GET /report' : `${['SELECT', 'GET', 'POST', 'publish'][i % 4]} step-${i}`,
      kind: i === 0 ? 2 : 3,
      startMs,
      durationMs,
      attributes: { 'bench.index': i },
      error: i % 997 === 0 && i > 0 ? 'bench error' : undefined,
    });
  }
  return spans;
}
