// `skein traces --follow`: polls the backend and prints each new trace once, after it stopped growing.
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError } from './command-error.js';
import { findTraces, type TraceFilter } from './find-traces.js';
import { traceStartUs, type JaegerTrace } from './jaeger-trace.js';
import type { QueryApi } from './query-api.js';

const POLL_MS = 1000;
/** A trace prints once no span arrived for this long: longer than the SDKs' default 5 s batch export delay. */
const QUIET_MS = 6000;
/** Searched each poll: traces that began up to this long before the poll (and after following began). */
const WINDOW_US = 5 * 60e6;
const POLL_LIMIT = 200;

/**
 * Polls until SIGINT/SIGTERM. A trace is printed once its span count has not changed for QUIET_MS: each
 * service exports its spans on its own schedule, so the tree waits for the stragglers. Each trace prints once.
 */
export async function follow(
  api: QueryApi,
  filter: TraceFilter,
  printed: Set<string>,
  print: (trace: JaegerTrace) => void,
): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const sinceUs = Date.now() * 1000;
  /** Traces not printed yet: their span count and since when it has been that. */
  const growing = new Map<string, { spans: number; sinceMs: number }>();
  let unreachable = false;
  console.error('skein: following new traces (Ctrl-C to stop)');
  try {
    while (!stop.signal.aborted) {
      const nowUs = Date.now() * 1000;
      try {
        const startUs = Math.max(sinceUs, nowUs - WINDOW_US);
        const traces = await findTraces(api, { ...filter, startUs, limit: POLL_LIMIT });
        if (unreachable) console.error('skein: backend reachable again');
        unreachable = false;
        const seen = new Map<string, { spans: number; sinceMs: number }>();
        const nowMs = Date.now();
        for (const trace of traces.reverse()) {
          if (printed.has(trace.traceID)) continue;
          const before = growing.get(trace.traceID);
          const spans = trace.spans.length;
          const sinceMs = before?.spans === spans ? before.sinceMs : nowMs;
          if (nowMs - sinceMs < QUIET_MS) {
            seen.set(trace.traceID, { spans, sinceMs });
            continue;
          }
          print(trace);
          printed.add(trace.traceID);
        }
        growing.clear();
        for (const [id, state] of seen) growing.set(id, state);
        forgetOld(printed, traces, startUs);
      } catch (err) {
        if (!(err instanceof CommandError) || err.exitCode === 2) throw err;
        if (!unreachable) console.error(`skein: ${err.message}; retrying`);
        unreachable = true;
      }
      await sleep(POLL_MS, undefined, { signal: stop.signal }).catch(() => undefined);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** Printed ids of traces that left the search window can no longer come back: drop them to bound memory. */
function forgetOld(printed: Set<string>, traces: JaegerTrace[], startUs: number): void {
  if (printed.size <= POLL_LIMIT * 4) return;
  const current = new Set(traces.filter((t) => traceStartUs(t) >= startUs).map((t) => t.traceID));
  for (const id of printed) if (!current.has(id)) printed.delete(id);
}
