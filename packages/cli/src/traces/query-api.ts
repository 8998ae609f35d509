// A small client of the backend's query API (Jaeger v1 and native /api/skein): JSON GETs, errors as exit codes.
import { CommandError } from './command-error.js';

export class QueryApi {
  private readonly base: string;

  constructor(
    base: string,
    private readonly token: string | undefined,
  ) {
    this.base = base.replace(/\/+$/, '');
  }

  /** GETs `path` as JSON; undefined on 404. A 400 is a bad argument (exit 2), anything else failing exit 1. */
  async get<T>(path: string): Promise<T | undefined> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { headers });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new CommandError(
        `cannot reach the Skein backend at ${this.base} (${cause?.code ?? cause?.message ?? String(err)}); ` +
          `start it with 'skein backend' or point --api at it`,
        1,
      );
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return undefined;
    }
    if (res.status === 401) {
      await res.body?.cancel();
      throw new CommandError(`the backend at ${this.base} wants a token: pass --token or set SKEIN_TOKEN`, 1);
    }
    const text = await res.text();
    if (!res.ok) {
      const detail = errorMessage(text) ?? text.slice(0, 200);
      throw new CommandError(`the backend answered ${res.status}: ${detail}`, res.status === 400 ? 2 : 1);
    }
    return JSON.parse(text) as T;
  }
}

/** The message of a Jaeger envelope error or a problem+json answer. */
function errorMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { errors?: { msg?: string }[]; detail?: string };
    return body.errors?.[0]?.msg ?? body.detail;
  } catch {
    return undefined;
  }
}
