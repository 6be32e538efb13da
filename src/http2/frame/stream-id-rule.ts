import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { FrameType, frameTypeName } from "./frame-type.js";

/**
 * Which frames belong to the connection and which to a stream (RFC 9113 §6).
 * SETTINGS, PING and GOAWAY are about the whole connection and must be sent
 * on stream 0; DATA, HEADERS, PRIORITY, RST_STREAM, PUSH_PROMISE and
 * CONTINUATION are about one stream and must not be. WINDOW_UPDATE may be
 * either (stream 0 is the connection's window), and frames of unknown types
 * are not checked at all. A frame on the wrong side is a connection error
 * PROTOCOL_ERROR.
 */
export function checkStreamId(type: number, streamId: number): Http2Error | undefined {
  switch (type) {
    case FrameType.SETTINGS:
    case FrameType.PING:
    case FrameType.GOAWAY:
      if (streamId === 0) return undefined;
      return Http2Error.connection(
        ErrorCode.PROTOCOL_ERROR,
        `${frameTypeName(type)} frame on stream ${streamId} (must be on stream 0, RFC 9113 §${section(type)})`,
        streamId,
      );
    case FrameType.DATA:
    case FrameType.HEADERS:
    case FrameType.PRIORITY:
    case FrameType.RST_STREAM:
    case FrameType.PUSH_PROMISE:
    case FrameType.CONTINUATION:
      if (streamId !== 0) return undefined;
      return Http2Error.connection(
        ErrorCode.PROTOCOL_ERROR,
        `${frameTypeName(type)} frame on stream 0 (must be on a stream, RFC 9113 §${section(type)})`,
      );
    default:
      return undefined;
  }
}

/** The section of RFC 9113 defining a known frame type: §6.1 for DATA (type 0) to §6.10 for CONTINUATION (type 9). */
export function section(type: number): string {
  return `6.${type + 1}`;
}
