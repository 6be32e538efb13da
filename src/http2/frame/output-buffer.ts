import { FRAME_HEADER_SIZE, writeFrameHeader } from "./frame-header.js";

export interface OutputBufferOptions {
  /** Size of the shared blocks small frames are packed into. Default 16 KiB. */
  blockSize?: number | undefined;
  /** Payloads up to this many bytes are copied into the block; longer ones are referenced. Default 1024. */
  copyLimit?: number | undefined;
}

/**
 * Collects the frames one event-loop turn produces, so that they leave in
 * one socket write (or one cork/uncork, or one writev).
 *
 * Frame headers and small payloads are packed into a shared block; a large
 * payload (a big DATA payload, a big field block) is not copied but
 * referenced as its own chunk, so its bytes must not change until the
 * socket has written them. Bytes already handed out by take() are never
 * written again: writing goes on in the rest of the block, and a full block
 * is replaced by a new one, never rewritten.
 */
export class OutputBuffer {
  private readonly blockSize: number;
  private readonly copyLimit: number;
  /** The block being filled; frame writers write directly into it at offsets from reserve(). */
  block: Buffer;
  /** Where the not yet listed part of the block starts, and where writing goes on. */
  private blockStart = 0;
  private pos = 0;
  private chunks: Uint8Array[] = [];
  private chunksLength = 0;

  constructor(options: OutputBufferOptions = {}) {
    this.blockSize = options.blockSize ?? 16_384;
    this.copyLimit = options.copyLimit ?? 1024;
    if (!Number.isInteger(this.blockSize) || this.blockSize < 64) throw new RangeError(`blockSize must be an integer of at least 64, got ${this.blockSize}`);
    if (!Number.isInteger(this.copyLimit) || this.copyLimit < 0) throw new RangeError(`copyLimit must be a non-negative integer, got ${this.copyLimit}`);
    this.block = Buffer.allocUnsafe(this.blockSize);
  }

  /** Bytes collected and not yet taken. */
  get length(): number {
    return this.chunksLength + (this.pos - this.blockStart);
  }

  /**
   * Makes room for `size` contiguous bytes and returns their offset in
   * `this.block` (read `block` after calling: it may be a new block). The
   * caller must fill all of them.
   */
  reserve(size: number): number {
    if (this.pos + size > this.block.length) {
      this.listBlockPart();
      this.block = Buffer.allocUnsafe(Math.max(this.blockSize, size));
      this.blockStart = 0;
      this.pos = 0;
    }
    const at = this.pos;
    this.pos += size;
    return at;
  }

  /**
   * Appends a frame header (§4.1) and room for `fieldsSize` bytes of fixed
   * fields after it; returns the offset of those fields in `this.block`.
   */
  frameHeader(length: number, type: number, flags: number, streamId: number, fieldsSize = 0): number {
    const at = this.reserve(FRAME_HEADER_SIZE + fieldsSize);
    writeFrameHeader(this.block, at, length, type, flags, streamId);
    return at + FRAME_HEADER_SIZE;
  }

  /** Appends bytes: copied when short, referenced (kept as they are, no copy) when longer than copyLimit. */
  append(bytes: Uint8Array): void {
    const length = bytes.length;
    if (length <= this.copyLimit) {
      const at = this.reserve(length);
      this.block.set(bytes, at);
      return;
    }
    this.listBlockPart();
    this.chunks.push(bytes);
    this.chunksLength += length;
  }

  /** Appends `count` zero bytes (padding, §6.1). */
  appendZeros(count: number): void {
    const at = this.reserve(count);
    this.block.fill(0, at, at + count);
  }

  /** Hands out everything collected as a list of chunks (for writev or cork + write), and starts empty. */
  takeChunks(): Uint8Array[] {
    this.listBlockPart();
    const chunks = this.chunks;
    this.chunks = [];
    this.chunksLength = 0;
    return chunks;
  }

  /** Hands out everything collected as one Buffer (joined only when there are several chunks), and starts empty. */
  takeBuffer(): Buffer {
    const total = this.length;
    const chunks = this.takeChunks();
    if (chunks.length === 1) {
      const only = chunks[0]!;
      return Buffer.isBuffer(only) ? only : Buffer.from(only.buffer, only.byteOffset, only.byteLength);
    }
    return Buffer.concat(chunks, total);
  }

  /** Moves the filled, unlisted part of the block to the chunk list. */
  private listBlockPart(): void {
    if (this.pos === this.blockStart) return;
    this.chunks.push(this.block.subarray(this.blockStart, this.pos));
    this.chunksLength += this.pos - this.blockStart;
    this.blockStart = this.pos;
  }
}
