import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { MIN_MAX_FRAME_SIZE } from "./frame-header.js";
import { FrameType, frameTypeName } from "./frame-type.js";
import type { Priority } from "./priority.js";

/** Local defences on field blocks, against peers that send too much. */
export interface HeaderBlockLimits {
  /**
   * The largest field block, in bytes before HPACK decoding, summed over the
   * HEADERS or PUSH_PROMISE frame and its CONTINUATION frames. Default 64 KiB.
   */
  maxHeaderBlockSize: number;
  /**
   * The most CONTINUATION frames one block may use, empty ones included
   * (they cost a frame each but add no bytes, so the size cap alone would
   * let a peer send them forever: the CONTINUATION flood, CVE-2024-27316 and
   * its relatives). Default: twice what a block of maxHeaderBlockSize needs
   * at the smallest frame size, at least 16.
   */
  maxContinuationFrames: number;
}

export const DEFAULT_MAX_HEADER_BLOCK_SIZE = 65_536;

/** The limits with the defaults filled in. */
export function headerBlockLimits(given: Partial<HeaderBlockLimits> = {}): HeaderBlockLimits {
  const maxHeaderBlockSize = given.maxHeaderBlockSize ?? DEFAULT_MAX_HEADER_BLOCK_SIZE;
  const maxContinuationFrames = given.maxContinuationFrames ?? Math.max(16, 2 * Math.ceil(maxHeaderBlockSize / MIN_MAX_FRAME_SIZE));
  for (const [name, value] of [["maxHeaderBlockSize", maxHeaderBlockSize], ["maxContinuationFrames", maxContinuationFrames]] as const) {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
  return { maxHeaderBlockSize, maxContinuationFrames };
}

/**
 * Puts a field block back together (RFC 9113 §4.3, §6.10). A HEADERS or
 * PUSH_PROMISE frame without END_HEADERS opens a block; CONTINUATION frames
 * on the same stream add to it until one has END_HEADERS. In between, any
 * other frame (of any type, unknown extension types included, §5.5) or a
 * CONTINUATION on another stream is a connection error PROTOCOL_ERROR, and
 * so is a CONTINUATION with no open block.
 *
 * Going past either limit is a connection error ENHANCE_YOUR_CALM, not a
 * 431-style stream rejection: the frame layer stops keeping the block at
 * that point, and a block that is never HPACK-decoded leaves the two
 * dynamic tables out of step, after which no later block on the connection
 * can be trusted (§4.3, §10.5.1: the block must be processed "unless the
 * connection is closed"). A polite 431 belongs to the layer that decodes the
 * block and measures the header list after decoding.
 *
 * The opening frame's own fields (end of stream, priority, promised stream,
 * a pending stream error) are kept here until the block is complete.
 */
export class HeaderBlockAssembler {
  private readonly limits: HeaderBlockLimits;
  /** True between an opening frame without END_HEADERS and the CONTINUATION that ends its block. */
  isOpen = false;
  /** HEADERS or PUSH_PROMISE: the frame that opened the block. */
  kind = 0;
  streamId = 0;
  endStream = false;
  priority: Priority | undefined = undefined;
  promisedStreamId = 0;
  /** A stream error found in the opening frame, reported once the block is complete. */
  streamError: Http2Error | undefined = undefined;
  private fragments: Uint8Array[] = [];
  private size = 0;
  private continuations = 0;

  constructor(limits: HeaderBlockLimits) {
    this.limits = limits;
  }

  /**
   * Checks a frame header against the open block (if any), before the
   * frame's payload is kept: sequencing first, then the two limits.
   */
  checkFrameHeader(type: number, streamId: number, length: number): Http2Error | undefined {
    if (!this.isOpen) {
      if (type !== FrameType.CONTINUATION) return undefined;
      return Http2Error.connection(
        ErrorCode.PROTOCOL_ERROR,
        "CONTINUATION frame without a HEADERS or PUSH_PROMISE before it (RFC 9113 §6.10)",
        streamId,
      );
    }
    if (type !== FrameType.CONTINUATION || streamId !== this.streamId) {
      const what = type === FrameType.CONTINUATION ? `CONTINUATION frame on stream ${streamId}` : `${frameTypeName(type)} frame`;
      return Http2Error.connection(
        ErrorCode.PROTOCOL_ERROR,
        `${what} inside the field block of stream ${this.streamId} (only CONTINUATION frames on that stream may follow until END_HEADERS, RFC 9113 §4.3, §6.10)`,
        streamId,
      );
    }
    if (this.continuations >= this.limits.maxContinuationFrames) {
      return Http2Error.connection(
        ErrorCode.ENHANCE_YOUR_CALM,
        `field block of stream ${streamId} needs more than ${this.limits.maxContinuationFrames} CONTINUATION frames (local limit against CONTINUATION floods, RFC 9113 §10.5)`,
        streamId,
      );
    }
    return this.checkSize(this.size + length, streamId);
  }

  /** The size limit alone, for a field block (or the start of one) that arrived in its opening frame. */
  checkSize(size: number, streamId: number): Http2Error | undefined {
    if (size <= this.limits.maxHeaderBlockSize) return undefined;
    return Http2Error.connection(
      ErrorCode.ENHANCE_YOUR_CALM,
      `field block of stream ${streamId} exceeds ${this.limits.maxHeaderBlockSize} bytes (local limit before HPACK decoding, RFC 9113 §10.5.1)`,
      streamId,
    );
  }

  /** Opens a block with the fragment of a HEADERS or PUSH_PROMISE frame that lacks END_HEADERS. */
  open(
    kind: number,
    streamId: number,
    fragment: Uint8Array,
    endStream: boolean,
    priority: Priority | undefined,
    promisedStreamId: number,
    streamError: Http2Error | undefined,
  ): void {
    this.isOpen = true;
    this.kind = kind;
    this.streamId = streamId;
    this.endStream = endStream;
    this.priority = priority;
    this.promisedStreamId = promisedStreamId;
    this.streamError = streamError;
    this.fragments = fragment.length > 0 ? [fragment] : [];
    this.size = fragment.length;
    this.continuations = 0;
  }

  /**
   * Adds a CONTINUATION fragment (its header already passed checkFrameHeader).
   * Returns the complete block when `endHeaders`, and closes the block; the
   * opening frame's fields stay readable until the next open().
   */
  append(fragment: Uint8Array, endHeaders: boolean): Uint8Array | undefined {
    this.continuations++;
    if (fragment.length > 0) {
      this.fragments.push(fragment);
      this.size += fragment.length;
    }
    if (!endHeaders) return undefined;
    this.isOpen = false;
    const fragments = this.fragments;
    this.fragments = [];
    // One fragment is handed on as it is; several are joined into a new buffer.
    if (fragments.length === 1) return fragments[0]!;
    return Buffer.concat(fragments, this.size);
  }
}
