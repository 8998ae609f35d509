// Every error the backend reports, defined once with a stable code and an HTTP status.

export const ERRORS = {
  SKEIN_ERR_CONFIG: 500,
  SKEIN_ERR_BAD_PAYLOAD: 400,
  SKEIN_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  SKEIN_ERR_PAYLOAD_TOO_LARGE: 413,
  SKEIN_ERR_METHOD_NOT_ALLOWED: 405,
  SKEIN_ERR_UNAUTHORIZED: 401,
  SKEIN_ERR_NOT_FOUND: 404,
  SKEIN_ERR_BAD_QUERY: 400,
  SKEIN_ERR_STORAGE: 503,
} as const;

export type ErrorCode = keyof typeof ERRORS;

/** An error value with a stable code; `status` is the HTTP status it renders as. */
export class BackendError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BackendError';
    this.status = ERRORS[code];
  }
}

/** Normalises anything thrown into a BackendError (unknown errors become storage failures, 503). */
export function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  if (!(err instanceof Error)) return new BackendError('SKEIN_ERR_STORAGE', String(err));
  // SQLite errors carry their code (SQLITE_FULL, SQLITE_IOERR_WRITE…): keep it, it says what to fix.
  const code = (err as { code?: unknown }).code;
  return new BackendError(
    'SKEIN_ERR_STORAGE',
    typeof code === 'string' ? `${err.message} (${code})` : err.message,
  );
}
