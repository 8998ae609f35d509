// Log records of the native API (/api/skein/logs, OTLP/JSON) converted to the trace tree's log shape.
import type { TreeLog } from '@skein/telemetry/trace-tree';

type AnyValue = Record<string, unknown>;

export interface NativeLog {
  log: {
    timeUnixNano?: string;
    observedTimeUnixNano?: string;
    severityText?: string;
    severityNumber?: number;
    body?: AnyValue;
    spanId?: string;
  };
}

const SEVERITIES = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

export function fromNativeLog({ log }: NativeLog): TreeLog {
  const nanos = log.timeUnixNano && log.timeUnixNano !== '0' ? log.timeUnixNano : log.observedTimeUnixNano;
  return {
    spanId: log.spanId || undefined,
    timeUs: Number(BigInt(nanos ?? '0') / 1000n),
    severity: log.severityText || severityName(log.severityNumber),
    body: bodyText(log.body),
  };
}

/** OTLP severity numbers come in bands of four: 1–4 TRACE … 21–24 FATAL. */
function severityName(n: number | undefined): string {
  return n ? (SEVERITIES[Math.floor((n - 1) / 4)] ?? 'LOG') : 'LOG';
}

function bodyText(body: AnyValue | undefined): string {
  if (body === undefined) return '';
  if (typeof body.stringValue === 'string') return body.stringValue;
  const [value] = Object.values(body);
  return JSON.stringify(value);
}
