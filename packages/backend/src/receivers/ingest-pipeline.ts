// The main thread's side of the storage workers: Export request bodies go to the ingest worker (transferred,
// not copied when possible) and resolve once committed; retention goes to the upkeep worker, which also
// checkpoints the WAL, so exports never queue behind a retention pass.
import type { Encoding, Signal } from '../otlp/decode.js';
import type { RetentionResult } from '../storage/store.js';
import type { ExportResult } from './export-handler.js';
import type { IngestRequest, IngestWorkerData, UpkeepRequest } from './ingest-protocol.js';
import { WorkerChannel } from './worker-channel.js';

/** A body the worker can own: the exact bytes in their own ArrayBuffer (pooled buffers are copied). */
function ownedArrayBuffer(body: Uint8Array): ArrayBuffer {
  if (
    body.byteOffset === 0 &&
    body.byteLength === body.buffer.byteLength &&
    body.buffer instanceof ArrayBuffer
  ) {
    return body.buffer;
  }
  const copy = new Uint8Array(body.byteLength);
  copy.set(body);
  return copy.buffer;
}

export class IngestPipeline {
  private readonly ingest: WorkerChannel<IngestRequest>;
  private readonly upkeep: WorkerChannel<UpkeepRequest>;

  constructor(data: IngestWorkerData) {
    this.ingest = new WorkerChannel('ingest-worker', data);
    this.upkeep = new WorkerChannel('upkeep-worker', data);
  }

  /** Decodes, validates and stores one Export request; resolves after the commit. */
  export(signal: Signal, body: Uint8Array, encoding: Encoding): Promise<ExportResult> {
    const buffer = ownedArrayBuffer(body);
    return this.ingest.call({ type: 'export', signal: signal.name, encoding, body: buffer }, [
      buffer,
    ]) as Promise<ExportResult>;
  }

  retention(nowMs: number, maxAgeMs: number, maxBytes: number): Promise<RetentionResult> {
    return this.upkeep.call({ type: 'retention', nowMs, maxAgeMs, maxBytes }) as Promise<RetentionResult>;
  }

  async close(): Promise<void> {
    await Promise.all([this.ingest.close(), this.upkeep.close()]);
  }
}
