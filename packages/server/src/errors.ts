// Every error the toolkit answers with, defined once with a stable code and HTTP status (like Fastify's
// FST_ERR_* codes). Throw them by name; src/problem.ts renders any of them as RFC 9457 problem+json.
import { STATUS_CODES } from 'node:http';

/** Where a rejected field came from. */
export type FieldLocation = 'params' | 'query' | 'body';

/** One rejected field of a request, as listed in a validation problem's `errors` array. */
export interface FieldIssue {
  in: FieldLocation;
  /** JSON Pointer to the field inside its location, e.g. `/items/0/qty`; empty for the whole value. */
  path: string;
  message: string;
}

export interface HttpErrorOptions {
  /** A stable code clients can match on; defaults to `SKEIN_ERR_HTTP_<status>`. */
  code?: string;
  /** Short summary of the problem type; defaults to the status phrase. */
  title?: string;
  errors?: readonly FieldIssue[];
  /** Response headers to send with the problem (e.g. `Allow` with a 405). */
  headers?: Readonly<Record<string, string>>;
  cause?: unknown;
}

/**
 * An error with an HTTP status: thrown from a handler or middleware, it becomes the response.
 * @example throw new HttpError(409, 'order 42 is already paid', { code: 'ORDERS_ERR_ALREADY_PAID' })
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly errors: readonly FieldIssue[] | undefined;
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(status: number, detail?: string, options: HttpErrorOptions = {}) {
    const phrase = STATUS_CODES[status] ?? 'Error';
    super(detail ?? phrase, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.code = options.code ?? `SKEIN_ERR_HTTP_${status}`;
    this.title = options.title ?? phrase;
    this.errors = options.errors;
    this.headers = options.headers;
  }

  /** The human-readable explanation of this occurrence (RFC 9457 `detail`). */
  get detail(): string {
    return this.message;
  }
}

/** The constructor `defineError` returns: the code and status are fixed, the detail can vary. */
export interface DefinedError {
  new (detail?: string, options?: Omit<HttpErrorOptions, 'code' | 'title'>): HttpError;
  readonly code: string;
  readonly status: number;
}

/**
 * Defines a named error class with a stable code and status, once.
 * @example export const OutOfStockError = defineError('OutOfStockError', 'ORDERS_ERR_OUT_OF_STOCK', 409, 'Out of stock')
 */
export function defineError(
  name: string,
  code: string,
  status: number,
  title: string,
  detail?: string,
): DefinedError {
  const Defined = class extends HttpError {
    static readonly code = code;
    static readonly status = status;
    constructor(
      message: string | undefined = detail,
      options: Omit<HttpErrorOptions, 'code' | 'title'> = {},
    ) {
      super(status, message ?? title, { ...options, code, title });
      this.name = name;
    }
  };
  Object.defineProperty(Defined, 'name', { value: name });
  return Defined;
}

export const NotFoundError = defineError(
  'NotFoundError',
  'SKEIN_ERR_NOT_FOUND',
  404,
  'Not Found',
  'No route matches this path.',
);
export const MethodNotAllowedError = defineError(
  'MethodNotAllowedError',
  'SKEIN_ERR_METHOD_NOT_ALLOWED',
  405,
  'Method Not Allowed',
);
export const BodyTooLargeError = defineError(
  'BodyTooLargeError',
  'SKEIN_ERR_BODY_TOO_LARGE',
  413,
  'Content Too Large',
);
export const UnsupportedMediaTypeError = defineError(
  'UnsupportedMediaTypeError',
  'SKEIN_ERR_UNSUPPORTED_MEDIA_TYPE',
  415,
  'Unsupported Media Type',
  'The request body must be JSON (Content-Type: application/json).',
);
export const MalformedJsonError = defineError(
  'MalformedJsonError',
  'SKEIN_ERR_MALFORMED_JSON',
  400,
  'Malformed JSON',
  'The request body is not valid JSON.',
);
export const BodyAbortedError = defineError(
  'BodyAbortedError',
  'SKEIN_ERR_BODY_ABORTED',
  400,
  'Body Aborted',
  'The connection closed before the request body was complete.',
);
export const ValidationError = defineError(
  'ValidationError',
  'SKEIN_ERR_VALIDATION',
  400,
  'Validation Failed',
  'The request has invalid fields; see `errors`.',
);
export const NotReadyError = defineError(
  'NotReadyError',
  'SKEIN_ERR_NOT_READY',
  503,
  'Service Unavailable',
  'The service is not ready to take traffic.',
);
export const InternalError = defineError(
  'InternalError',
  'SKEIN_ERR_INTERNAL',
  500,
  'Internal Server Error',
  'An unexpected error occurred.',
);
