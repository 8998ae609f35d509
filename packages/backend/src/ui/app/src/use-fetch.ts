// Loads JSON for a component and, with `pollMs`, refreshes it while the tab is visible so new data
// shows up without a reload. A newer request aborts the older one.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './api.js';

export interface FetchState<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
}

/**
 * `transform` turns the response body into T; `keepPolling`, given the latest data, can stop the polls
 * (a trace that ended long ago will not change). Both are read on each use; they need not be stable.
 */
export function useFetch<T>(
  url: string | null,
  pollMs = 0,
  transform?: (body: unknown) => T,
  keepPolling?: (data: T) => boolean,
): FetchState<T> {
  const transformRef = useRef(transform);
  transformRef.current = transform;
  const keepPollingRef = useRef(keepPolling);
  keepPollingRef.current = keepPolling;
  const latest = useRef<T | undefined>(undefined);
  const [state, setState] = useState<FetchState<T>>({
    data: undefined,
    error: undefined,
    loading: url !== null,
  });
  // A layout effect sends the request before the first paint, not a frame after it.
  useLayoutEffect(() => {
    if (url === null) {
      setState({ data: undefined, error: undefined, loading: false });
      return;
    }
    let controller: AbortController | undefined;
    let stopped = false;
    setState((s) => ({ ...s, loading: true }));
    const load = async (): Promise<void> => {
      controller?.abort();
      controller = new AbortController();
      try {
        const body = await getJson<unknown>(url, controller.signal);
        const data = transformRef.current ? transformRef.current(body) : (body as T);
        if (stopped) return;
        latest.current = data;
        setState({ data, error: undefined, loading: false });
      } catch (err) {
        if (stopped || (err instanceof DOMException && err.name === 'AbortError')) return;
        setState((s) => ({
          data: s.data,
          error: err instanceof Error ? err.message : String(err),
          loading: false,
        }));
      }
    };
    void load();
    const timer =
      pollMs > 0
        ? setInterval(() => {
            if (document.visibilityState !== 'visible') return;
            const data = latest.current;
            if (data !== undefined && keepPollingRef.current && !keepPollingRef.current(data)) return;
            void load();
          }, pollMs)
        : undefined;
    return () => {
      stopped = true;
      controller?.abort();
      if (timer) clearInterval(timer);
    };
  }, [url, pollMs]);
  return state;
}
