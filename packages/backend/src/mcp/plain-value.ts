// OTLP attribute values as plain JSON for a model to read: scalars as themselves, long strings cut short.
import { valueField, type AnyValue, type KeyValue } from '../otlp/model.js';

/** Longest string value a tool answer carries; longer ones end in `…`. */
export const MAX_VALUE_CHARS = 300;
const MAX_ARRAY_ITEMS = 50;

function cut(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

export function plainValue(value: AnyValue | null | undefined): unknown {
  switch (valueField(value)) {
    case undefined:
      return null;
    case 'stringValue':
      return cut(value!.stringValue!);
    case 'boolValue':
      return value!.boolValue!;
    case 'intValue': {
      const n = Number(value!.intValue!.toString());
      return Number.isSafeInteger(n) ? n : value!.intValue!.toString();
    }
    case 'doubleValue':
      return value!.doubleValue!;
    case 'bytesValue':
      return cut(Buffer.from(value!.bytesValue!).toString('base64'));
    case 'arrayValue':
      return value!.arrayValue!.values.slice(0, MAX_ARRAY_ITEMS).map(plainValue);
    case 'kvlistValue':
      return plainAttributes(value!.kvlistValue!.values.slice(0, MAX_ARRAY_ITEMS));
  }
}

/** `[{key, value}]` → `{key: value}`. */
export function plainAttributes(attributes: KeyValue[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of attributes) out[kv.key] = plainValue(kv.value);
  return out;
}
