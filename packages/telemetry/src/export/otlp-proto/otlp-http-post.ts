// POSTs one OTLP/HTTP protobuf body over a keep-alive connection, retrying what the OTLP spec calls retryable
// (429, 502, 503, 504) with Retry-After or exponential backoff, within the export timeout. Over https it trusts
// the configured CA and presents the client certificate (mutual TLS); with gzip it compresses each body once.
import * as http from 'node:http';
import * as https from 'node:https';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Compression, TlsSettings } from '../../config/telemetry-config.js';

const gzipAsync = promisify(gzip);

const RETRYABLE = new Set([429, 502, 503, 504]);
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 5000;

export interface OtlpPostOptions {
  url: string;
  headers: Record<string, string>;
  timeoutMillis: number;
  compression?: Compression;
  tls?: TlsSettings;
}

export class OtlpHttpPost {
  private readonly url: URL;
  private readonly agent: http.Agent;
  private readonly request: typeof http.request;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: OtlpPostOptions) {
    this.url = new URL(options.url);
    const secure = this.url.protocol === 'https:';
    const { ca, cert, key } = options.tls ?? {};
    this.agent = secure
      ? new https.Agent({ keepAlive: true, ...(ca && { ca }), ...(cert && key && { cert, key }) })
      : new http.Agent({ keepAlive: true });
    this.request = secure ? https.request : http.request;
    this.headers = { ...options.headers, 'content-type': 'application/x-protobuf' };
    if (options.compression === 'gzip') this.headers['content-encoding'] = 'gzip';
  }

  /** Resolves when the receiver accepted `body`; rejects with the reason once retries or time run out. */
  async send(encoded: Uint8Array): Promise<void> {
    const deadline = Date.now() + this.options.timeoutMillis;
    const body = this.options.compression === 'gzip' ? await gzipAsync(encoded) : encoded;
    let backoff = INITIAL_BACKOFF_MS;
    for (;;) {
      const { status, retryAfterMs } = await this.post(body, deadline - Date.now());
      if (status >= 200 && status < 300) return;
      const wait = retryAfterMs ?? backoff * (0.8 + Math.random() * 0.4);
      if (!RETRYABLE.has(status) || Date.now() + wait >= deadline) {
        throw new Error(`OTLP export to ${this.options.url} failed with HTTP ${status}`);
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      backoff = Math.min(backoff * 1.5, MAX_BACKOFF_MS);
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private post(body: Uint8Array, timeoutMs: number): Promise<{ status: number; retryAfterMs?: number }> {
    return new Promise((resolve, reject) => {
      const req = this.request(this.url, {
        method: 'POST',
        agent: this.agent,
        headers: { ...this.headers, 'content-length': body.length },
        timeout: Math.max(timeoutMs, 1),
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () => {
          const retryAfter = Number(res.headers['retry-after']);
          resolve({
            status: res.statusCode ?? 0,
            ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
          });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`OTLP export to ${this.options.url} timed out`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
