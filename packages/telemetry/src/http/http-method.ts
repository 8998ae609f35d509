// Method normalisation shared by server and client spans: semconv reports methods outside the known set as
// `_OTHER` (keeping the original in http.request.method_original) and names such spans `HTTP`.

/** What the instrumentation needs of a request method, found with one lookup. */
export interface MethodInfo {
  /** The `http.request.method` value: the method itself when known (case-sensitive, as semconv says), else `_OTHER`. */
  readonly attribute: string;
  /** The method part of a span name: the method when known, else `HTTP`. */
  readonly spanName: string;
  /** A small number for the method, below 16 (the HTTP metrics pack it into their series number). */
  readonly index: number;
}

const KNOWN = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'TRACE', 'QUERY'];
const KNOWN_METHODS = new Map<string, MethodInfo>(
  KNOWN.map((method, index) => [method, Object.freeze({ attribute: method, spanName: method, index })]),
);
const OTHER: MethodInfo = Object.freeze({ attribute: '_OTHER', spanName: 'HTTP', index: KNOWN.length });

export function methodInfo(method: string): MethodInfo {
  return KNOWN_METHODS.get(method) ?? OTHER;
}

/** The `http.request.method` value of `method`. */
export function semconvMethod(method: string): string {
  return methodInfo(method).attribute;
}

/** The method part of a span name for `method`. */
export function spanNameMethod(method: string): string {
  return methodInfo(method).spanName;
}
