// RFC 3339 timestamps as Jaeger's api_v3 and metrics APIs speak them (Go's time.RFC3339Nano and protobuf's
// Timestamp JSON form), to and from microseconds since the epoch.

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an RFC 3339 date-time with an explicit offset and up to nanosecond fractions into µs since the
 * epoch (fractions below a microsecond are dropped), or undefined when `text` is not one.
 *
 * @example parseRfc3339('2026-11-25T10:30:00.5+01:00') // 1764063000500000
 */
export function parseRfc3339(text: string): number | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (new Date(ms).getUTCDate() !== day) return undefined;
  const micros = Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
  const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  return (ms - offsetMinutes * 60_000) * 1000 + micros;
}

/**
 * Formats ms since the epoch in UTC as protobuf's JSON mapping of a Timestamp does: no fraction on a whole
 * second, otherwise milliseconds.
 */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, -5) + 'Z' : iso;
}
