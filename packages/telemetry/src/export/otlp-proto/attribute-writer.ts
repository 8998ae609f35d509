// Writes attributes as OTLP KeyValue messages (opentelemetry/proto/common/v1/common.proto). Keys repeat on every
// span, so each key's bytes are encoded once. Most values repeat too (method, scheme, route, status, addresses): a
// key keeps the whole encoded KeyValue of each value it showed, until it shows more than a few (ids, ports, paths),
// and a repeated value is one copy. Span after span, the same key comes at the same position with, mostly, the
// same value as last time: both are checked by `===` before any lookup.
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { FIXED64, LENGTH_DELIMITED, ProtoWriter, VARINT } from './proto-writer.js';

const MAX_INT64 = 2 ** 63;
/** Keys encoded at most; past it, keys are written out each time (attribute keys are few in practice). */
const MAX_KEYS = 1024;
/** Values kept per key; a key that shows more (ids, ports, paths) has its values written each time. */
const VALUES_PER_KEY = 64;
/** Longest string value kept. */
const MAX_KEPT_STRING = 100;
/** Bytes of kept KeyValues in all. */
const MAX_KEPT_BYTES = 1 << 20;

type KeptValue = string | number | boolean;

/** One attribute key: its encoded bytes, and the whole KeyValue of each value it showed, while they are few. */
class KeyEncoding {
  /** KeyValue.key (tag, length, UTF-8) followed by the tag of KeyValue.value. */
  readonly prefix: Uint8Array;
  /** KeyValue messages (length prefix included) by value; null once the key showed too many values. */
  values: Map<KeptValue, Uint8Array> | null = new Map();
  /** The value found last and its KeyValue: consecutive spans mostly repeat it, and `===` costs less than a lookup. */
  lastValue: KeptValue | undefined = undefined;
  lastKeyValue: Uint8Array | undefined = undefined;

  constructor(key: string) {
    const w = new ProtoWriter(key.length * 3 + 8);
    w.tag(1, LENGTH_DELIMITED);
    w.string(key);
    w.tag(2, LENGTH_DELIMITED);
    this.prefix = w.copyFrom(0);
  }
}

const keys = new Map<string, KeyEncoding>();
let keptBytes = 0;

/** Span attributes come in the same order span after span: the keys seen at each position, with their encodings. */
const SPAN_ATTRIBUTES = 9;
const RECENT_POSITIONS = 32;
const recentKeys: string[] = new Array<string>(RECENT_POSITIONS).fill('');
const recentEncodings: (KeyEncoding | undefined)[] = new Array<KeyEncoding | undefined>(
  RECENT_POSITIONS,
).fill(undefined);

function encodingOf(key: string): KeyEncoding | undefined {
  let encoding = keys.get(key);
  if (encoding === undefined && keys.size < MAX_KEYS) {
    encoding = new KeyEncoding(key);
    keys.set(key, encoding);
  }
  return encoding;
}

/** Writes `attributes` as repeated KeyValue under `field`, skipping undefined and null values as the SDK does. */
export function writeAttributes(w: ProtoWriter, field: number, attributes: Attributes): void {
  let position = field === SPAN_ATTRIBUTES ? 0 : RECENT_POSITIONS;
  for (const key in attributes) {
    const value = attributes[key];
    if (value === undefined || value === null) continue;
    w.tag(field, LENGTH_DELIMITED);
    let encoding: KeyEncoding | undefined;
    if (position < RECENT_POSITIONS) {
      if (recentKeys[position] === key) {
        encoding = recentEncodings[position];
      } else {
        encoding = encodingOf(key);
        recentKeys[position] = key;
        recentEncodings[position] = encoding;
      }
      position++;
    } else {
      encoding = encodingOf(key);
    }
    if (encoding === undefined) {
      const kv = w.begin();
      w.tag(1, LENGTH_DELIMITED);
      w.string(key);
      w.tag(2, LENGTH_DELIMITED);
      writeAnyValue(w, value);
      w.end(kv);
      continue;
    }
    if (value === encoding.lastValue) {
      w.raw(encoding.lastKeyValue!);
      continue;
    }
    const kept = encoding.values?.get(value as KeptValue);
    if (kept !== undefined) {
      encoding.lastValue = value as KeptValue;
      encoding.lastKeyValue = kept;
      w.raw(kept);
      continue;
    }
    const kv = w.begin();
    w.raw(encoding.prefix);
    writeAnyValue(w, value);
    w.end(kv);
    keep(encoding, value, w, kv);
  }
}

/** Keeps the KeyValue just written at `mark` for `value`, if the key's values are few and the value small. */
function keep(encoding: KeyEncoding, value: AttributeValue, w: ProtoWriter, mark: number): void {
  const values = encoding.values;
  if (values === null || Array.isArray(value)) return;
  if (typeof value === 'string' && value.length > MAX_KEPT_STRING) return;
  if (values.size >= VALUES_PER_KEY) {
    for (const bytes of values.values()) keptBytes -= bytes.length;
    encoding.values = null;
    encoding.lastValue = undefined;
    encoding.lastKeyValue = undefined;
    return;
  }
  if (keptBytes >= MAX_KEPT_BYTES) return;
  const bytes = w.copyFrom(mark);
  values.set(value as KeptValue, bytes);
  keptBytes += bytes.length;
}

/** An AnyValue message, length prefix included. */
function writeAnyValue(w: ProtoWriter, value: AttributeValue): void {
  const any = w.begin();
  if (typeof value === 'string') {
    w.tag(1, LENGTH_DELIMITED);
    w.string(value);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= -MAX_INT64 && value < MAX_INT64) {
      w.tag(3, VARINT);
      w.varint64(value);
    } else {
      w.tag(4, FIXED64);
      w.double(value);
    }
  } else if (typeof value === 'boolean') {
    w.tag(2, VARINT);
    w.varint32(value ? 1 : 0);
  } else if (Array.isArray(value)) {
    w.tag(5, LENGTH_DELIMITED); // array_value
    const array = w.begin();
    for (const item of value) {
      w.tag(1, LENGTH_DELIMITED);
      if (item === null || item === undefined) w.varint32(0);
      else writeAnyValue(w, item);
    }
    w.end(array);
  }
  w.end(any);
}
