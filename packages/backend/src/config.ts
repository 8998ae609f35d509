// The backend's options, read and validated in one place: everything else receives a BackendConfig.
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BackendError } from './errors.js';

/** Options of startBackend (all optional). Ports of 0 pick a free port. */
export interface BackendOptions {
  host?: string;
  grpcPort?: number;
  httpPort?: number;
  uiPort?: number;
  /** Directory of the SQLite database; default `.skein/` under the working directory. */
  dataDir?: string;
  /** Maximum age of stored data: milliseconds or a duration like `7d`, `12h`, `30m`. */
  retention?: number | string;
  /** Maximum database size: bytes or a size like `2GB`, `500MB`. */
  maxSize?: number | string;
  /** Bearer token required on every receiver and API request. */
  token?: string;
  /** Allows a non-loopback host without a token (logged loudly). */
  insecureNoToken?: boolean;
  /** Largest accepted request body, after decompression (default 32 MiB). */
  maxBodyBytes?: number;
  /** Longer string/bytes attribute values are truncated (default 64 KiB). */
  maxAttributeValueLength?: number;
  /** How often retention runs (default 60 s). */
  retentionIntervalMs?: number;
  /** Serves non-/api paths of the UI port (the SPA hooks in here); returning false, or no hook, answers 404. */
  ui?: (req: IncomingMessage, res: ServerResponse) => boolean | void;
  /** Where startup lines go; default console.log. */
  log?: (line: string) => void;
}

export interface BackendConfig {
  host: string;
  grpcPort: number;
  httpPort: number;
  uiPort: number;
  dataDir: string;
  retentionMs: number;
  maxSizeBytes: number;
  token: string | undefined;
  insecureNoToken: boolean;
  maxBodyBytes: number;
  maxAttributeValueLength: number;
  retentionIntervalMs: number;
  ui: ((req: IncomingMessage, res: ServerResponse) => boolean | void) | undefined;
  log: (line: string) => void;
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1e3,
  m: 60e3,
  h: 3600e3,
  d: 86400e3,
  w: 7 * 86400e3,
};
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4 };

/** Parses `7d`, `90m`, `1500ms` (or a number of milliseconds). */
export function parseDuration(value: number | string, what = 'duration'): number {
  return parseWithUnits(value, DURATION_UNITS, 'ms', what);
}

/** Parses `2GB`, `500mb`, `1024` (bytes). */
export function parseSize(value: number | string, what = 'size'): number {
  return parseWithUnits(value, SIZE_UNITS, 'b', what);
}

function parseWithUnits(
  value: number | string,
  units: Record<string, number>,
  unitless: string,
  what: string,
): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(String(value));
  const factor = match ? units[(match[2] || unitless).toLowerCase()] : undefined;
  if (!match || factor === undefined) {
    throw new BackendError('SKEIN_ERR_CONFIG', `invalid ${what}: ${String(value)}`);
  }
  return Math.round(Number(match[1]) * factor);
}

/** True for 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

function port(value: number | undefined, fallback: number, what: string): number {
  const p = value ?? fallback;
  if (!Number.isInteger(p) || p < 0 || p > 65535) {
    throw new BackendError('SKEIN_ERR_CONFIG', `invalid ${what}: ${String(value)}`);
  }
  return p;
}

/** Applies defaults and validates; refuses a non-loopback host without a token unless explicitly opted out. */
export function resolveConfig(options: BackendOptions = {}): BackendConfig {
  const host = options.host ?? '127.0.0.1';
  const token = options.token || undefined;
  const insecureNoToken = options.insecureNoToken ?? false;
  if (!isLoopback(host) && !token && !insecureNoToken) {
    throw new BackendError(
      'SKEIN_ERR_CONFIG',
      `refusing to listen on ${host} without a token: pass --token (or --insecure-no-token to accept anyone)`,
    );
  }
  return {
    host,
    grpcPort: port(options.grpcPort, 4317, 'gRPC port'),
    httpPort: port(options.httpPort, 4318, 'HTTP port'),
    uiPort: port(options.uiPort, 16686, 'UI port'),
    dataDir: resolve(options.dataDir ?? '.skein'),
    retentionMs: parseDuration(options.retention ?? '7d', 'retention'),
    maxSizeBytes: parseSize(options.maxSize ?? '2GB', 'max size'),
    token,
    insecureNoToken,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    maxAttributeValueLength: options.maxAttributeValueLength ?? 64 * 1024,
    retentionIntervalMs: options.retentionIntervalMs ?? 60_000,
    ui: options.ui,
    log: options.log ?? ((line) => console.log(line)),
  };
}
