import { halves, splitInt64, zigzagEncode32, zigzagEncode64 } from "./int64.js";
import { utf8Length, writeUtf8 } from "./utf8.js";
import { sizeVarint32 } from "./varint-size.js";
import { makeTag, WireType } from "./wire-type.js";

/**
 * Appends protobuf wire values to a growing byte buffer.
 *
 * Verbs mirror the Reader's: `w.int32(v)` here, `r.int32()` there. Nested
 * messages and packed fields use `fork()` ... `join()`: a length byte is
 * reserved up front and, in the rare case the body is 128 bytes or longer,
 * the body is moved right to make room for the longer length varint.
 */
export class Writer {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;
  private readonly forks: number[] = [];

  constructor(initialSize = 128) {
    this.buf = new Uint8Array(initialSize);
    this.view = new DataView(this.buf.buffer);
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /** Returns the encoded bytes (a view on the writer's buffer; the writer is done). */
  finish(): Uint8Array {
    if (this.forks.length > 0) throw new Error("Writer.finish() called inside fork()");
    return this.buf.subarray(0, this.pos);
  }

  private ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** A field tag: `(fieldNumber << 3) | wireType` as a varint. */
  tag(fieldNumber: number, wireType: WireType): this {
    return this.uint32(makeTag(fieldNumber, wireType));
  }

  /** An unsigned 32-bit varint (also used for tags and lengths). */
  uint32(value: number): this {
    this.ensure(5);
    const buf = this.buf;
    let pos = this.pos;
    value >>>= 0;
    while (value > 0x7f) {
      buf[pos++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    buf[pos++] = value;
    this.pos = pos;
    return this;
  }

  /** int32: negative values are sign-extended to 64 bits, so they take 10 bytes. */
  int32(value: number): this {
    if (value >= 0) return this.uint32(value);
    return this.varint64(value >>> 0, 0xffffffff);
  }

  /** sint32: ZigZag, so small negative numbers stay small. */
  sint32(value: number): this {
    return this.uint32(zigzagEncode32(value));
  }

  /** enum values are int32 on the wire. */
  enum(value: number): this {
    return this.int32(value);
  }

  bool(value: boolean): this {
    this.ensure(1);
    this.buf[this.pos++] = value ? 1 : 0;
    return this;
  }

  /** A 64-bit varint from two's-complement halves. */
  varint64(lo: number, hi: number): this {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    lo >>>= 0;
    hi >>>= 0;
    while (hi !== 0) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    while (lo > 0x7f) {
      buf[pos++] = (lo & 0x7f) | 0x80;
      lo >>>= 7;
    }
    buf[pos++] = lo;
    this.pos = pos;
    return this;
  }

  int64(value: bigint | number): this {
    splitInt64(value);
    return this.varint64(halves.lo, halves.hi);
  }

  uint64(value: bigint | number): this {
    return this.int64(value);
  }

  sint64(value: bigint | number): this {
    splitInt64(value);
    zigzagEncode64(halves.lo, halves.hi);
    return this.varint64(halves.lo, halves.hi);
  }

  fixed32(value: number): this {
    this.ensure(4);
    this.view.setUint32(this.pos, value >>> 0, true);
    this.pos += 4;
    return this;
  }

  sfixed32(value: number): this {
    this.ensure(4);
    this.view.setInt32(this.pos, value | 0, true);
    this.pos += 4;
    return this;
  }

  fixed64(value: bigint | number): this {
    splitInt64(value);
    this.ensure(8);
    this.view.setUint32(this.pos, halves.lo, true);
    this.view.setUint32(this.pos + 4, halves.hi, true);
    this.pos += 8;
    return this;
  }

  sfixed64(value: bigint | number): this {
    return this.fixed64(value);
  }

  float(value: number): this {
    this.ensure(4);
    this.view.setFloat32(this.pos, value, true);
    this.pos += 4;
    return this;
  }

  double(value: number): this {
    this.ensure(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  /** Length-delimited bytes: a varint length, then the bytes. */
  bytes(value: Uint8Array): this {
    const len = value.length;
    this.uint32(len);
    this.ensure(len);
    this.buf.set(value, this.pos);
    this.pos += len;
    return this;
  }

  /** Length-delimited UTF-8 string. */
  string(value: string): this {
    const len = utf8Length(value);
    this.uint32(len);
    this.ensure(len);
    this.pos = writeUtf8(value, this.buf, this.pos);
    return this;
  }

  /** Bytes copied as they are: pre-encoded tags, captured unknown fields. */
  raw(value: Uint8Array): this {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  /** Starts a length-delimited value whose length is not known yet. */
  fork(): this {
    this.ensure(1);
    this.forks.push(this.pos);
    this.pos += 1;
    return this;
  }

  /** Ends the innermost `fork()`, writing its length in front of its body. */
  join(): this {
    const start = this.forks.pop();
    if (start === undefined) throw new Error("Writer.join() without fork()");
    const bodyStart = start + 1;
    const len = this.pos - bodyStart;
    const lenSize = sizeVarint32(len);
    if (lenSize > 1) {
      this.ensure(lenSize - 1);
      this.buf.copyWithin(start + lenSize, bodyStart, this.pos);
      this.pos += lenSize - 1;
    }
    const end = this.pos;
    this.pos = start;
    this.uint32(len);
    this.pos = end;
    return this;
  }

  /** A packed repeated field: one tag, one length, the values back to back. */
  packed<T>(fieldNumber: number, values: readonly T[], write: (w: Writer, value: T) => unknown): this {
    if (values.length === 0) return this;
    this.tag(fieldNumber, WireType.LengthDelimited).fork();
    for (const v of values) write(this, v);
    return this.join();
  }
}
