import type { Http2Error } from "../http2-error.js";
import type { Priority } from "./priority.js";
import type { SettingsUpdate } from "./settings.js";

/**
 * What the frame parser calls, one method per frame type (the connection
 * implements it). No object is made per frame: the fields come as arguments.
 *
 * Ownership of byte views (payload, block, data, debugData): every view
 * stays valid after the call returns and may be kept without copying. A
 * view is either a Uint8Array over the memory of a chunk given to
 * FrameParser.feed (when the frame sat inside that chunk; the parser never
 * writes into chunks, so it stays valid as long as the caller does not reuse
 * the chunk's memory, which socket chunks are not) or a buffer the parser
 * made for that one frame or block when it spanned chunks, which the parser
 * never reuses. Views are typed Uint8Array: some happen to be Buffers, most
 * are not, so Buffer methods cannot be relied on.
 *
 * Frames arrive in order. A connection error is thrown by FrameParser.feed
 * and is never passed here; stream errors are passed to onStreamError and
 * parsing goes on.
 */
export interface FrameHandler {
  /**
   * DATA (§6.1), padding removed. `flowControlledLength` is the whole frame
   * payload, Pad Length and padding included: what counts against the
   * flow-control windows (§6.9.1).
   */
  onData(streamId: number, payload: Uint8Array, endStream: boolean, flowControlledLength: number): void;
  /**
   * A complete field block from HEADERS (§6.2) and any CONTINUATION frames
   * (§6.10), padding removed; still HPACK-encoded. `priority` is set when the
   * HEADERS frame had the PRIORITY flag.
   */
  onHeaders(streamId: number, block: Uint8Array, endStream: boolean, priority: Priority | undefined): void;
  /** PRIORITY (§6.3). RFC 9113 deprecates it; most connections ignore it. */
  onPriority(streamId: number, priority: Priority): void;
  /** RST_STREAM (§6.4); `errorCode` may be one §7 does not define. */
  onRstStream(streamId: number, errorCode: number): void;
  /** SETTINGS without ACK (§6.5), values already checked against §6.5.2; unknown identifiers left out. */
  onSettings(settings: SettingsUpdate): void;
  /** SETTINGS with ACK: the peer applied our last SETTINGS (§6.5.3). */
  onSettingsAck(): void;
  /** A complete field block from PUSH_PROMISE (§6.6) and any CONTINUATION frames. */
  onPushPromise(streamId: number, promisedStreamId: number, block: Uint8Array): void;
  /** PING (§6.7): `data` is the 8 opaque bytes. */
  onPing(data: Uint8Array, ack: boolean): void;
  /** GOAWAY (§6.8). */
  onGoaway(lastStreamId: number, errorCode: number, debugData: Uint8Array): void;
  /** WINDOW_UPDATE (§6.9); stream 0 is the connection's window. `increment` is 1 to 2^31-1. */
  onWindowUpdate(streamId: number, increment: number): void;
  /**
   * A rule broken on one stream (§5.4.2): the connection should send
   * RST_STREAM with error.code on error.streamId. When the bad frame carried
   * a field block (a HEADERS frame whose stream depends on itself),
   * `fieldBlock` is that block: it must still be HPACK-decoded, or the
   * decoder's dynamic table falls out of step with the peer's (§4.3).
   */
  onStreamError(error: Http2Error, fieldBlock: Uint8Array | undefined): void;
  /**
   * A frame of a type RFC 9113 does not define (§5.5). Optional: when
   * absent, such frames are skipped without keeping their payload.
   */
  onUnknownFrame?(type: number, flags: number, streamId: number, payload: Uint8Array): void;
}
