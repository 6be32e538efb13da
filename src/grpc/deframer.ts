import { Code, type Status } from "./code.js";
import { ENVELOPE_HEADER_LENGTH, FLAG_COMPRESSED } from "./envelope.js";

/** Receives each complete message, in order. `message` may be a view into a received chunk. */
export type OnMessage = (message: Uint8Array, compressed: boolean) => void;

/**
 * Cuts a stream of DATA chunks into Length-Prefixed-Messages. DATA frame
 * boundaries have nothing to do with message boundaries (PROTOCOL-HTTP2.md,
 * "Data Frames"): a message may span any number of chunks, and one chunk may
 * hold many messages.
 *
 * Memory grows only with bytes actually received: a prefix announcing 4 GiB
 * costs nothing until the bytes arrive, and a prefix announcing more than
 * `maxMessageSize` is refused before any of its body is kept.
 *
 * Errors are returned as values; after the first one the deframer ignores
 * further input.
 */
export class Deframer {
  private readonly onMessage: OnMessage;
  private readonly maxMessageSize: number;
  /** The prefix of the message being read, while it is incomplete (allocated on first need). */
  private header: Buffer | undefined;
  private headerFilled = 0;
  /** Length and flag of the message being read, once its prefix is complete; -1 otherwise. */
  private bodyLength = -1;
  private compressed = false;
  /** Pieces of the body received so far (only when it spans chunks; made on first need). */
  private pieces: Uint8Array[] | undefined;
  private bodyFilled = 0;
  private failed: Status | undefined;

  constructor(maxMessageSize: number, onMessage: OnMessage) {
    this.maxMessageSize = maxMessageSize;
    this.onMessage = onMessage;
  }

  /** True when part of a message has been received but not all of it. */
  get hasPartialMessage(): boolean {
    return this.headerFilled > 0 || this.bodyLength >= 0;
  }

  /**
   * Feeds one chunk. Returns a Status (INTERNAL for a bad flag,
   * RESOURCE_EXHAUSTED for a message over the limit) when the stream cannot
   * be read any further, undefined otherwise.
   */
  push(chunk: Uint8Array): Status | undefined {
    if (this.failed !== undefined) return this.failed;
    let pos = 0;
    const end = chunk.byteLength;
    while (pos < end) {
      if (this.bodyLength < 0) {
        // Fast path: a whole prefix in this chunk, nothing pending.
        if (this.headerFilled === 0 && end - pos >= ENVELOPE_HEADER_LENGTH) {
          const error = this.startBody(chunk[pos]!, readUint32(chunk, pos + 1));
          if (error !== undefined) return error;
          pos += ENVELOPE_HEADER_LENGTH;
        } else {
          const take = Math.min(ENVELOPE_HEADER_LENGTH - this.headerFilled, end - pos);
          const header = (this.header ??= Buffer.alloc(ENVELOPE_HEADER_LENGTH));
          header.set(chunk.subarray(pos, pos + take), this.headerFilled);
          this.headerFilled += take;
          pos += take;
          if (this.headerFilled < ENVELOPE_HEADER_LENGTH) return undefined;
          this.headerFilled = 0;
          const error = this.startBody(header[0]!, header.readUInt32BE(1));
          if (error !== undefined) return error;
        }
      }
      const missing = this.bodyLength - this.bodyFilled;
      const available = end - pos;
      if (this.bodyFilled === 0 && available >= missing) {
        // Fast path: the whole body is in this chunk; hand out a view, no copy.
        this.emit(chunk.subarray(pos, pos + missing));
        pos += missing;
      } else if (available >= missing) {
        const pieces = this.pieces ?? [];
        pieces.push(chunk.subarray(pos, pos + missing));
        pos += missing;
        const body = Buffer.concat(pieces, this.bodyLength);
        this.pieces = undefined;
        this.emit(body);
      } else {
        (this.pieces ??= []).push(chunk.subarray(pos));
        this.bodyFilled += available;
        pos = end;
      }
    }
    return undefined;
  }

  private startBody(flags: number, length: number): Status | undefined {
    if ((flags & ~FLAG_COMPRESSED) !== 0) {
      return this.fail(Code.Internal, `invalid Compressed-Flag 0x${flags.toString(16)} in message prefix`);
    }
    if (length > this.maxMessageSize) {
      return this.fail(
        Code.ResourceExhausted,
        `received message larger than max (${length} vs. ${this.maxMessageSize})`,
      );
    }
    this.compressed = flags === FLAG_COMPRESSED;
    this.bodyLength = length;
    this.bodyFilled = 0;
    return undefined;
  }

  private emit(body: Uint8Array): void {
    this.bodyLength = -1;
    this.bodyFilled = 0;
    this.onMessage(body, this.compressed);
  }

  private fail(code: Code, message: string): Status {
    this.failed = { code, message };
    this.pieces = undefined;
    return this.failed;
  }
}

function readUint32(bytes: Uint8Array, pos: number): number {
  return ((bytes[pos]! << 24) | (bytes[pos + 1]! << 16) | (bytes[pos + 2]! << 8) | bytes[pos + 3]!) >>> 0;
}
