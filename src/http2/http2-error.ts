import { errorCodeName } from "./error-code.js";

/**
 * How far an error reaches (RFC 9113 §5.4):
 * - "connection": the whole connection is unusable; the endpoint sends
 *   GOAWAY with the code and closes (§5.4.1).
 * - "stream": only one stream is affected; the endpoint sends RST_STREAM
 *   with the code on that stream and the connection goes on (§5.4.2).
 */
export type ErrorScope = "connection" | "stream";

/**
 * A broken HTTP/2 rule, found in what the peer sent. `code` is what goes in
 * the GOAWAY or RST_STREAM frame, `reason` says which rule was broken (and
 * where the RFC states it), e.g. "PING frame with length 7 (must be 8,
 * RFC 9113 §6.7)". The message adds the code name and scope in front.
 */
export class Http2Error extends Error {
  override name = "Http2Error";
  /** The error code for RST_STREAM or GOAWAY (see ErrorCode). */
  readonly code: number;
  readonly scope: ErrorScope;
  /**
   * For a stream error, the stream to reset. For a connection error, the
   * stream of the frame that broke the rule (0 for the connection itself);
   * informational only: GOAWAY carries the last processed stream instead.
   */
  readonly streamId: number;
  /** The broken rule, without the code and scope prefix (fits in GOAWAY debug data). */
  readonly reason: string;

  constructor(scope: ErrorScope, code: number, streamId: number, reason: string) {
    const where = streamId === 0 ? "" : ` on stream ${streamId}`;
    super(`${errorCodeName(code)} (${scope} error${where}): ${reason}`);
    this.scope = scope;
    this.code = code;
    this.streamId = streamId;
    this.reason = reason;
  }

  /** An error that ends the connection (§5.4.1). */
  static connection(code: number, reason: string, streamId = 0): Http2Error {
    return new Http2Error("connection", code, streamId, reason);
  }

  /** An error that resets one stream (§5.4.2). */
  static stream(code: number, streamId: number, reason: string): Http2Error {
    return new Http2Error("stream", code, streamId, reason);
  }

  get isConnectionError(): boolean {
    return this.scope === "connection";
  }
}
