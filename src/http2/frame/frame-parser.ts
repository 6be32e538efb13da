import { FRAME_HEADER_SIZE, DEFAULT_MAX_FRAME_SIZE, MAX_MAX_FRAME_SIZE, MIN_MAX_FRAME_SIZE, readUint31, view } from "./frame-header.js";
import { FrameDecoder } from "./frame-decoder.js";
import type { FrameHandler } from "./frame-handler.js";
import { type HeaderBlockLimits, headerBlockLimits } from "./header-block-assembler.js";
import { CLIENT_PREFACE, matchClientPreface, prefaceMismatch } from "./preface.js";

export interface FrameParserOptions extends Partial<HeaderBlockLimits> {
  /** The local SETTINGS_MAX_FRAME_SIZE (default 16384); can be changed later with `maxFrameSize`. */
  maxFrameSize?: number | undefined;
  /**
   * The connection preface to expect (§3.4) before the first frame:
   * "client" on a server (the 24 preface bytes, then SETTINGS), "server" on
   * a client (a SETTINGS frame first). Default: none, frames from the start.
   */
  expectPreface?: "client" | "server" | undefined;
}

const EMPTY = new Uint8Array(0);

/**
 * Cuts the bytes received on a connection into frames (RFC 9113 §4.1) and
 * hands each to a FrameDecoder, which calls the FrameHandler.
 *
 * Chunks may be of any size, down to one byte. A frame that lies inside one
 * chunk is handed on as a view of the chunk's memory, without a copy. A frame that spans
 * chunks is kept as the pieces that arrived and joined into a new buffer
 * when its last byte arrives (one copy); that buffer is the frame's alone
 * and is never reused. Only the 9-byte header scratch is reused, and it is
 * never handed out. Memory grows only with bytes actually received, and a
 * frame longer than `maxFrameSize` fails on its header (FRAME_SIZE_ERROR,
 * §4.2) before any of its payload is kept.
 *
 * feed() throws an Http2Error for a connection error. After any exception
 * from feed() (the parser's or a handler's) the parser is failed: every
 * later feed() throws the same error again. feed() must not be called from
 * inside a handler method.
 */
export class FrameParser {
  private readonly decoder: FrameDecoder;
  /** Preface bytes checked so far; CLIENT_PREFACE.length once done or when none is expected. */
  private prefaceMatched: number;
  private readonly header = new Uint8Array(FRAME_HEADER_SIZE);
  private headerFilled = 0;
  /** True once a frame's header is read, until its payload is complete. */
  private inPayload = false;
  private payloadLength = 0;
  /** False when the decoder does not want the payload: its bytes are skipped. */
  private keepPayload = true;
  /** The payload's pieces so far, for a frame that spans chunks. */
  private pieces: Uint8Array[] = [];
  private payloadFilled = 0;
  private failure: unknown = undefined;

  constructor(handler: FrameHandler, options: FrameParserOptions = {}) {
    const maxFrameSize = options.maxFrameSize ?? DEFAULT_MAX_FRAME_SIZE;
    checkLocalMaxFrameSize(maxFrameSize);
    this.decoder = new FrameDecoder(handler, maxFrameSize, headerBlockLimits(options), options.expectPreface !== undefined);
    this.prefaceMatched = options.expectPreface === "client" ? 0 : CLIENT_PREFACE.length;
  }

  /** The local SETTINGS_MAX_FRAME_SIZE; set it once the peer has acknowledged a new value (§6.5.3). */
  get maxFrameSize(): number {
    return this.decoder.maxFrameSize;
  }

  set maxFrameSize(value: number) {
    checkLocalMaxFrameSize(value);
    this.decoder.maxFrameSize = value;
  }

  /** True when the bytes fed so far end exactly on a frame boundary, outside any field block. */
  get atFrameBoundary(): boolean {
    return !this.inPayload && this.headerFilled === 0 && !this.decoder.inHeaderBlock && this.prefaceMatched === CLIENT_PREFACE.length;
  }

  /** Feeds the next chunk of received bytes; calls the handler for each frame completed. */
  feed(chunk: Uint8Array): void {
    if (this.failure !== undefined) throw this.failure;
    try {
      this.consume(chunk);
    } catch (error) {
      this.failure = error;
      throw error;
    }
  }

  private consume(chunk: Uint8Array): void {
    const end = chunk.length;
    let pos = 0;
    if (this.prefaceMatched < CLIENT_PREFACE.length) {
      pos = this.readPreface(chunk);
      if (this.prefaceMatched < CLIENT_PREFACE.length) return;
    }
    while (pos < end) {
      if (!this.inPayload) {
        if (this.headerFilled === 0 && end - pos >= FRAME_HEADER_SIZE) {
          // Fast path: a whole header in this chunk.
          this.startFrame(chunk, pos);
          pos += FRAME_HEADER_SIZE;
        } else {
          // A header split across chunks: gather it in the scratch bytes.
          while (this.headerFilled < FRAME_HEADER_SIZE && pos < end) this.header[this.headerFilled++] = chunk[pos++]!;
          if (this.headerFilled < FRAME_HEADER_SIZE) return;
          this.headerFilled = 0;
          this.startFrame(this.header, 0);
        }
        if (this.payloadLength === 0) {
          this.endFrame(EMPTY, 0, 0);
          continue;
        }
      }
      const missing = this.payloadLength - this.payloadFilled;
      const available = end - pos;
      if (available < missing) {
        if (this.keepPayload) this.pieces.push(view(chunk, pos, end));
        this.payloadFilled += available;
        return;
      }
      if (this.payloadFilled === 0) {
        this.endFrame(chunk, pos, pos + missing); // fast path: the whole payload in this chunk, no copy
      } else if (this.keepPayload) {
        const pieces = this.pieces;
        this.pieces = [];
        pieces.push(view(chunk, pos, pos + missing));
        this.endFrame(Buffer.concat(pieces, this.payloadLength), 0, this.payloadLength);
      } else {
        this.endFrame(EMPTY, 0, 0);
      }
      pos += missing;
    }
  }

  private startFrame(bytes: Uint8Array, at: number): void {
    this.payloadLength = (bytes[at]! << 16) | (bytes[at + 1]! << 8) | bytes[at + 2]!;
    this.payloadFilled = 0;
    this.inPayload = true;
    this.keepPayload = this.decoder.frameHeader(bytes[at + 3]!, bytes[at + 4]!, this.payloadLength, readUint31(bytes, at + 5));
  }

  /** Resets for the next frame, then hands the payload (bytes start to end) to the decoder, unless skipped. */
  private endFrame(bytes: Uint8Array, start: number, end: number): void {
    this.inPayload = false;
    this.payloadFilled = 0;
    if (this.keepPayload) this.decoder.framePayload(bytes, start, end);
  }

  /** Checks the client preface bytes at the start of `chunk`; returns where frames begin. */
  private readPreface(chunk: Uint8Array): number {
    const matched = matchClientPreface(chunk, 0, this.prefaceMatched);
    if (matched < 0) throw prefaceMismatch(chunk, 0);
    this.prefaceMatched += matched;
    return matched;
  }
}

function checkLocalMaxFrameSize(value: number): void {
  if (!Number.isInteger(value) || value < MIN_MAX_FRAME_SIZE || value > MAX_MAX_FRAME_SIZE) {
    throw new RangeError(`maxFrameSize must be an integer from 16384 to 16777215 (RFC 9113 §6.5.2), got ${value}`);
  }
}
