// What every receiver does with an Export request once the bytes are in: decode, validate, store (committed
// before returning), and say how many items were rejected and why.
import type { Encoding, Signal } from '../otlp/decode.js';
import { decodeRequest } from '../otlp/decode.js';
import type { ResourceLogs, ResourceMetrics, ResourceSpans } from '../otlp/model.js';
import type { ValidationResult } from '../otlp/validate.js';
import { validateLogs, validateMetrics, validateTraces } from '../otlp/validate.js';
import type { TelemetryStore } from '../storage/store.js';

export interface ExportResult {
  rejected: number;
  /** Empty when everything was accepted unchanged. */
  message: string;
}

interface DecodedRequest {
  resourceSpans?: ResourceSpans[];
  resourceLogs?: ResourceLogs[];
  resourceMetrics?: ResourceMetrics[];
}

/** Handles one Export request for any signal; throws BackendError for malformed input or storage failure. */
export type ExportHandler = (signal: Signal, body: Uint8Array, encoding: Encoding) => ExportResult;

/** What the receivers call: the same work, done off the main thread, resolved after the commit. */
export type AsyncExportHandler = (
  signal: Signal,
  body: Uint8Array,
  encoding: Encoding,
) => Promise<ExportResult>;

export function exportHandler(store: TelemetryStore, maxAttributeValueLength: number): ExportHandler {
  const limit = maxAttributeValueLength;
  return (signal, body, encoding) => {
    const request = decodeRequest(signal, body, encoding) as DecodedRequest;
    let result: ValidationResult;
    if (signal.name === 'traces') {
      const batch = request.resourceSpans ?? [];
      result = validateTraces(batch, limit);
      store.writeSpans(batch);
    } else if (signal.name === 'logs') {
      const batch = request.resourceLogs ?? [];
      result = validateLogs(batch, limit);
      store.writeLogs(batch);
    } else {
      const batch = request.resourceMetrics ?? [];
      result = validateMetrics(batch, limit);
      store.writeMetrics(batch);
    }
    return { rejected: result.rejected, message: result.reasons.join('; ') };
  };
}
