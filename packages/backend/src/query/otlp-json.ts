// Decoded OTLP messages → OTLP/JSON (hex ids, int64 as strings, enums as numbers, lowerCamelCase): the
// native API's full-fidelity representation.
import type protobuf from 'protobufjs';
import type { AnyValue } from '../otlp/model.js';
import { pb, TO_OBJECT } from '../otlp/proto.js';

const ID_FIELDS = new Set(['traceId', 'spanId', 'parentSpanId']);

/** Rewrites base64 ids (protobuf's JSON mapping) into hex (OTLP/JSON) in place. */
function idsToHex(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) idsToHex(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const value = record[key];
    if (ID_FIELDS.has(key) && typeof value === 'string')
      record[key] = Buffer.from(value, 'base64').toString('hex');
    else if (typeof value === 'object') idsToHex(value);
  }
}

/** Converts a decoded message of `type` into OTLP/JSON. */
export function toOtlpJson(type: protobuf.Type, message: unknown): Record<string, unknown> {
  const json = type.toObject(message as protobuf.Message, TO_OBJECT);
  idsToHex(json);
  return json;
}

const anyValueType = pb.KeyValue.lookupType('opentelemetry.proto.common.v1.AnyValue');

export function anyValueToJson(value: AnyValue): Record<string, unknown> {
  return anyValueType.toObject(anyValueType.fromObject(value as Record<string, unknown>), TO_OBJECT);
}
