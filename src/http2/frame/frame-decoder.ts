import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { Flag } from "./flags.js";
import { readUint31, readUint32 } from "./frame-header.js";
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

  /** Decodes the payload of the frame whose header was just checked. */
  framePayload(payload: Uint8Array): void {
    const { handler, flags, streamId } = this;
    switch (this.type) {
      case FrameType.DATA: {
        const length = payload.length;
        const data = flags & Flag.PADDED ? payload.subarray(1, this.paddedEnd(payload)) : payload;
        handler.onData(streamId, data, (flags & Flag.END_STREAM) !== 0, length);
        return;
      }
      case FrameType.HEADERS:
        return this.headers(payload);
      case FrameType.PRIORITY: {
        const priority = readPriority(payload, 0);
        const error = checkPriority(streamId, priority);
        if (error !== undefined) this.raise(error);
        else handler.onPriority(streamId, priority);
        return;
      }
      case FrameType.RST_STREAM:
        return handler.onRstStream(streamId, readUint32(payload, 0));
      case FrameType.SETTINGS:
        if (flags & Flag.ACK) handler.onSettingsAck();
        else handler.onSettings(readSettings(payload));
        return;
      case FrameType.PUSH_PROMISE:
        return this.pushPromise(payload);
      case FrameType.PING:
        return handler.onPing(payload, (flags & Flag.ACK) !== 0);
      case FrameType.GOAWAY:
        return handler.onGoaway(readUint31(payload, 0), readUint32(payload, 4), payload.subarray(8));
      case FrameType.WINDOW_UPDATE: {
        const increment = readUint31(payload, 0);
        const error = checkWindowIncrement(streamId, increment);
        if (error !== undefined) this.raise(error);
        else handler.onWindowUpdate(streamId, increment);
        return;
      }
      case FrameType.CONTINUATION: {
        const block = this.assembler.append(payload, (flags & Flag.END_HEADERS) !== 0);
        if (block !== undefined) this.deliverAssembledBlock(block);
        return;
      }
      default:
        handler.onUnknownFrame?.(this.type, flags, streamId, payload);
    }
  }

  private headers(payload: Uint8Array): void {
    const { flags, streamId } = this;
    let start = flags & Flag.PADDED ? 1 : 0;
    const end = flags & Flag.PADDED ? this.paddedEnd(payload) : payload.length;
    let priority: Priority | undefined;
    let streamError: Http2Error | undefined;
    if (flags & Flag.PRIORITY) {
      priority = readPriority(payload, start);
      start += PRIORITY_FIELDS_SIZE;
      streamError = checkPriority(streamId, priority);
    }
    const fragment = start === 0 && end === payload.length ? payload : payload.subarray(start, end);
    this.raise(this.assembler.checkSize(fragment.length, streamId));
    const endStream = (flags & Flag.END_STREAM) !== 0;
    if (!(flags & Flag.END_HEADERS)) {
      this.assembler.open(FrameType.HEADERS, streamId, fragment, endStream, priority, 0, streamError);
    } else if (streamError !== undefined) {
      this.handler.onStreamError(streamError, fragment);
    } else {
      this.handler.onHeaders(streamId, fragment, endStream, priority);
    }
  }

  private pushPromise(payload: Uint8Array): void {
    const { flags, streamId } = this;
    const start = flags & Flag.PADDED ? 1 : 0;
    const end = flags & Flag.PADDED ? this.paddedEnd(payload) : payload.length;
    const promisedStreamId = readUint31(payload, start);
    const fragment = payload.subarray(start + 4, end);
    this.raise(this.assembler.checkSize(fragment.length, streamId));
    if (flags & Flag.END_HEADERS) this.handler.onPushPromise(streamId, promisedStreamId, fragment);
    else this.assembler.open(FrameType.PUSH_PROMISE, streamId, fragment, false, undefined, promisedStreamId, undefined);
  }

  private deliverAssembledBlock(block: Uint8Array): void {
    const a = this.assembler;
    if (a.kind === FrameType.PUSH_PROMISE) this.handler.onPushPromise(a.streamId, a.promisedStreamId, block);
    else if (a.streamError !== undefined) this.handler.onStreamError(a.streamError, block);
    else this.handler.onHeaders(a.streamId, block, a.endStream, a.priority);
  }

  /** Where the padding of a padded payload starts, after checking it fits (§6.1, §6.2, §6.6). */
  private paddedEnd(payload: Uint8Array): number {
    const fixedSize = fixedFieldsSize(this.type, this.flags) - 1;
    this.raise(checkPadding(this.type, payload, fixedSize, this.streamId));
    return payload.length - payload[0]!;
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
