// Worker-thread entry for Export requests: decodes and validates protobuf trace requests into span rows and
// hands them to the write worker it starts (other requests go to it as they came), so decoding the next
// request overlaps writing the last one, and neither ever blocks the main thread's sockets and queries.
// Answers come back from the write worker through here.
import { parentPort, workerData } from 'node:worker_threads';
import { SIGNALS } from '../otlp/decode.js';
import { toSpanRows } from '../otlp/span-rows.js';
import type { ResourceSpans } from '../otlp/model.js';
import { validExport } from './export-handler.js';
import {
  errorReply,
  type IngestReply,
  type IngestRequest,
  type IngestWorkerData,
  type WriteRequest,
} from './ingest-protocol.js';
import { spawnWorker } from './worker-channel.js';

const port = parentPort!;
const { maxAttributeValueLength } = workerData as IngestWorkerData;
const writer = spawnWorker('write-worker', workerData as IngestWorkerData);
let closing = -1;

writer.on('message', (replies: IngestReply[]) => {
  port.postMessage(replies);
  if (replies.some((reply) => reply.id === closing)) port.close();
});
// Without its writer this worker can answer nothing: end it, and the main thread fails what is waiting.
const fail = (): never => process.exit(1);
writer.on('error', fail);
writer.on('exit', fail);

function send(request: WriteRequest, transfer: ArrayBuffer[]): void {
  writer.postMessage(request, transfer);
}

port.on('message', (request: IngestRequest) => {
  if (request.type === 'close') {
    closing = request.id;
    writer.off('exit', fail);
    send(request, []);
    return;
  }
  if (request.signal !== 'traces' || request.encoding !== 'protobuf') {
    send(request, [request.body]);
    return;
  }
  try {
    const body = Buffer.from(request.body);
    const { records, result } = validExport(SIGNALS.traces, body, 'protobuf', maxAttributeValueLength);
    const rows = toSpanRows(records.batch as ResourceSpans[], body);
    const transfer = [rows.bytes, rows.columns.buffer, rows.traceKeys.buffer] as ArrayBuffer[];
    send({ id: request.id, type: 'rows', rows, result }, transfer);
  } catch (err) {
    port.postMessage([errorReply(request.id, err)]);
  }
});
