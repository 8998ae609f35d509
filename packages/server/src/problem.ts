// Renders every error response once, as RFC 9457 problem details (`application/problem+json`).
import type { ServerResponse } from 'node:http';
import type { FieldIssue, HttpError } from './errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The body of every error response. */
export interface Problem {
  /** A URI naming the problem type: `urn:skein:error:<code>`, stable across releases. */
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The request path (without its query) where this occurrence happened. */
  instance: string;
  /** The stable error code, e.g. `SKEIN_ERR_BODY_TOO_LARGE`. */
  code: string;
  /** The W3C trace id of the request, to find its trace and logs; absent when the request is untraced. */
  traceId?: string;
  /** Each rejected field, for validation problems. */
  errors?: readonly FieldIssue[];
}

export function toProblem(error: HttpError, instance: string, traceId: string | undefined): Problem {
  const problem: Problem = {
    type: `urn:skein:error:${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance,
    code: error.code,
  };
  if (traceId !== undefined) problem.traceId = traceId;
  if (error.errors !== undefined) problem.errors = error.errors;
  return problem;
}

/** Writes `error` as the whole response. The caller checks that nothing was sent yet. */
export function sendProblem(
  res: ServerResponse,
  error: HttpError,
  instance: string,
  traceId: string | undefined,
): void {
  const body = JSON.stringify(toProblem(error, instance, traceId));
  if (error.headers !== undefined) {
    for (const name in error.headers) res.setHeader(name, error.headers[name]!);
  }
  res.writeHead(error.status, {
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}
