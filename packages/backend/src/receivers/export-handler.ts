// What every receiver does with an Export request once the bytes are in: decode, validate, store (committed
// before returning), and say how many items were rejected and why.
import type { Encoding, Signal } from '../otlp/decode.js';
import { decodeRequest } from '../otlp/decode.js';
import type { ResourceLogs, ResourceMetrics, ResourceSpans } from '../otlp/model.js';
import type { ValidationResult } from '../otlp/validate.js';
import { validateLogs, validateMetrics, validateTraces } from '../otlp/validate.js';
import type { TelemetryBatch, TelemetryStore } from '../storage/store.js';

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

/** A decoded and validated Export request: the records to store and the answer to give once they are. */
export interface ValidExport {
  records: TelemetryBatch;
  result: ExportResult;
}

/** Decodes and validates one Export request; throws BackendError('SKEIN_ERR_BAD_PAYLOAD') on malformed input. */
export function validExport(
  signal: Signal,
  body: Uint8Array,
  encoding: Encoding,
  maxAttributeValueLength: number,
): ValidExport {
  const request = decodeRequest(signal, body, encoding) as DecodedRequest;
  const limit = maxAttributeValueLength;
  let records: TelemetryBatch;
  let result: ValidationResult;
  if (signal.name === 'traces') {
    const batch = request.resourceSpans ?? [];
    result = validateTraces(batch, limit);
    records = { signal: 'traces', batch };
  } else if (signal.name === 'logs') {
    const batch = request.resourceLogs ?? [];
    result = validateLogs(batch, limit);
    records = { signal: 'logs', batch };
  } else {
    const batch = request.resourceMetrics ?? [];
    result = validateMetrics(batch, limit);
    records = { signal: 'metrics', batch };
  }
  return { records, result: { rejected: result.rejected, message: result.reasons.join('; ') } };
}

/** One request at a time, committed before it returns. */
export function exportHandler(store: TelemetryStore, maxAttributeValueLength: number): ExportHandler {
  return (signal, body, encoding) => {
    const { records, result } = validExport(signal, body, encoding, maxAttributeValueLength);
    store.write([records]);
    return result;
  };
}
