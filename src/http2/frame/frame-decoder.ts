import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { Flag } from "./flags.js";
import { readUint31, readUint32, view } from "./frame-header.js";
import type { FrameHandler } from "./frame-handler.js";
import { checkFrameLength, checkMaxFrameSize, fixedFieldsSize } from "./frame-length-rule.js";
import { FrameType, frameTypeName, isKnownFrameType } from "./frame-type.js";
import { type HeaderBlockLimits, HeaderBlockAssembler } from "./header-block-assembler.js";
import { checkPadding } from "./padding.js";
import { checkPriority, readPriority, PRIORITY_FIELDS_SIZE, type Priority } from "./priority.js";
import { readSettings } from "./settings-payload.js";
import { checkStreamId } from "./stream-id-rule.js";
import { checkWindowIncrement } from "./window-update-rule.js";

/**
 * Turns one frame (header, then payload) into a FrameHandler call, applying
 * the rules of RFC 9113 §4 to §6 that need no connection state. It knows
 * nothing of chunks: FrameParser cuts the byte stream into frames and calls
 * frameHeader() then, if that returned true, framePayload().
 *
 * Rules return the error they find; raise() throws connection errors and
 * reports stream errors to the handler.
 */
export class FrameDecoder {
  private readonly handler: FrameHandler;
  private readonly assembler: HeaderBlockAssembler;
  /** The local SETTINGS_MAX_FRAME_SIZE: the largest payload we accept. */
  maxFrameSize: number;
  /** True until the first frame, when the peer's preface must begin with SETTINGS (§3.4). */
  private settingsFirst: boolean;
  // The frame being read.
  private type = 0;
  private flags = 0;
  private streamId = 0;

  constructor(handler: FrameHandler, maxFrameSize: number, limits: HeaderBlockLimits, settingsFirst: boolean) {
    this.handler = handler;
    this.maxFrameSize = maxFrameSize;
    this.assembler = new HeaderBlockAssembler(limits);
    this.settingsFirst = settingsFirst;
  }

  /** True while a field block waits for CONTINUATION frames. */
  get inHeaderBlock(): boolean {
    return this.assembler.isOpen;
  }

  /**
   * Checks a frame header. Returns true when the payload is wanted, false
   * when it is to be skipped (unknown type with no onUnknownFrame, or a
   * stream error already reported).
   */
  frameHeader(type: number, flags: number, length: number, streamId: number): boolean {
    this.type = type;
    this.flags = flags;
    this.streamId = streamId;
    if (this.settingsFirst) this.checkFirstFrame(type, flags, streamId);
    this.raise(checkMaxFrameSize(type, length, this.maxFrameSize, streamId));
    this.raise(this.assembler.checkFrameHeader(type, streamId, length));
    this.raise(checkStreamId(type, streamId));
    const lengthError = checkFrameLength(type, flags, length, streamId);
    if (lengthError !== undefined) {
      this.raise(lengthError); // throws unless it is a stream error
      return false;
    }
    return isKnownFrameType(type) || this.handler.onUnknownFrame !== undefined;
  }

  /**
   * Decodes the payload of the frame whose header was just checked: bytes
   * `start` to `end` of `bytes`. Fixed fields are read in place; a view is
   * made only for what is handed to the handler.
   */
  framePayload(bytes: Uint8Array, start: number, end: number): void {
    const { handler, flags, streamId } = this;
    switch (this.type) {
      case FrameType.DATA: {
        const padded = (flags & Flag.PADDED) !== 0;
        const data = view(bytes, padded ? start + 1 : start, padded ? this.paddedEnd(bytes, start, end) : end);
        handler.onData(streamId, data, (flags & Flag.END_STREAM) !== 0, end - start);
        return;
      }
      case FrameType.HEADERS:
        return this.headers(bytes, start, end);
      case FrameType.PRIORITY: {
        const priority = readPriority(bytes, start);
        const error = checkPriority(streamId, priority);
        if (error !== undefined) this.raise(error);
        else handler.onPriority(streamId, priority);
        return;
      }
      case FrameType.RST_STREAM:
        return handler.onRstStream(streamId, readUint32(bytes, start));
      case FrameType.SETTINGS:
        if (flags & Flag.ACK) handler.onSettingsAck();
        else handler.onSettings(readSettings(bytes, start, end));
        return;
      case FrameType.PUSH_PROMISE:
        return this.pushPromise(bytes, start, end);
      case FrameType.PING:
        return handler.onPing(view(bytes, start, end), (flags & Flag.ACK) !== 0);
      case FrameType.GOAWAY:
        return handler.onGoaway(readUint31(bytes, start), readUint32(bytes, start + 4), view(bytes, start + 8, end));
      case FrameType.WINDOW_UPDATE: {
        const increment = readUint31(bytes, start);
        const error = checkWindowIncrement(streamId, increment);
        if (error !== undefined) this.raise(error);
        else handler.onWindowUpdate(streamId, increment);
        return;
      }
      case FrameType.CONTINUATION: {
        const block = this.assembler.append(view(bytes, start, end), (flags & Flag.END_HEADERS) !== 0);
        if (block !== undefined) this.deliverAssembledBlock(block);
        return;
      }
      default:
        handler.onUnknownFrame?.(this.type, flags, streamId, view(bytes, start, end));
    }
  }

  private headers(bytes: Uint8Array, start: number, end: number): void {
    const { flags, streamId } = this;
    if (flags & Flag.PADDED) {
      end = this.paddedEnd(bytes, start, end);
      start++;
    }
    let priority: Priority | undefined;
    let streamError: Http2Error | undefined;
    if (flags & Flag.PRIORITY) {
      priority = readPriority(bytes, start);
      start += PRIORITY_FIELDS_SIZE;
      streamError = checkPriority(streamId, priority);
    }
    this.raise(this.assembler.checkSize(end - start, streamId));
    const fragment = view(bytes, start, end);
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if (!(flags & Flag.END_HEADERS)) {
      this.assembler.open(FrameType.HEADERS, streamId, fragment, endStream, priority, 0, streamError);
    } else if (streamError !== undefined) {
      this.handler.onStreamError(streamError, fragment);
    } else {
      this.handler.onHeaders(streamId, fragment, endStream, priority);
    }
  }

  private pushPromise(bytes: Uint8Array, start: number, end: number): void {
    const { flags, streamId } = this;
    if (flags & Flag.PADDED) {
      end = this.paddedEnd(bytes, start, end);
      start++;
    }
    const promisedStreamId = readUint31(bytes, start);
    start += 4;
    this.raise(this.assembler.checkSize(end - start, streamId));
    const fragment = view(bytes, start, end);
    if (flags & Flag.END_HEADERS) this.handler.onPushPromise(streamId, promisedStreamId, fragment);
    else this.assembler.open(FrameType.PUSH_PROMISE, streamId, fragment, false, undefined, promisedStreamId, undefined);
  }

  private deliverAssembledBlock(block: Uint8Array): void {
    const a = this.assembler;
    if (a.kind === FrameType.PUSH_PROMISE) this.handler.onPushPromise(a.streamId, a.promisedStreamId, block);
    else if (a.streamError !== undefined) this.handler.onStreamError(a.streamError, block);
    else this.handler.onHeaders(a.streamId, block, a.endStream, a.priority);
  }

  /** Where the padding of the padded payload `start`..`end` begins, after checking it fits (§6.1, §6.2, §6.6). */
  private paddedEnd(bytes: Uint8Array, start: number, end: number): number {
    const padLength = bytes[start]!;
    const room = end - start - fixedFieldsSize(this.type, this.flags);
    this.raise(checkPadding(this.type, padLength, room, this.streamId));
    return end - padLength;
  }

  /** §3.4: the peer's connection preface ends with (or, from a server, is) a SETTINGS frame without ACK. */
  private checkFirstFrame(type: number, flags: number, streamId: number): void {
    this.settingsFirst = false;
    if (type === FrameType.SETTINGS && !(flags & Flag.ACK)) return;
    const what = type === FrameType.SETTINGS ? "SETTINGS frame with ACK" : `${frameTypeName(type)} frame`;
    throw Http2Error.connection(
      ErrorCode.PROTOCOL_ERROR,
      `${what} where the connection preface's SETTINGS frame was expected (RFC 9113 §3.4)`,
      streamId,
    );
  }

  private raise(error: Http2Error | undefined): void {
    if (error === undefined) return;
    if (error.scope === "connection") throw error;
    this.handler.onStreamError(error, undefined);
  }
}
