// Messages between the main thread and its storage workers (ingest, and the write worker it starts; upkeep),
// and the one way they report an error.
import { BackendError, type ErrorCode, toBackendError } from '../errors.js';
import type { Encoding } from '../otlp/decode.js';
import type { SignalName } from '../otlp/model.js';
import type { SpanRows } from '../otlp/span-rows.js';
import type { RetentionResult } from '../storage/store.js';
import type { ExportResult } from './export-handler.js';

export interface IngestWorkerData {
  dataDir: string;
  maxAttributeValueLength: number;
}

/** To the ingest worker. */
export type IngestRequest =
  | { id: number; type: 'export'; signal: SignalName; encoding: Encoding; body: ArrayBuffer }
  | { id: number; type: 'close' };

/** From the ingest worker to the write worker: exports it decoded as span rows, others as they came. */
export type WriteRequest = IngestRequest | { id: number; type: 'rows'; rows: SpanRows; result: ExportResult };

/** To the upkeep worker. */
export type UpkeepRequest =
  | { id: number; type: 'retention'; nowMs: number; maxAgeMs: number; maxBytes: number }
  | { id: number; type: 'close' };

export type IngestReply =
  | { id: number; result: ExportResult | RetentionResult | null; error?: undefined }
  | { id: number; error: { code: ErrorCode; message: string }; result?: undefined };

/** The answer that reports `err` (a BackendError keeps its code; anything else becomes one). */
export function errorReply(id: number, err: unknown): IngestReply {
  const error = err instanceof BackendError ? err : toBackendError(err);
  return { id, error: { code: error.code, message: error.message } };
}
