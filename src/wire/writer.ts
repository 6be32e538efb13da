import { Buffer } from "node:buffer";
import { halves, splitInt64, zigzagEncode32, zigzagEncode64 } from "./int64.js";
import { utf8ByteLength, utf8Write } from "./native-strings.js";
import { writeUtf8 } from "./utf8.js";
import { sizeVarint32 } from "./varint-size.js";
import { makeTag, WireType } from "./wire-type.js";

/**
 * Where writers write. Encoding is synchronous, so usually one Writer is
 * alive at a time, and it writes straight into the free tail of a shared
 * 8 KiB result block: when it finishes, its result is a view of the bytes
 * it wrote (no copy) and the block's free tail starts after them, as Node's
 * Buffer.allocUnsafe pool does for small sizes. (Like Buffer's pool, a
 * result's `.buffer` is the whole block, holding other results; the block
 * starts zero-filled, so it never shows uninitialised memory.)
 *
 * A message that outgrows the block's free tail moves, once, to a buffer of
 * its own, sized from the last big message (big messages tend to come in
 * like sizes), and its result is a view of that buffer: no copy, and no
 * growing step by step. Only when the buffer turns out to be much bigger
 * than the message is the result copied out to an exact-size one (and the
 * buffer kept as a scratch buffer for the next big message). A second
 * Writer alive at the same time (one encoding inside another) finds the
 * block lent and uses the scratch buffer or a buffer of its own.
 *
 * Buffers other than the block are allocated without zero-filling (which
 * would cost about what the copy did); a result that is a view of one has
 * every byte outside its own zeroed first, so its `.buffer` never shows
 * uninitialised memory or an earlier message.
 *
 * Positions are absolute offsets in the current buffer (a writer in the
 * block starts at the block's free offset); moving to another buffer keeps
 * every byte at its offset, so positions held by beginLength() stay valid.
 */
const BLOCK_SIZE = 8 * 1024;
/** A writer starts in a fresh block when less than this is free in the current one. */
const MIN_BLOCK_FREE = 512;
let block = new Uint8Array(BLOCK_SIZE);
let blockView: DataView = new DataView(block.buffer);
let blockOffset = 0;
let blockLent = false;

/** The scratch buffer for messages that outgrow the block (kept up to MAX_SPARE). */
let spare: Uint8Array | undefined = new Uint8Array(16 * 1024);
const MAX_SPARE = 1024 * 1024;
/** Size of the last message that outgrew the block: the next one's first guess. */
let lastBigSize = 0;
/** The buffer of a finished writer. */
const DONE = new Uint8Array(0);

const DONE_VIEW: DataView = new DataView(DONE.buffer);

/** The last buffer other than the block given a DataView, and its view (usually the scratch buffer). */
let lastBuf: Uint8Array = DONE;
let lastView: DataView = DONE_VIEW;

/** A DataView of `buf`, reused while the buffer is: making one costs more than a small message. */
function viewOf(buf: Uint8Array): DataView {
  if (buf === block) return blockView;
  if (buf === lastBuf) return lastView;
  if (buf === DONE) return DONE_VIEW;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  // Remembered only up to the scratch buffer's limit, so as not to keep a big buffer alive.
  if (buf.length <= MAX_SPARE) {
    lastBuf = buf;
    lastView = view;
  }
  return view;
}

/**
 * Copies `s` (n UTF-16 units) to `buf` at `start` if every unit is ASCII,
 * which is what nearly every string in practice is; returns false (having
 * written garbage past `start`) if one is not. Four units are stored at once
 * as a little-endian uint32: charCodeAt is the floor, but a per-byte store
 * costs a bounds check and a few loads each, and this halves the time of a
 * short string. The caller checked that `n` bytes fit.
 */
function asciiInto(view: DataView, buf: Uint8Array, s: string, n: number, start: number): boolean {
  let seen = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const c0 = s.charCodeAt(i);
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    const c3 = s.charCodeAt(i + 3);
    seen |= c0 | c1 | c2 | c3;
    view.setUint32(start + i, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24), true);
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    seen |= c;
    buf[start + i] = c;
  }
  return seen < 0x80;
}

/** Writes `v` (below 2^32) as a varint at `pos`, where the caller made room for 5 bytes; returns the position after it. */
function putVarint32(buf: Uint8Array, pos: number, v: number): number {
  while (v > 0x7f) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  buf[pos] = v;
  return pos + 1;
}

/**
 * ASCII strings shorter than this are copied by `asciiInto`; longer ones by
 * one native call (Buffer's utf8Write), whose fixed cost (~250 ns on the
 * project's machine) is less than the JS loop's from about 40-60 characters on.
 */
const SHORT_STRING = 48;

/** Where a writer's bytes are. */
const enum Home {
  /** The free tail of the shared block. */
  Block,
  /** The shared scratch buffer, lent to this writer. */
  Spare,
  /** A buffer of its own. */
  Own,
}

/**
 * Memory that is not zero-filled, as a plain Uint8Array (not a Buffer: a
 * second kind of array in `Writer.buf` would slow every store).
 */
function allocUninitialized(size: number): Uint8Array {
  const own = Buffer.allocUnsafeSlow(size);
  return new Uint8Array(own.buffer, own.byteOffset, size);
}

/** Exact-size memory for a result copied out of the scratch buffer. */
function allocResult(size: number): Uint8Array {
  // Not zero-filled: the caller overwrites all of it.
  if (size > BLOCK_SIZE >>> 1) return allocUninitialized(size);
  if (blockLent || BLOCK_SIZE - blockOffset < size) return new Uint8Array(size);
  const out = new Uint8Array(block.buffer, blockOffset, size);
  blockOffset = (blockOffset + size + 7) & ~7; // 8-byte aligned, as Node's pool
  return out;
}

/** Scratch for float/double bit patterns (little-endian, as the wire wants). */
const f64 = new Float64Array(1);
const f64Bytes = new Uint8Array(f64.buffer);
const f32 = new Float32Array(1);
const f32Bytes = new Uint8Array(f32.buffer);
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Appends protobuf wire values to a growing byte buffer.
 *
 * Verbs mirror the Reader's: `w.int32(v)` here, `r.int32()` there. Nested
 * messages and packed fields use `fork()` ... `join()` (or, in generated
 * code, `const at = w.beginLength()` ... `w.endLength(at)`): a length byte is
 * reserved up front and, in the rare case the body is 128 bytes or longer,
 * the body is moved right to make room for the longer length varint.
 */
export class Writer {
  // Every field starts with a value of its type, not undefined: V8 then keeps
  // `pos` and the like as small integers, and every store and load on the hot
  // path stays cheap. (Class fields are defined before the constructor runs.)
  private buf: Uint8Array = DONE;
  /** `buf.length` as a small integer (a typed array's length is read as a double). */
  private cap = 0;
  /** A DataView of `buf`, for four bytes at a time. */
  private view: DataView = DONE_VIEW;
  private pos = 0;
  /** Offset of this writer's first byte in `buf`. */
  private readonly start: number = 0;
  private home: Home = Home.Own;
  private forks: number[] | undefined = undefined;
  private result: Uint8Array | undefined = undefined;

  constructor(initialSize = 256) {
    if (!blockLent && initialSize <= BLOCK_SIZE - MIN_BLOCK_FREE) {
      if (BLOCK_SIZE - blockOffset < Math.max(MIN_BLOCK_FREE, initialSize)) {
        block = new Uint8Array(BLOCK_SIZE);
        blockView = new DataView(block.buffer);
        blockOffset = 0;
      }
      blockLent = true;
      this.buf = block;
      this.start = blockOffset;
      this.home = Home.Block;
    } else if (spare !== undefined && initialSize <= spare.length) {
      this.buf = spare;
      spare = undefined;
      this.start = 0;
      this.home = Home.Spare;
    } else {
      this.buf = new Uint8Array(initialSize);
      this.start = 0;
      this.home = Home.Own;
    }
    this.cap = this.buf.length;
    this.view = viewOf(this.buf);
    this.pos = this.start;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos - this.start;
  }

  /** Returns the encoded bytes; the writer is done after this. */
  finish(): Uint8Array {
    if (this.forks !== undefined && this.forks.length > 0) throw new Error("Writer.finish() called inside fork()");
    if (this.result !== undefined) return this.result;
    const buf = this.buf;
    const size = this.pos - this.start;
    let out: Uint8Array;
    if (this.home === Home.Block) {
      // The bytes stay where they are; the block's free tail moves past them.
      out = new Uint8Array(buf.buffer, this.start, size);
      blockOffset = (this.pos + 7) & ~7;
      blockLent = false;
    } else {
      lastBigSize = size;
      // (Not counting the bytes before `start`: a message that left the block at
      // offset `start` keeps its offsets, so up to 8 KiB in front are unused.)
      const room = buf.length - this.start;
      if (size >= room - (room >>> 2) || (buf.length > MAX_SPARE && size >= room >>> 1)) {
        // Most of its buffer (or half of one too big to keep): the result is a view of it.
        // (A scratch buffer lent to this writer is simply not given back.)
        if (lastBuf === buf) {
          lastBuf = DONE;
          lastView = DONE_VIEW;
        }
        buf.fill(0, 0, this.start);
        buf.fill(0, this.pos);
        out = buf.subarray(this.start, this.pos);
      } else {
        // Mostly unused: copied out, and the buffer (if not too big) serves the next big message.
        out = allocResult(size);
        out.set(buf.subarray(this.start, this.pos));
        if (buf.length <= MAX_SPARE && (this.home === Home.Spare || spare === undefined || spare.length < buf.length)) spare = buf;
      }
    }
    this.home = Home.Own;
    this.result = out;
    // Not `out`: a Buffer here would give `buf` a second hidden class and
    // slow every store in every writer.
    this.setBuffer(DONE);
    return out;
  }

  /**
   * Gives the shared block or scratch buffer back if this writer still holds
   * it: for code that may throw between `new Writer()` and `finish()`, which
   * would otherwise leave it lent to a dead writer, and every later writer
   * allocating its own. Does nothing after `finish()`.
   */
  release(): void {
    if (this.home === Home.Block) blockLent = false;
    else if (this.home === Home.Spare) spare = this.buf;
    else return;
    this.home = Home.Own;
    this.setBuffer(DONE);
  }

  private setBuffer(buf: Uint8Array): void {
    this.buf = buf;
    this.cap = buf.length;
    this.view = viewOf(buf);
  }

  private ensure(n: number): void {
    if (this.pos + n > this.cap) this.grow(n);
  }

  /** Moves the bytes written so far to a bigger buffer, at the same offsets. */
  private grow(n: number): void {
    const need = this.pos + n;
    const old = this.buf;
    let next: Uint8Array;
    let nextHome = Home.Own;
    // Leaving the block: the last big message's size, and an eighth more, is the first guess.
    const guess = this.home === Home.Block ? this.start + lastBigSize + (lastBigSize >>> 3) : 0;
    if (guess < need && this.home === Home.Block && spare !== undefined && need <= spare.length) {
      next = spare;
      spare = undefined;
      nextHome = Home.Spare;
    } else if (guess >= need) {
      next = allocUninitialized(guess);
    } else {
      let size = Math.max(64, (old.length - this.start) * 2);
      while (size < need) size *= 2;
      next = allocUninitialized(size);
    }
    next.set(old.subarray(this.start, this.pos), this.start);
    if (this.home === Home.Block) blockLent = false; // nothing of the block was used up
    else if (this.home === Home.Spare) spare = old;
    this.home = nextHome;
    this.setBuffer(next);
  }

  /**
   * Leaves `n` bytes for the caller to fill in the result later (a frame
   * prefix, say): their content is unspecified.
   */
  skip(n: number): this {
    this.ensure(n);
    // Zeroed all the same: the buffer may not have been, and a caller that
    // leaves them must not hand out stale memory.
    const buf = this.buf;
    for (let i = this.pos; i < this.pos + n; i++) buf[i] = 0;
    this.pos += n;
    return this;
  }

  /** One byte as it is: a one-byte tag (fields 1-15) known in advance. */
  byte(value: number): this {
    this.ensure(1);
    this.buf[this.pos++] = value;
    return this;
  }

  /** A field tag: `(fieldNumber << 3) | wireType` as a varint. */
  tag(fieldNumber: number, wireType: WireType): this {
    return this.uint32(makeTag(fieldNumber, wireType));
  }

  /** An unsigned 32-bit varint (also used for tags and lengths). */
  uint32(value: number): this {
    this.ensure(5);
    this.pos = putVarint32(this.buf, this.pos, value >>> 0);
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
    if (halves.hi === 0) return this.uint32(halves.lo);
    return this.varint64(halves.lo, halves.hi);
  }

  /**
   * An int64 or uint64 field with a one-byte tag: `byte(tag).int64(value)` in
   * one step, for generated code (ids and timestamps are int64).
   */
  tagInt64(tag: number, value: bigint | number): this {
    splitInt64(value);
    return this.tagHalves(tag);
  }

  /**
   * A proto3 int64 or uint64 field with a one-byte tag, written unless it is
   * the default (0, 0n, or missing from a partial object). Generated code
   * uses this instead of `if (v) w.tagInt64(tag, v)`: the test is made on
   * the halves, as testing a bigint for truth costs more than splitting it.
   */
  tagInt64IfSet(tag: number, value: bigint | number | undefined): this {
    // null too: plain objects from JSON or JavaScript callers can hold it.
    if (value === undefined || value === null) return this;
    splitInt64(value);
    if (halves.lo === 0 && halves.hi === 0) return this;
    return this.tagHalves(tag);
  }

  /** A one-byte tag and the 64-bit varint in `halves`. */
  private tagHalves(tag: number): this {
    const pos = this.pos;
    if (halves.hi === 0 && pos + 6 <= this.cap) {
      const buf = this.buf;
      buf[pos] = tag;
      this.pos = putVarint32(buf, pos + 1, halves.lo);
      return this;
    }
    return this.byte(tag).varint64(halves.lo, halves.hi);
  }

  uint64(value: bigint | number): this {
    return this.int64(value);
  }

  sint64(value: bigint | number): this {
    splitInt64(value);
    zigzagEncode64(halves.lo, halves.hi);
    return this.varint64(halves.lo, halves.hi);
  }

  private uint32At(pos: number, v: number): void {
    const buf = this.buf;
    buf[pos] = v;
    buf[pos + 1] = v >>> 8;
    buf[pos + 2] = v >>> 16;
    buf[pos + 3] = v >>> 24;
  }

  fixed32(value: number): this {
    this.ensure(4);
    this.uint32At(this.pos, value >>> 0);
    this.pos += 4;
    return this;
  }

  sfixed32(value: number): this {
    return this.fixed32(value | 0);
  }

  fixed64(value: bigint | number): this {
    splitInt64(value);
    this.ensure(8);
    this.uint32At(this.pos, halves.lo);
    this.uint32At(this.pos + 4, halves.hi);
    this.pos += 8;
    return this;
  }

  sfixed64(value: bigint | number): this {
    return this.fixed64(value);
  }

  float(value: number): this {
    this.ensure(4);
    f32[0] = value;
    const buf = this.buf;
    const p = this.pos;
    if (littleEndian) {
      buf[p] = f32Bytes[0]!;
      buf[p + 1] = f32Bytes[1]!;
      buf[p + 2] = f32Bytes[2]!;
      buf[p + 3] = f32Bytes[3]!;
    } else {
      for (let i = 0; i < 4; i++) buf[p + i] = f32Bytes[3 - i]!;
    }
    this.pos = p + 4;
    return this;
  }

  double(value: number): this {
    this.ensure(8);
    f64[0] = value;
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < 8; i++) buf[p + i] = f64Bytes[littleEndian ? i : 7 - i]!;
    this.pos = p + 8;
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
    const n = value.length;
    const pos = this.pos;
    // The common case: short ASCII, so the length is one byte.
    if (n < SHORT_STRING && pos + 1 + n <= this.cap && asciiInto(this.view, this.buf, value, n, pos + 1)) {
      this.buf[pos] = n;
      this.pos = pos + 1 + n;
      return this;
    }
    return this.utf8String(value);
  }

  /**
   * A string field with a one-byte tag (fields 1-15): `byte(tag).string(value)`
   * in one step, which generated code uses because strings are most of the
   * time of most encodes.
   */
  tagString(tag: number, value: string): this {
    const n = value.length;
    const pos = this.pos;
    if (n < SHORT_STRING && pos + 2 + n <= this.cap && asciiInto(this.view, this.buf, value, n, pos + 2)) {
      const buf = this.buf;
      buf[pos] = tag;
      buf[pos + 1] = n;
      this.pos = pos + 2 + n;
      return this;
    }
    return this.byte(tag).utf8String(value);
  }

  /**
   * Any string the ASCII fast path of `string()` did not take: longer, not
   * ASCII, or no room left in the buffer.
   */
  private utf8String(value: string): this {
    const chars = value.length;
    if (chars < 43) {
      // At most 3 bytes per UTF-16 unit, so the length fits one varint byte:
      // write the string first, then the length in front of it, in one pass.
      this.ensure(1 + chars * 3);
      const buf = this.buf;
      const start = this.pos + 1;
      const end = writeUtf8(value, buf, start);
      buf[start - 1] = end - start;
      this.pos = end;
      return this;
    }
    if (chars < 0x80) {
      // One native call: the string goes after a one-byte length, which is
      // enough unless it came to 128 bytes or more; then the bytes move right.
      this.ensure(5 + chars * 3);
      const at = this.pos;
      const len = utf8Write(this.buf, value, at + 1, chars * 3);
      this.pos = at + 1 + len;
      this.endLength(at);
      return this;
    }
    const len = utf8ByteLength(value);
    this.uint32(len);
    this.ensure(len);
    this.pos += utf8Write(this.buf, value, this.pos, len);
    return this;
  }

  /** Bytes copied as they are: pre-encoded tags, captured unknown fields. */
  raw(value: Uint8Array): this {
    this.ensure(value.length);
    this.buf.set(value, this.pos);
    this.pos += value.length;
    return this;
  }

  /** Unknown fields a message kept from decoding, written back as they came (generated code). */
  unknown(fields: readonly Uint8Array[]): this {
    for (const u of fields) this.raw(u);
    return this;
  }

  /** Starts a length-delimited value whose length is not known yet. */
  fork(): this {
    (this.forks ??= []).push(this.beginLength());
    return this;
  }

  /** Ends the innermost `fork()`, writing its length in front of its body. */
  join(): this {
    const start = this.forks?.pop();
    if (start === undefined) throw new Error("Writer.join() without fork()");
    this.endLength(start);
    return this;
  }

  /**
   * `fork()` without the stack, for generated code: reserves one byte for a
   * length and returns where it is; `endLength(at)` fills it in.
   */
  beginLength(): number {
    this.ensure(1);
    return this.pos++;
  }

  /** A one-byte tag (fields 1-15) and then `beginLength()`, in one step, for generated code. */
  tagBegin(tag: number): number {
    this.ensure(2);
    const pos = this.pos;
    this.buf[pos] = tag;
    this.pos = pos + 2;
    return pos + 1;
  }

  /**
   * Writes the length of everything after `at` into the byte reserved there.
   * In the rare case the body is 128 bytes or longer, the body is moved right
   * to make room for the longer length varint.
   */
  endLength(at: number): void {
    const len = this.pos - at - 1;
    if (len < 0x80) this.buf[at] = len;
    else this.widenLength(at, len);
  }

  /** Moves the body after `at` right to make room for a length of two or more bytes, and writes it. */
  private widenLength(at: number, len: number): void {
    const lenSize = sizeVarint32(len);
    this.ensure(lenSize - 1);
    this.buf.copyWithin(at + lenSize, at + 1, this.pos);
    const end = this.pos + lenSize - 1;
    this.pos = at;
    this.uint32(len);
    this.pos = end;
  }

  /** A packed repeated field: one tag, one length, the values back to back. */
  packed<T>(fieldNumber: number, values: readonly T[], write: (w: Writer, value: T) => unknown): this {
    if (values.length === 0) return this;
    this.tag(fieldNumber, WireType.LengthDelimited).fork();
    for (const v of values) write(this, v);
    return this.join();
  }
}
