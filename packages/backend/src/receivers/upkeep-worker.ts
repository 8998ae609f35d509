// Worker-thread entry for storage upkeep on a connection of its own: copies the write-ahead log into the
// database (checkpoints) and runs retention, so the ingest worker spends its time on inserts and commits,
// and an Export waits at most for one retention delete statement, never for a whole retention pass.
import { parentPort, workerData } from 'node:worker_threads';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import {
  errorReply,
  type IngestReply,
  type IngestWorkerData,
  type UpkeepRequest,
} from './ingest-protocol.js';

/** How often the WAL is copied into the database; the writer's own checkpoint remains the backstop. */
const CHECKPOINT_INTERVAL_MS = 100;

const { dataDir } = workerData as IngestWorkerData;
const store = new SqliteStore(dataDir);
const port = parentPort!;

const timer = setInterval(() => {
  try {
    store.checkpoint();
  } catch {
    // A failed checkpoint (disk full, I/O error) is retried on the next tick; the writer's own is the backstop.
  }
}, CHECKPOINT_INTERVAL_MS);

function answer(request: UpkeepRequest): IngestReply {
  try {
    if (request.type === 'retention') {
      return {
        id: request.id,
        result: store.applyRetention(request.nowMs, request.maxAgeMs, request.maxBytes),
      };
    }
    clearInterval(timer);
    store.close();
    return { id: request.id, result: null };
  } catch (err) {
    return errorReply(request.id, err);
  }
}

port.on('message', (request: UpkeepRequest) => {
  port.postMessage([answer(request)]);
  if (request.type === 'close') port.close();
});
