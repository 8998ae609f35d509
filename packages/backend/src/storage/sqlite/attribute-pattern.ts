// Attribute search without an attribute index: a KeyValue's protobuf encoding is a fixed byte sequence, so
// "key = value" is a substring test (SQLite instr) on the stored record blobs, done in C by SQLite.
import { pb } from '../../otlp/proto.js';
import type { AttributeFilter } from '../store.js';

const INT = /^-?\d{1,19}$/;

/** The encodings a matching KeyValue may have: the value as a string, and as int, double or bool when it parses. */
export function attributePatterns(filter: AttributeFilter): Buffer[] {
  const { key, value } = filter;
  const values: Record<string, unknown>[] = [{ stringValue: value }];
  if (INT.test(value)) values.push({ intValue: value });
  if (value.trim() !== '' && Number.isFinite(Number(value))) values.push({ doubleValue: Number(value) });
  if (value === 'true' || value === 'false') values.push({ boolValue: value === 'true' });
  return values.map((v) => pb.KeyValue.encode(pb.KeyValue.fromObject({ key, value: v })).finish() as Buffer);
}
