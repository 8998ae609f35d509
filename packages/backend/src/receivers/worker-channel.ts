// Request and reply with one worker thread: numbered messages, each resolved by the worker's answer (answers
// come in arrays, several per message); a worker that fails or exits rejects everything waiting for it, and
// the next call starts a new one.
import { Worker } from 'node:worker_threads';
import { BackendError } from '../errors.js';
import type { IngestReply, IngestWorkerData } from './ingest-protocol.js';

/** A request as the caller writes it: the channel numbers it. */
type WithoutId<R> = R extends unknown ? Omit<R, 'id'> : never;

type Pending = { resolve: (value: unknown) => void; reject: (err: unknown) => void };

const FROM_SOURCE = import.meta.url.endsWith('.ts');

/** Run from sources (tests, tsx), the worker registers tsx itself: loader hooks do not reach workers on Node 20. */
export function spawnWorker(name: string, workerData: IngestWorkerData): Worker {
  const url = new URL(`./${name}${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);
  if (!FROM_SOURCE) return new Worker(url, { workerData });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export class WorkerChannel<Request extends { id: number; type: string }> {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `name`: the worker's module next to this one, without extension. */
  constructor(
    private readonly name: string,
    private readonly data: IngestWorkerData,
  ) {}

  call(request: WithoutId<Request>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Asks the worker to close its connection (it answers once closed), then ends it. */
  async close(): Promise<void> {
    if (!this.worker) return;
    const worker = this.worker;
    await this.call({ type: 'close' } as WithoutId<Request>);
    await worker.terminate();
  }

  private start(): Worker {
    const worker = spawnWorker(this.name, this.data);
    worker.on('message', (replies: IngestReply[]) => {
      for (const reply of replies) {
        const pending = this.pending.get(reply.id);
        if (!pending) continue;
        this.pending.delete(reply.id);
        if (reply.error) pending.reject(new BackendError(reply.error.code, reply.error.message));
        else pending.resolve(reply.result);
      }
    });
    const fail = (err: unknown): void => {
      if (this.worker === worker) this.worker = undefined;
      const message = err instanceof Error ? err.message : `${this.name} exited (${String(err)})`;
      for (const pending of this.pending.values())
        pending.reject(new BackendError('SKEIN_ERR_STORAGE', message));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    this.worker = worker;
    return worker;
  }
}
