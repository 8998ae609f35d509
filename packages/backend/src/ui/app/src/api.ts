// Talks to the backend's JSON APIs. A 401 asks the user for the token once; it is kept in sessionStorage
// and sent as a Bearer header from then on.
const TOKEN_KEY = 'skein.token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

async function send(path: string, token: string | null, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(path, { headers, signal });
}

function askToken(): string | null {
  const token = window.prompt('This Skein backend needs an access token:');
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  return token;
}

async function errorText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { errors?: { msg?: string }[]; detail?: string; title?: string };
    return body.errors?.[0]?.msg ?? body.detail ?? body.title ?? res.statusText;
  } catch {
    return res.statusText;
  }
}

/** GETs a JSON document from the backend, retrying once with a token after a 401. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const sent = storedToken();
  let res = await send(path, sent, signal);
  if (res.status === 401) {
    // Requests that failed together prompt once: later ones find the token the first one stored.
    const current = storedToken();
    const token = current && current !== sent ? current : askToken();
    if (token) res = await send(path, token, signal);
  }
  if (!res.ok) throw new ApiError(res.status, await errorText(res));
  return (await res.json()) as T;
}

/** Builds `path?k=v&…`, leaving out empty values and repeating array values. */
export function withQuery(
  path: string,
  params: Record<string, string | number | string[] | undefined>,
): string {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value) q.append(key, v);
    else q.set(key, String(value));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
