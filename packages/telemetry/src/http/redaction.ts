// Keeps secrets out of span attributes: values of sensitive query parameters become `REDACTED`, and URL
// credentials (`user:pass@`) are replaced before a URL is recorded as url.full.

export const REDACTED = 'REDACTED';

export class UrlRedactor {
  private readonly names: ReadonlySet<string>;

  /** `names`: query parameter names to redact, compared case-insensitively after percent-decoding. */
  constructor(names: readonly string[]) {
    this.names = new Set(names.map((name) => name.toLowerCase()));
  }

  /** Redacts a query string given without its leading `?`; returns the input itself when nothing is secret. */
  redactQuery(query: string): string {
    let out: string | undefined;
    let start = 0;
    while (start <= query.length) {
      let end = query.indexOf('&', start);
      if (end === -1) end = query.length;
      const eq = query.indexOf('=', start);
      if (eq !== -1 && eq < end && this.isSecret(query.slice(start, eq))) {
        out = (out ?? query.slice(0, start)) + query.slice(start, eq + 1) + REDACTED;
      } else if (out !== undefined) {
        out += query.slice(start, end);
      }
      if (end === query.length) break;
      if (out !== undefined) out += '&';
      start = end + 1;
    }
    return out ?? query;
  }

  /** Redacts credentials and secret query values of an absolute URL. */
  redactUrl(url: string): string {
    const schemeEnd = url.indexOf('://');
    let result = url;
    if (schemeEnd !== -1) {
      const authorityStart = schemeEnd + 3;
      const pathStart = firstOf(url, '/?#', authorityStart);
      const at = url.lastIndexOf('@', pathStart);
      if (at >= authorityStart)
        result = `${url.slice(0, authorityStart)}${REDACTED}:${REDACTED}${url.slice(at)}`;
    }
    const q = result.indexOf('?');
    if (q === -1) return result;
    const hash = result.indexOf('#', q);
    const queryEnd = hash === -1 ? result.length : hash;
    const query = result.slice(q + 1, queryEnd);
    const redacted = this.redactQuery(query);
    return redacted === query ? result : `${result.slice(0, q + 1)}${redacted}${result.slice(queryEnd)}`;
  }

  private isSecret(rawName: string): boolean {
    let name = rawName.toLowerCase();
    if (name.includes('%') || name.includes('+')) {
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // an undecodable name is compared as written
      }
    }
    return this.names.has(name);
  }
}

function firstOf(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) if (chars.includes(text[i]!)) return i;
  return text.length;
}
