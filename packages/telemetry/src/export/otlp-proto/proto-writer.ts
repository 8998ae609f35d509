// A protobuf writer for one pass over the data: nested messages reserve one length byte and are shifted only in
// the rare case their body exceeds 127 bytes, so nothing is measured twice and nothing is copied per field.

const TWO_32 = 0x1_0000_0000;
const MIN_CAPACITY = 4 * 1024;
/** Strings up to this many characters are copied in JavaScript. */
const SHORT_STRING = 12;
/** Strings up to this many characters take at most 126 UTF-8 bytes: a one-byte length. */
const ONE_BYTE_LENGTH_CHARS = 42;

/** Wire types of the protobuf encoding. */
export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

export class ProtoWriter {
  private buf: Buffer;
  pos = 0;

  /** @param capacity bytes to start with (a writer grows as needed); 0 for the default 4 KiB. */
  constructor(capacity = 0) {
    this.buf = Buffer.allocUnsafeSlow(capacity > 0 ? capacity : MIN_CAPACITY);
  }

  /** Starts over, keeping the buffer (and the size it grew to). */
  reset(): void {
    this.pos = 0;
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
    const buf = this.buf;
    let at = this.pos;
    buf[at++] = value;
    buf[at++] = value >>> 8;
    buf[at++] = value >>> 16;
    buf[at++] = value >>> 24;
    this.pos = at;
  }

  /** A fixed64 given as its low and high 32 bits. */
  fixed64(lo: number, hi: number): void {
    this.fixed32(lo);
    this.fixed32(hi);
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /**
   * A length-delimited UTF-8 string. A copy loop in JavaScript costs some 30 instructions a character, a call into
   * Buffer#write a few hundred in all: short strings are copied here, longer ones written by Buffer#write.
   */
  string(value: string): void {
    const length = value.length;
    if (length <= SHORT_STRING) {
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
    if (length <= ONE_BYTE_LENGTH_CHARS) {
      // At most 3 bytes a character: the UTF-8 length fits the one byte reserved in front.
      this.ensure(1 + 3 * length);
      const written = this.buf.write(value, this.pos + 1);
      this.buf[this.pos] = written;
      this.pos += 1 + written;
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

  /** A length-delimited bytes field from hex (a trace or span id, valid by the time it is exported). */
  hexBytes(hex: string): void {
    const length = hex.length >>> 1;
    this.ensure(1 + length);
    this.buf[this.pos] = length;
    // Invalid digits end the write early; the rest of the field then stays zero, as it would decode to.
    const written = this.buf.write(hex, this.pos + 1, length, 'hex');
    if (written < length) this.buf.fill(0, this.pos + 1 + written, this.pos + 1 + length);
    this.pos += 1 + length;
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
    const size = varintLength(length);
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

  /**
   * Opens a nested message expected to take 128 to 16,383 bytes (a span): two length bytes are reserved, so such
   * a message is never shifted. Close it with `endWide()`.
   */
  beginWide(): number {
    this.ensure(2);
    const mark = this.pos;
    this.pos += 2;
    return mark;
  }

  /** Closes the nested message opened at `mark` by `beginWide()`, in the shortest varint as protobuf writes it. */
  endWide(mark: number): void {
    const length = this.pos - mark - 2;
    if (length >= 0x80 && length < 0x4000) {
      this.buf[mark] = (length & 0x7f) | 0x80;
      this.buf[mark + 1] = length >>> 7;
      return;
    }
    if (length < 0x80) {
      this.buf.copyWithin(mark + 1, mark + 2, this.pos);
      this.buf[mark] = length;
      this.pos--;
      return;
    }
    // 16 KiB or more: one reserved byte too many for end(), which shifts the body by what it needs.
    this.buf.copyWithin(mark + 1, mark + 2, this.pos);
    this.pos--;
    this.end(mark);
  }

  /** The bytes from `start` to the current position, without a copy (valid until the writer writes again). */
  view(start = 0): Uint8Array {
    return this.buf.subarray(start, this.pos);
  }

  /**
   * Appends bytes encoded earlier (a cached resource, scope, key or value). One TypedArray#set, whatever the
   * length: copying in a JavaScript loop takes some 30 instructions a byte, as V8 checks both arrays each time.
   */
  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** A copy of what was written from `start` on, as a plain Uint8Array (as every cached piece is). */
  copyFrom(start: number): Uint8Array {
    const copy = new Uint8Array(this.pos - start);
    copy.set(this.buf.subarray(start, this.pos));
    return copy;
  }
}

/** The bytes of `value` as a protobuf varint. */
export function varintLength(value: number): number {
  let size = 1;
  for (let v = value >>> 7; v > 0; v >>>= 7) size++;
  return size;
}
