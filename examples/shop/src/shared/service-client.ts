// Calls another shop service over HTTP with JSON. fetch is traced by @skein/telemetry (a CLIENT span, and the
// trace context in the request headers). A problem+json answer is thrown again here as the same error, so
// statuses and codes cross hops unchanged; an unreachable or failing service becomes UpstreamUnavailableError.
import { HttpError, type FieldIssue } from '@skein/server';
import { shopErrorByCode, UpstreamUnavailableError } from './errors.js';

export interface ServiceResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

interface ProblemBody {
  code?: string;
  title?: string;
  detail?: string;
  errors?: FieldIssue[];
}

export class ServiceClient {
  readonly #service: string;
  readonly #baseUrl: string;
  readonly #timeoutMs: number;

  constructor(service: string, baseUrl: string, timeoutMs = 10_000) {
    this.#service = service;
    this.#baseUrl = baseUrl;
    this.#timeoutMs = timeoutMs;
  }

  get<T>(path: string): Promise<ServiceResponse<T>> {
    return this.request('GET', path);
  }

  post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<ServiceResponse<T>> {
    return this.request('POST', path, body, headers);
  }

  async request<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ServiceResponse<T>> {
    // Not AbortSignal.timeout: its timer outlives the call and holds the call's async context — the trace
    // context and its spans — for the whole timeout (the soak saw thousands of them); this one is cleared.
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(new DOMException('The call timed out.', 'TimeoutError')),
      this.#timeoutMs,
    );
    timer.unref();
    try {
      let res: Response;
      try {
        res = await fetch(`${this.#baseUrl}${path}`, {
          method,
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: abort.signal,
        });
      } catch (cause) {
        throw new UpstreamUnavailableError(`${this.#service} is unreachable.`, { cause });
      }
      const text = await res.text();
      const parsed: unknown = text === '' ? undefined : JSON.parse(text);
      if (res.ok) return { status: res.status, headers: res.headers, body: parsed as T };
      throw this.#error(res.status, (parsed ?? {}) as ProblemBody);
    } finally {
      clearTimeout(timer);
    }
  }

  #error(status: number, problem: ProblemBody): HttpError {
    if (status >= 500) {
      return new UpstreamUnavailableError(
        `${this.#service} answered ${status}: ${problem.detail ?? 'no detail'}`,
      );
    }
    const known = problem.code === undefined ? undefined : shopErrorByCode(problem.code);
    if (known !== undefined) return new known(problem.detail);
    return new HttpError(status, problem.detail, {
      code: problem.code,
      title: problem.title,
      errors: problem.errors,
    });
  }
}
