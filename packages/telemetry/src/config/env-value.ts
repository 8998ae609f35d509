// Parsers for single OTEL_* values: an invalid value produces a one-line warning and the default, never a throw.
import { closestName } from './closest-name.js';
import { NO_TIMEOUT_MS } from './telemetry-config.js';

/** Collects configuration warnings so they can be printed once, after the whole config is read. */
export type WarningSink = (message: string) => void;

function describe(name: string, raw: string): string {
  return `${name}=${JSON.stringify(raw)}`;
}

export function readBoolean(
  name: string,
  raw: string | undefined,
  fallback: boolean,
  warn: WarningSink,
): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  warn(`${describe(name, raw)} is not true or false; using ${fallback}`);
  return fallback;
}

/** The largest integer the spec asks SDKs to accept (2³¹ − 1), also the longest delay a Node timer takes. */
const MAX_INTEGER = 2_147_483_647;

/** A non-negative integer (`allowZero`) or a positive one, at most 2³¹ − 1. */
export function readInteger(
  name: string,
  raw: string | undefined,
  fallback: number,
  warn: WarningSink,
  allowZero = false,
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (Number.isInteger(value) && value <= MAX_INTEGER && (value > 0 || (allowZero && value === 0)))
    return value;
  const kind = allowZero ? 'non-negative' : 'positive';
  warn(`${describe(name, raw)} is not a ${kind} integer up to ${MAX_INTEGER}; using ${fallback}`);
  return fallback;
}

/** A timeout in milliseconds: 0 means no limit (the spec's "indefinite"), kept as NO_TIMEOUT_MS. */
export function readTimeout(
  name: string,
  raw: string | undefined,
  fallback: number,
  warn: WarningSink,
): number {
  return noLimitIfZero(readInteger(name, raw, fallback, warn, true));
}

/** A timeout given in code or a file: 0 means no limit. */
export function noLimitIfZero(timeoutMs: number): number {
  return timeoutMs === 0 ? NO_TIMEOUT_MS : Math.min(timeoutMs, NO_TIMEOUT_MS);
}

export function readRatio(
  name: string,
  raw: string | undefined,
  fallback: number,
  warn: WarningSink,
): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (Number.isFinite(value) && value >= 0 && value <= 1) return value;
  warn(`${describe(name, raw)} is not a number in [0, 1]; using ${fallback}`);
  return fallback;
}

export function readChoice<T extends string>(
  name: string,
  raw: string | undefined,
  choices: readonly T[],
  fallback: T,
  warn: WarningSink,
): T {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if ((choices as readonly string[]).includes(value)) return value as T;
  const suggestion = closestName(value, choices);
  const hint = suggestion ? ` (did you mean ${suggestion}?)` : '';
  warn(`${describe(name, raw)} is not one of ${choices.join(', ')}${hint}; using ${fallback}`);
  return fallback;
}

/** An absolute http(s) URL. */
export function readUrl(name: string, raw: string | undefined, warn: WarningSink): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim();
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  warn(`${describe(name, raw)} is not an http(s) URL; ignoring it`);
  return undefined;
}

/**
 * A W3C-Baggage-style `key=value,key2=value2` list with percent-encoded values, as OTEL_RESOURCE_ATTRIBUTES and
 * OTEL_EXPORTER_OTLP_HEADERS use. Malformed members are skipped with a warning; the rest are kept.
 */
export function readKeyValueList(
  name: string,
  raw: string | undefined,
  warn: WarningSink,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined || raw.trim() === '') return out;
  for (const member of raw.split(',')) {
    if (member.trim() === '') continue;
    const eq = member.indexOf('=');
    const key = eq > 0 ? member.slice(0, eq).trim() : '';
    if (key === '') {
      warn(`${name} member ${JSON.stringify(member)} is not key=value; skipping it`);
      continue;
    }
    try {
      out[key] = decodeURIComponent(member.slice(eq + 1).trim());
    } catch {
      warn(`${name} member ${JSON.stringify(member)} has a malformed percent-encoding; skipping it`);
    }
  }
  return out;
}

/** A comma-separated list of names, lowercased and trimmed. */
export function readList(raw: string | undefined): string[] | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((item) => item.trim().toLowerCase())
    .filter((item) => item !== '');
}
