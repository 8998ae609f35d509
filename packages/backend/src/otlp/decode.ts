// Turns an OTLP Export request body (protobuf or OTLP/JSON) into decoded messages; malformed input becomes
// SKEIN_ERR_BAD_PAYLOAD, never an exception that escapes.
import type protobuf from 'protobufjs';
import { BackendError } from '../errors.js';
import type { SignalName } from './model.js';
import { pb } from './proto.js';
import { readTraceRequest } from './trace-request-reader.js';

export type Encoding = 'protobuf' | 'json';

/** What differs between the three signals on the wire. */
export interface Signal {
  name: SignalName;
  request: protobuf.Type;
  response: protobuf.Type;
  /** The ExportXPartialSuccess field that counts rejected items, camelCase. */
  rejectedField: 'rejectedSpans' | 'rejectedLogRecords' | 'rejectedDataPoints';
}

export const SIGNALS: Record<SignalName, Signal> = {
  traces: {
    name: 'traces',
    request: pb.ExportTraceServiceRequest,
    response: pb.ExportTraceServiceResponse,
    rejectedField: 'rejectedSpans',
  },
  logs: {
    name: 'logs',
    request: pb.ExportLogsServiceRequest,
    response: pb.ExportLogsServiceResponse,
    rejectedField: 'rejectedLogRecords',
  },
  metrics: {
    name: 'metrics',
    request: pb.ExportMetricsServiceRequest,
    response: pb.ExportMetricsServiceResponse,
    rejectedField: 'rejectedDataPoints',
  },
};

/** Decodes a request body; throws BackendError('SKEIN_ERR_BAD_PAYLOAD') with the reason on malformed input. */
export function decodeRequest(signal: Signal, body: Uint8Array, encoding: Encoding): unknown {
  try {
    if (encoding === 'protobuf') {
      return signal.name === 'traces' ? readTraceRequest(body) : signal.request.decode(body);
    }
    const json: unknown = JSON.parse(
      Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'),
    );
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new Error('the body must be a JSON object');
    }
    hexIdsToBytes(json);
    return signal.request.fromObject(json as Record<string, unknown>);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BackendError(
      'SKEIN_ERR_BAD_PAYLOAD',
      `malformed ${encoding} ${signal.name} request: ${reason}`,
    );
  }
}

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * OTLP/JSON writes trace and span ids as hex, unlike protobuf's JSON mapping (base64): convert them to bytes
 * in place before fromObject. An id that is not hex becomes a 1-byte marker so validation rejects the item.
 */
function hexIdsToBytes(node: unknown, depth = 0): void {
  if (depth > 64) throw new Error('nesting too deep');
  if (Array.isArray(node)) {
    for (const item of node) hexIdsToBytes(item, depth + 1);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (ID_FIELDS.has(key) && typeof value === 'string') {
      record[key] = HEX.test(value) ? Buffer.from(value, 'hex') : Buffer.alloc(1);
    } else if (typeof value === 'object' && value !== null) {
      hexIdsToBytes(value, depth + 1);
    }
  }
}
