// Method normalisation shared by server and client spans: semconv reports methods outside the known set as
// `_OTHER` (keeping the original in http.request.method_original) and names such spans `HTTP`.

const KNOWN_METHODS = new Set([
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
]);

/** The `http.request.method` value: the method itself when known (case-sensitive, as semconv says), else `_OTHER`. */
export function semconvMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/** The method part of a span name: the method when known, else `HTTP`. */
export function spanNameMethod(method: string): string {
  return KNOWN_METHODS.has(method) ? method : 'HTTP';
}
