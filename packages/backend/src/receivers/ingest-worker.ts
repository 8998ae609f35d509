// Worker-thread entry: decodes, validates and stores Export requests on its own SQLite connection, so
// neither decoding nor committing ever blocks the main thread's sockets and queries.
import { parentPort, workerData } from 'node:worker_threads';
import { BackendError, toBackendError } from '../errors.js';
import { SIGNALS } from '../otlp/decode.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { exportHandler } from './export-handler.js';
import type { IngestReply, IngestRequest, IngestWorkerData } from './ingest-protocol.js';

const { dataDir, maxAttributeValueLength } = workerData as IngestWorkerData;
const store = new SqliteStore(dataDir);
const handle = exportHandler(store, maxAttributeValueLength);
const port = parentPort!;

function answer(request: IngestRequest): IngestReply {
  try {
    switch (request.type) {
      case 'export':
        return {
          id: request.id,
          result: handle(SIGNALS[request.signal], new Uint8Array(request.body), request.encoding),
        };
      case 'retention':
        return {
          id: request.id,
          result: store.applyRetention(request.nowMs, request.maxAgeMs, request.maxBytes),
        };
      case 'close':
        store.close();
        return { id: request.id, result: null };
    }
  } catch (err) {
    const error = err instanceof BackendError ? err : toBackendError(err);
    return { id: request.id, error: { code: error.code, message: error.message } };
  }
}

port.on('message', (request: IngestRequest) => {
  port.postMessage(answer(request));
  if (request.type === 'close') port.close();
});
