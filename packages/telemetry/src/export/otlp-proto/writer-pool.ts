// Protobuf writers kept for reuse by an exporter or processor. A writer keeps the buffer it grew to, so a steady
// service encodes its batches without allocating, growing and copying a new buffer each time.
import { ProtoWriter } from './proto-writer.js';

/** Writers kept at most: one per scope of the batch being encoded and one per request body, in the usual case. */
const SPARE_WRITERS = 8;

export class WriterPool {
  private readonly spare: ProtoWriter[] = [];

  /** A writer, empty, reused when one is spare. */
  take(): ProtoWriter {
    return this.spare.pop() ?? new ProtoWriter();
  }

  /** Takes `writer` back once what it holds is no longer read (framed, or sent). */
  give(writer: ProtoWriter): void {
    writer.reset();
    if (this.spare.length < SPARE_WRITERS) this.spare.push(writer);
  }
}
