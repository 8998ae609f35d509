// The thread that owns the ingest connection to SQLite, started by the ingest worker: writes what it is handed,
// protobuf trace requests as span rows the ingest worker has already decoded, anything else as a body to decode.
// Requests that queue up while a commit runs are written together in the next transaction (group commit): one
// commit, and one WAL append of the index pages they share, for all of them; each is answered after it.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { SIGNALS } from '../otlp/decode.js';
import { SqliteStore } from '../storage/sqlite/sqlite-store.js';
import { validExport, type ValidExport } from './export-handler.js';
import { errorReply, type IngestReply, type IngestWorkerData, type WriteRequest } from './ingest-protocol.js';

/** At most this many requests share a commit, so a backlog does not become one huge transaction. */
const MAX_GROUP = 32;

const { dataDir, maxAttributeValueLength } = workerData as IngestWorkerData;
const store = new SqliteStore(dataDir);
const port = parentPort!;

/** Commits the decoded requests in one transaction, then answers each (or each with the storage error). */
function commit(ids: number[], valid: ValidExport[], replies: IngestReply[]): void {
  if (ids.length === 0) return;
  try {
    store.write(valid.map((v) => v.records));
  } catch (err) {
    for (const id of ids) replies.push(errorReply(id, err));
    return;
  }
  valid.forEach((v, i) => replies.push({ id: ids[i]!, result: v.result }));
}

/**
 * Handles the queued requests in arrival order: the exports share one commit; `close` comes last. The answers
 * go back in one message (each message costs the receiving thread a wake-up).
 */
function handle(group: WriteRequest[]): void {
  const replies: IngestReply[] = [];
  const ids: number[] = [];
  const valid: ValidExport[] = [];
  for (const request of group) {
    if (request.type === 'rows') {
      valid.push({ records: { signal: 'spanRows', batch: request.rows }, result: request.result });
      ids.push(request.id);
      continue;
    }
    if (request.type === 'export') {
      try {
        const body = new Uint8Array(request.body);
        valid.push(validExport(SIGNALS[request.signal], body, request.encoding, maxAttributeValueLength));
        ids.push(request.id);
      } catch (err) {
        replies.push(errorReply(request.id, err));
      }
      continue;
    }
    commit(ids, valid, replies);
    try {
      store.close();
      replies.push({ id: request.id, result: null });
    } catch (err) {
      replies.push(errorReply(request.id, err));
    }
    port.postMessage(replies);
    port.close();
    return;
  }
  commit(ids, valid, replies);
  port.postMessage(replies);
}

port.on('message', (first: WriteRequest) => {
  const group = [first];
  while (group.length < MAX_GROUP) {
    const next = receiveMessageOnPort(port);
    if (!next) break;
    group.push(next.message as WriteRequest);
  }
  handle(group);
});
