// `skein traces --follow`: polls the backend and prints each new trace once, after it stopped growing.
import { setTimeout as sleep } from 'node:timers/promises';
import { CommandError } from './command-error.js';
import { fetchTrace, findTraceIds, type TraceFilter } from './find-traces.js';
import type { JaegerTrace } from './jaeger-trace.js';
import type { QueryApi } from './query-api.js';

const POLL_MS = 1000;
/** A trace prints once no span arrived for this long: longer than the SDKs' default 5 s batch export delay. */
const QUIET_MS = 6000;
/** Each poll searches spans that started up to this long ago (long spans arrive well after they start). */
const WINDOW_US = 2 * 60e6;
const SEARCH_LIMIT = 1000;

interface Pending {
  spans: number;
  /** Since when the trace has had that many spans. */
  sinceMs: number;
}

/** Trace ids as the native API writes them (32 digits); Jaeger shortens ids whose upper half is zero. */
function fullId(id: string): string {
  return id.padStart(32, '0');
}

/**
 * Polls until SIGINT/SIGTERM. Each poll finds the traces with a matching span that started since following
 * began (a span search: printed traces are not loaded again) and loads only the traces not printed yet. A trace
 * is printed once its span count has not changed for QUIET_MS: each service exports its spans on its own
 * schedule, so the tree waits for the stragglers. Each trace prints once.
 */
export async function follow(
  api: QueryApi,
  filter: TraceFilter,
  alreadyPrinted: Iterable<string>,
  print: (trace: JaegerTrace) => void,
): Promise<void> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const followingSinceUs = Date.now() * 1000;
  const printed = new Set([...alreadyPrinted].map(fullId));
  const pending = new Map<string, Pending>();
  let unreachable = false;
  console.error('skein: following new traces (Ctrl-C to stop)');
  try {
    while (!stop.signal.aborted) {
      try {
        const startUs = Math.max(followingSinceUs, Date.now() * 1000 - WINDOW_US);
        const ids = await findTraceIds(api, { ...filter, startUs, limit: SEARCH_LIMIT });
        for (const id of ids.reverse()) {
          if (!printed.has(id) && !pending.has(id)) pending.set(id, { spans: 0, sinceMs: 0 });
        }
        await settle(api, pending, printed, print);
        if (unreachable) console.error('skein: backend reachable again');
        unreachable = false;
        // Ids that left the search window cannot come back: forget them to bound memory.
        if (printed.size > SEARCH_LIMIT) {
          const current = new Set(ids);
          for (const id of printed) if (!current.has(id)) printed.delete(id);
        }
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

/** Loads each pending trace; prints (oldest found first) those that stopped growing for QUIET_MS. */
async function settle(
  api: QueryApi,
  pending: Map<string, Pending>,
  printed: Set<string>,
  print: (trace: JaegerTrace) => void,
): Promise<void> {
  for (const [id, state] of pending) {
    const trace = await fetchTrace(api, id);
    if (!trace) {
      pending.delete(id); // removed by retention meanwhile
      continue;
    }
    const nowMs = Date.now();
    if (trace.spans.length !== state.spans) {
      pending.set(id, { spans: trace.spans.length, sinceMs: nowMs });
      continue;
    }
    if (nowMs - state.sinceMs < QUIET_MS) continue;
    print(trace);
    printed.add(id);
    pending.delete(id);
  }
}
