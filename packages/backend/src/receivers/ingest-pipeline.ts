// The main thread's side of the ingest worker: hands request bodies over (transferred, not copied when
// possible) and resolves once the worker has committed them.
import { Worker } from 'node:worker_threads';
import { BackendError } from '../errors.js';
import type { Encoding, Signal } from '../otlp/decode.js';
import type { RetentionResult } from '../storage/store.js';
import type { ExportResult } from './export-handler.js';
import type { IngestReply, IngestRequest, IngestWorkerData } from './ingest-protocol.js';

type Pending = { resolve: (value: unknown) => void; reject: (err: unknown) => void };
type RequestBody = IngestRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './ingest-worker.ts' : './ingest-worker.js', import.meta.url);

/** Run from sources (tests, tsx), the worker registers tsx itself: loader hooks do not reach workers on Node 20. */
function spawnWorker(workerData: IngestWorkerData): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

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
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly data: IngestWorkerData) {}

  /** Decodes, validates and stores one Export request; resolves after the commit. */
  export(signal: Signal, body: Uint8Array, encoding: Encoding): Promise<ExportResult> {
    const buffer = ownedArrayBuffer(body);
    return this.call({ type: 'export', signal: signal.name, encoding, body: buffer }, [
      buffer,
    ]) as Promise<ExportResult>;
  }

  retention(nowMs: number, maxAgeMs: number, maxBytes: number): Promise<RetentionResult> {
    return this.call({ type: 'retention', nowMs, maxAgeMs, maxBytes }) as Promise<RetentionResult>;
  }

  async close(): Promise<void> {
    if (!this.worker) return;
    const worker = this.worker;
    await this.call({ type: 'close' });
    await worker.terminate();
  }

  private start(): Worker {
    const worker = spawnWorker(this.data);
    worker.on('message', (reply: IngestReply) => {
      const pending = this.pending.get(reply.id);
      if (!pending) return;
      this.pending.delete(reply.id);
      if (reply.error) pending.reject(new BackendError(reply.error.code, reply.error.message));
      else pending.resolve(reply.result);
    });
    const fail = (err: unknown): void => {
      if (this.worker === worker) this.worker = undefined;
      const message = err instanceof Error ? err.message : `ingest worker exited (${String(err)})`;
      for (const pending of this.pending.values())
        pending.reject(new BackendError('SKEIN_ERR_STORAGE', message));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }

  private call(request: RequestBody, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  }
}
