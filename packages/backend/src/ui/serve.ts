// Serves the built web UI (dist/web) from the backend's query server: static assets with strict security
// headers, and index.html for every other non-API path so the SPA's own routes deep-link.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Answers every request outside /api (returning true); returns false, untouched, for /api paths. */
export type UiHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** No inline script or style, no third-party origin: the bundle only talks to its own server. */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Where `npm run build` puts the bundle, relative to this module in both src/ and dist/ layouts. */
export const DEFAULT_UI_DIST = fileURLToPath(new URL('../../dist/web', import.meta.url));

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', UI_CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** Resolves a URL path inside `root`, or undefined when it is malformed or escapes the root. */
export function resolveStaticPath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const full = resolve(root, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  if (full !== root && !full.startsWith(root + sep)) return undefined;
  return full;
}

function fileSize(path: string): number | undefined {
  try {
    const st = statSync(path);
    return st.isFile() ? st.size : undefined;
  } catch {
    return undefined;
  }
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  size: number,
  immutable: boolean,
): void {
  setSecurityHeaders(res);
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[extname(path)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', size);
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(path)
    .on('error', () => res.destroy())
    .pipe(res);
}

/**
 * Builds the UI request handler for the query server.
 * @example
 * const ui = createUiHandler();
 * http.createServer((req, res) => { if (!ui(req, res)) api(req, res); });
 */
export function createUiHandler(distDir: string = DEFAULT_UI_DIST): UiHandler {
  const root = resolve(distDir);
  const indexPath = join(root, 'index.html');
  return (req, res) => {
    const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (pathname === '/api' || pathname.startsWith('/api/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      setSecurityHeaders(res);
      res
        .writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('method not allowed\n');
      return true;
    }
    const target = resolveStaticPath(root, pathname);
    if (target === undefined) {
      setSecurityHeaders(res);
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('bad path\n');
      return true;
    }
    const size = target === root ? undefined : fileSize(target);
    if (size !== undefined) {
      sendFile(req, res, target, size, pathname.startsWith('/assets/'));
      return true;
    }
    // A missing asset is a real 404; any other path is an SPA route and gets the shell.
    const indexSize = fileSize(indexPath);
    if (pathname.startsWith('/assets/') || indexSize === undefined) {
      setSecurityHeaders(res);
      const body = indexSize === undefined ? 'UI not built: run `npm run build`\n' : 'not found\n';
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(body);
      return true;
    }
    sendFile(req, res, indexPath, indexSize, false);
    return true;
  };
}
