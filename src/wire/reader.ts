import { DecodeError } from "./decode-error.js";
import { halves, joinInt64, joinUint64, SMALL_BIGINTS, zigzagDecode32, zigzagDecode64 } from "./int64.js";
import { decodeUtf8, decodeUtf8Lossy, shortAscii, SHORT_ASCII_MAX } from "./utf8.js";
import { MAX_FIELD_NUMBER, WireType, wireTypeName } from "./wire-type.js";

/** How deep messages and groups may nest before a Reader gives up (as protoc's default). */
export const DEFAULT_MAX_DEPTH = 100;

/**
 * Reads protobuf wire values from a byte buffer.
 *
 * Every read is checked against `end` (the end of the current message), and
 * every failure is a DecodeError carrying the offset. No allocation is sized
 * by a length before that length has been checked against the bytes that
 * actually remain.
 */
export class Reader {
  readonly buf: Uint8Array;
  /** Position of the next byte to read. */
  pos: number;
  /** End of the current message (moves in and out with `beginMessage`/`endMessage`). */
  end: number;
  /** Current nesting depth of messages and groups. */
  depth = 0;
  /** Where the last tag read by `tag()` started, for capturing unknown fields. */
  tagStart = 0;
  readonly maxDepth: number;
  private view: DataView | undefined;

  constructor(buf: Uint8Array, start = 0, end = buf.length, maxDepth = DEFAULT_MAX_DEPTH) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.maxDepth = maxDepth;
  }

  /** True when the current message has no bytes left. */
  done(): boolean {
    return this.pos >= this.end;
  }

  error(reason: string, offset = this.pos): DecodeError {
    return new DecodeError(reason, offset);
  }

  /** An error in the tag that starts at `offset` (see DecodeError.inTag). */
  tagError(reason: string, offset = this.tagStart): DecodeError {
    return new DecodeError(reason, offset, undefined, true);
  }

  // ---- varints -------------------------------------------------------------

  /**
   * An unsigned 32-bit varint. Longer varints (an int32 written as 10 bytes)
   * are accepted and their high bits dropped, as the spec requires.
   */
  uint32(): number {
    const pos = this.pos;
    // One byte: tags, lengths and small numbers, nearly every varint. Kept
    // small so that it is inlined everywhere; longer varints take a call.
    if (pos < this.end && this.buf[pos]! < 0x80) {
      this.pos = pos + 1;
      return this.buf[pos]!;
    }
    return this.uint32Long();
  }

  private uint32Long(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (this.end - pos < 10) return this.uint32Checked();
    // Unrolled: at least 10 bytes remain, so no bounds checks are needed.
    let b = buf[pos++]!;
    let value = b & 0x7f;
    if (b < 0x80) {
      this.pos = pos;
      return value;
    }
    b = buf[pos++]!;
    value |= (b & 0x7f) << 7;
    if (b < 0x80) {
      this.pos = pos;
      return value;
    }
    b = buf[pos++]!;
    value |= (b & 0x7f) << 14;
    if (b < 0x80) {
      this.pos = pos;
      return value;
    }
    b = buf[pos++]!;
    value |= (b & 0x7f) << 21;
    if (b < 0x80) {
      this.pos = pos;
      return value;
    }
    b = buf[pos++]!;
    value = (value | ((b & 0x0f) << 28)) >>> 0;
    if (b < 0x80) {
      this.pos = pos;
      return value;
    }
    // Bytes 6-10 carry bits 35-63, which a 32-bit value drops.
    for (let i = 0; i < 5; i++) {
      if (buf[pos++]! < 0x80) {
        this.pos = pos;
        return value;
      }
    }
    throw this.error("varint longer than 10 bytes", this.pos);
  }

  private uint32Checked(): number {
    this.varint64();
    return halves.lo;
  }

  /** A 64-bit varint into `halves` (lo, hi). */
  varint64(): void {
    const buf = this.buf;
    let pos = this.pos;
    if (buf.length - pos < 10) {
      this.varint64Checked();
      return;
    }
    // Unrolled: the buffer has 10 more bytes, so no byte needs a check of
    // its own; whether the varint ended inside the message is checked last.
    let b = buf[pos++]!;
    let lo = b & 0x7f;
    if (b < 0x80) return this.varintEnd(pos, lo, 0);
    b = buf[pos++]!;
    lo |= (b & 0x7f) << 7;
    if (b < 0x80) return this.varintEnd(pos, lo, 0);
    b = buf[pos++]!;
    lo |= (b & 0x7f) << 14;
    if (b < 0x80) return this.varintEnd(pos, lo, 0);
    b = buf[pos++]!;
    lo |= (b & 0x7f) << 21;
    if (b < 0x80) return this.varintEnd(pos, lo, 0);
    // The fifth byte straddles the halves: 4 bits to lo, 3 to hi.
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    let hi = (b & 0x70) >> 4;
    if (b < 0x80) return this.varintEnd(pos, lo, hi);
    b = buf[pos++]!;
    hi |= (b & 0x7f) << 3;
    if (b < 0x80) return this.varintEnd(pos, lo, hi);
    b = buf[pos++]!;
    hi |= (b & 0x7f) << 10;
    if (b < 0x80) return this.varintEnd(pos, lo, hi);
    b = buf[pos++]!;
    hi |= (b & 0x7f) << 17;
    if (b < 0x80) return this.varintEnd(pos, lo, hi);
    b = buf[pos++]!;
    hi |= (b & 0x7f) << 24;
    if (b < 0x80) return this.varintEnd(pos, lo, hi);
    // The tenth byte carries bit 63 only; its other bits are dropped.
    b = buf[pos++]!;
    hi |= b << 31;
    if (b < 0x80) return this.varintEnd(pos, lo, hi);
    this.varint64Checked(); // throws: truncated by the message's end, or too long
  }

  private varintEnd(pos: number, lo: number, hi: number): void {
    if (pos > this.end) {
      this.varint64Checked(); // runs past the message: reports it
      return;
    }
    this.pos = pos;
    halves.lo = lo >>> 0;
    halves.hi = hi >>> 0;
  }

  /** `varint64` near the buffer's end, or cut by the message's: checks every byte. */
  private varint64Checked(): void {
    const buf = this.buf;
    const start = this.pos;
    const end = this.end;
    let pos = start;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) throw this.error("truncated varint", start);
      const b = buf[pos++]!;
      if (i < 4) {
        lo |= (b & 0x7f) << shift;
      } else if (i === 4) {
        lo |= (b & 0x0f) << 28;
        hi = (b & 0x70) >> 4;
      } else {
        hi |= (b & 0x7f) << (7 * i - 32);
      }
      shift += 7;
      if (b < 0x80) {
        this.pos = pos;
        halves.lo = lo >>> 0;
        halves.hi = hi >>> 0;
        return;
      }
    }
    throw this.error("varint longer than 10 bytes", start);
  }

  int32(): number {
    return this.uint32() | 0;
  }

  sint32(): number {
    return zigzagDecode32(this.uint32());
  }

  /** enum values are int32 on the wire; unknown values are kept as numbers. */
  enum(): number {
    return this.uint32() | 0;
  }

  bool(): boolean {
    // Any non-zero varint is true, however long its encoding.
    const pos = this.pos;
    if (pos < this.end && this.buf[pos]! < 0x80) {
      this.pos = pos + 1;
      return this.buf[pos] !== 0;
    }
    this.varint64();
    return halves.lo !== 0 || halves.hi !== 0;
  }

  /**
   * A varint of one or two bytes (below 2^14), or -1 when the next varint is
   * longer or missing (the caller then takes `varint64`): ids, counts and
   * enum-like values, read without the general varint loop.
   */
  private shortVarint(): number {
    const buf = this.buf;
    const pos = this.pos;
    const end = this.end;
    if (pos < end) {
      const b0 = buf[pos]!;
      if (b0 < 0x80) {
        this.pos = pos + 1;
        return b0;
      }
      if (pos + 1 < end) {
        const b1 = buf[pos + 1]!;
        if (b1 < 0x80) {
          this.pos = pos + 2;
          return (b0 & 0x7f) | (b1 << 7);
        }
      }
    }
    return -1;
  }

  uint64(): bigint {
    const n = this.shortVarint();
    if (n >= 0) return n < 128 ? SMALL_BIGINTS[n]! : joinUint64(n, 0);
    return this.uint64Long();
  }

  // Longer varints in a method of their own, so that the one-byte path
  // stays small enough to be inlined into every generated reader.
  private uint64Long(): bigint {
    this.varint64();
    return joinUint64(halves.lo, halves.hi);
  }

  int64(): bigint {
    const n = this.shortVarint();
    if (n >= 0) return n < 128 ? SMALL_BIGINTS[n]! : joinInt64(n, 0);
    return this.int64Long();
  }

  private int64Long(): bigint {
    this.varint64();
    return joinInt64(halves.lo, halves.hi);
  }

  sint64(): bigint {
    const n = this.shortVarint();
    // ZigZag on a small number: even n is n/2, odd n is -(n+1)/2, whose
    // high half is all ones.
    if (n >= 0) return n % 2 === 0 ? joinInt64(n / 2, 0) : joinInt64(-(n + 1) / 2, -1);
    this.varint64();
    zigzagDecode64(halves.lo, halves.hi);
    return joinInt64(halves.lo, halves.hi);
  }

  // ---- fixed-width ---------------------------------------------------------

  private need(n: number, what: string): number {
    const pos = this.pos;
    if (this.end - pos < n) throw this.error(`truncated ${what}: need ${n} bytes, ${this.end - pos} left`, pos);
    this.pos = pos + n;
    return pos;
  }

  private dataView(): DataView {
    return (this.view ??= new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength));
  }

  fixed32(): number {
    return this.uint32At(this.need(4, "fixed32"));
  }

  private uint32At(p: number): number {
    const b = this.buf;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  sfixed32(): number {
    return this.fixed32() | 0;
  }

  fixed64(): bigint {
    const p = this.need(8, "fixed64");
    return joinUint64(this.uint32At(p), this.uint32At(p + 4));
  }

  sfixed64(): bigint {
    const p = this.need(8, "sfixed64");
    return joinInt64(this.uint32At(p), this.uint32At(p + 4));
  }

  float(): number {
    const p = this.need(4, "float");
    return this.dataView().getFloat32(p, true);
  }

  double(): number {
    const p = this.need(8, "double");
    return this.dataView().getFloat64(p, true);
  }

  // ---- length-delimited ----------------------------------------------------

  /** Reads a length prefix and checks it against the bytes that remain. */
  length(): number {
    const start = this.pos;
    const len = this.uint32();
    // A length needs at most 5 bytes; bigger values were cut to 32 bits, so
    // compare with what is left (which is always < 2^32 here).
    if (len > this.end - this.pos) {
      throw this.error(`length ${len} runs past the end (${this.end - this.pos} bytes left)`, start);
    }
    return len;
  }

  /** Length-delimited bytes, as `raw` returns them. */
  bytes(): Uint8Array {
    const len = this.length();
    const start = this.pos;
    this.pos = start + len;
    return this.raw(start, start + len);
  }

  /**
   * The input's bytes `[start, end)` as a plain Uint8Array, never a Buffer,
   * so that a message decodes to the same values (and compares deep-equal)
   * whatever it was read from. From a plain Uint8Array, which its owner may
   * reuse, they are copied. From a Buffer (what node:http2 and the RPC layer
   * hand in, and never reuse) they are a view, as Buffer's own `slice`
   * gives: a large bytes field then costs no copy.
   */
  raw(start: number, end: number): Uint8Array {
    const buf = this.buf;
    if (buf.constructor === Uint8Array) return buf.slice(start, end);
    return new Uint8Array(buf.buffer, buf.byteOffset + start, end - start);
  }

  /** A view of length-delimited bytes without copying (a plain Uint8Array, as `raw`'s). */
  bytesView(): Uint8Array {
    const len = this.length();
    const buf = this.buf;
    const start = this.pos;
    this.pos = start + len;
    return new Uint8Array(buf.buffer, buf.byteOffset + start, len);
  }

  /** A string that must be valid UTF-8 (proto3 `string`). */
  string(): string {
    // Most strings are short ASCII with a one-byte length: built right here,
    // with no length or UTF-8 checks beyond the bytes themselves. Anything
    // else (longer, non-ASCII, invalid, truncated) goes to stringChecked.
    const pos = this.pos;
    if (pos < this.end) {
      const n = this.buf[pos]!;
      const start = pos + 1;
      if (n <= SHORT_ASCII_MAX && start + n <= this.end) {
        const s = shortAscii(this.buf, start, n);
        if (s !== undefined) {
          this.pos = start + n;
          return s;
        }
      }
    }
    return this.stringChecked();
  }

  private stringChecked(): string {
    const len = this.length();
    const start = this.pos;
    const s = decodeUtf8(this.buf, start, start + len);
    if (s === undefined) throw this.error("invalid UTF-8", start);
    this.pos = start + len;
    return s;
  }

  /** A string where invalid UTF-8 becomes U+FFFD (proto2 `string`, which protoc does not reject). */
  stringLossy(): string {
    const len = this.length();
    const start = this.pos;
    this.pos = start + len;
    return decodeUtf8Lossy(this.buf, start, start + len);
  }

  // ---- tags, messages, groups, unknown fields -----------------------------

  /**
   * Reads a field tag, checking its field number (1..2^29-1) and wire type
   * (0-5). Returns the tag as an unsigned number: `tag >>> 3` is the field
   * number, `tag & 7` the wire type.
   */
  tag(): number {
    const pos = this.pos;
    this.tagStart = pos;
    if (pos < this.end) {
      // A one-byte tag (fields 1-15) is valid when its field number is not 0
      // and its wire type is 0-5.
      const b = this.buf[pos]!;
      if (b < 0x80 && b >= 8 && (b & 7) < 6) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.tagChecked(pos);
  }

  private tagChecked(start: number): number {
    try {
      this.varint64();
    } catch (e) {
      // A truncated or overlong varint here is a bad tag, not a bad value.
      throw e instanceof DecodeError ? this.tagError(e.reason, e.offset) : e;
    }
    if (halves.hi !== 0) throw this.tagError(`field number above ${MAX_FIELD_NUMBER}`, start);
    const tag = halves.lo;
    const wireType = tag & 7;
    if (wireType > 5) throw this.tagError(`invalid wire type ${wireType}`, start);
    if (tag >>> 3 === 0) throw this.tagError("field number 0 is not allowed", start);
    return tag;
  }

  /**
   * Enters a length-delimited embedded message. Returns the outer message's
   * end, to be passed to `endMessage`.
   */
  beginMessage(): number {
    const outerEnd = this.end;
    const pos = this.pos;
    // Most embedded messages are shorter than 128 bytes: a one-byte length
    // that fits is taken here, without a call to length().
    if (pos < outerEnd && this.depth < this.maxDepth) {
      const len = this.buf[pos]!;
      if (len < 0x80 && pos + 1 + len <= outerEnd) {
        this.depth++;
        this.pos = pos + 1;
        this.end = pos + 1 + len;
        return outerEnd;
      }
    }
    return this.beginLongMessage();
  }

  private beginLongMessage(): number {
    const len = this.length();
    if (++this.depth > this.maxDepth) throw this.error(`messages nested deeper than ${this.maxDepth}`);
    const outerEnd = this.end;
    this.end = this.pos + len;
    return outerEnd;
  }

  endMessage(outerEnd: number): void {
    if (this.pos !== this.end) throw this.error("embedded message ended inside a field");
    this.end = outerEnd;
    this.depth--;
  }

  /** Enters a group (proto2) whose start tag has just been read. */
  beginGroup(): void {
    if (++this.depth > this.maxDepth) throw this.error(`messages nested deeper than ${this.maxDepth}`);
  }

  endGroup(): void {
    this.depth--;
  }

  /**
   * Skips the value of a field whose tag was just read. Groups are skipped
   * whole, checking that the end-group tag carries the same field number.
   */
  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.Varint:
        this.varint64();
        return;
      case WireType.Fixed64:
        this.need(8, "fixed64");
        return;
      case WireType.LengthDelimited: {
        const len = this.length();
        this.pos += len;
        return;
      }
      case WireType.StartGroup:
        this.skipGroup(tag >>> 3);
        return;
      case WireType.EndGroup:
        throw this.tagError(`end-group tag for field ${tag >>> 3} without a start-group`);
      case WireType.Fixed32:
        this.need(4, "fixed32");
        return;
      default:
        throw this.tagError(`invalid wire type ${tag & 7}`);
    }
  }

  private skipGroup(fieldNumber: number): void {
    const groupStart = this.tagStart;
    this.beginGroup();
    for (;;) {
      if (this.pos >= this.end) throw this.error(`group ${fieldNumber} has no end-group tag`, groupStart);
      const tag = this.tag();
      if ((tag & 7) === WireType.EndGroup) {
        if (tag >>> 3 !== fieldNumber) {
          throw this.tagError(`end-group tag for field ${tag >>> 3} inside group ${fieldNumber}`);
        }
        this.endGroup();
        return;
      }
      this.skip(tag);
    }
  }

  /**
   * Skips the field whose tag was just read and returns its raw bytes, tag
   * included, so the message can keep it and write it back unchanged.
   */
  unknown(tag: number): Uint8Array {
    const start = this.tagStart;
    this.skip(tag);
    return this.raw(start, this.pos);
  }

  /**
   * Enters the body of a packed repeated field (tag already read): reads its
   * length and makes it the current end. Returns the outer end for `endPacked`.
   */
  beginPacked(): number {
    const len = this.length();
    const outerEnd = this.end;
    this.end = this.pos + len;
    return outerEnd;
  }

  endPacked(outerEnd: number): void {
    this.end = outerEnd;
  }

  /**
   * Reads the body of a packed repeated field (tag already read) and pushes
   * each element onto `out`.
   */
  packed<T>(out: T[], read: (r: Reader) => T): T[] {
    const len = this.length();
    const end = this.pos + len;
    const outerEnd = this.end;
    this.end = end;
    while (this.pos < end) out.push(read(this));
    this.end = outerEnd;
    return out;
  }

  /** Name of a wire type, for error messages. */
  static wireTypeName = wireTypeName;
}
