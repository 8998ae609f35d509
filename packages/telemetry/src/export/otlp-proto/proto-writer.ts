// A protobuf writer for one pass over the data: nested messages reserve one length byte and are shifted only in
// the rare case their body exceeds 127 bytes, so nothing is measured twice and nothing is copied per field.

const TWO_32 = 0x1_0000_0000;
const MIN_CAPACITY = 4 * 1024;

/** Wire types of the protobuf encoding. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

export class ProtoWriter {
  private buf: Buffer = Buffer.allocUnsafeSlow(MIN_CAPACITY);
  pos = 0;

  /** Starts a new message. */
  reset(): void {
    this.pos = 0;
  }

  /**
   * The bytes written so far, without a copy: the writer hands its buffer over and continues in a new one sized
   * like this message, so the next message of similar size needs no growth.
   */
  finish(): Uint8Array {
    const bytes = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafeSlow(Math.max(this.pos + (this.pos >>> 2), MIN_CAPACITY));
    this.pos = 0;
    return bytes;
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  tag(field: number, wireType: number): void {
    this.varint32((field << 3) | wireType);
  }

  /** An unsigned varint below 2^32. */
  varint32(value: number): void {
    this.ensure(5);
    const buf = this.buf;
    let v = value >>> 0;
    while (v > 0x7f) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  /** An int64 varint from an integral number in [-2^63, 2^63): negative values take ten bytes. */
  varint64(value: number): void {
    if (value >= 0 && value < TWO_32) {
      this.varint32(value);
      return;
    }
    let lo: number;
    let hi: number;
    if (value >= 0) {
      lo = (value % TWO_32) >>> 0;
      hi = Math.floor(value / TWO_32) >>> 0;
    } else {
      // Two's complement of |value| over 64 bits.
      const abs = -value;
      lo = (abs % TWO_32) >>> 0;
      hi = Math.floor(abs / TWO_32) >>> 0;
      lo = (~lo + 1) >>> 0;
      hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    }
    this.ensure(10);
    const buf = this.buf;
    while (hi > 0 || lo > 0x7f) {
      buf[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    buf[this.pos++] = lo;
  }

  fixed32(value: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(value >>> 0, this.pos);
    this.pos += 4;
  }

  /** A fixed64 given as its low and high 32 bits. */
  fixed64(lo: number, hi: number): void {
    this.ensure(8);
    this.buf.writeUInt32LE(lo >>> 0, this.pos);
    this.buf.writeUInt32LE(hi >>> 0, this.pos + 4);
    this.pos += 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string. */
  string(value: string): void {
    const length = value.length;
    // Short ASCII (keys, methods, routes, addresses) is copied in JavaScript: a call into Buffer#write per
    // string costs more than the copy itself.
    if (length <= 0x7f) {
      this.ensure(1 + length);
      const buf = this.buf;
      const start = this.pos;
      let at = start + 1;
      for (let i = 0; i < length; i++) {
        const code = value.charCodeAt(i);
        if (code >= 0x80) return this.longString(value);
        buf[at++] = code;
      }
      buf[start] = length;
      this.pos = at;
      return;
    }
    this.longString(value);
  }

  private longString(value: string): void {
    const bytes = Buffer.byteLength(value);
    this.varint32(bytes);
    this.ensure(bytes);
    this.pos += this.buf.write(value, this.pos);
  }

  bytes(value: Uint8Array): void {
    this.varint32(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
  }

  /** A length-delimited bytes field from lowercase or uppercase hex (a trace or span id). */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.ensure(1 + length);
    const buf = this.buf;
    let at = this.pos;
    buf[at++] = length;
    for (let i = 0; i < hex.length; i += 2) {
      buf[at++] = (NIBBLE[hex.charCodeAt(i) & 0x7f]! << 4) | NIBBLE[hex.charCodeAt(i + 1) & 0x7f]!;
    }
    this.pos = at;
  }

  /** Opens a nested message: returns the mark to pass to `end()` once its fields are written. */
  begin(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** Closes the nested message opened at `mark`, writing its length in front of it. */
  end(mark: number): void {
    const length = this.pos - mark - 1;
    if (length <= 0x7f) {
      this.buf[mark] = length;
      return;
    }
    let size = 1;
    for (let v = length >>> 7; v > 0; v >>>= 7) size++;
    this.ensure(size - 1);
    this.buf.copyWithin(mark + size, mark + 1, this.pos);
    let v = length;
    let at = mark;
    while (v > 0x7f) {
      this.buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[at] = v;
    this.pos += size - 1;
  }

  /** A copy of the bytes from `mark` to the current position. */
  copy(mark: number): Uint8Array {
    return new Uint8Array(this.buf.subarray(mark, this.pos));
  }

  /** Appends bytes encoded earlier (a cached resource, scope or attribute). */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }
}

/** The value of each hex digit by character code: '0'-'9' → 0-9, 'a'-'f' and 'A'-'F' → 10-15. */
const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 10; i++) NIBBLE[0x30 + i] = i;
for (let i = 0; i < 6; i++) NIBBLE[0x41 + i] = NIBBLE[0x61 + i] = 10 + i;
