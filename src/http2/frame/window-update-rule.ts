import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";

/**
 * §6.9: a WINDOW_UPDATE must grant at least 1 byte. An increment of 0 is a
 * PROTOCOL_ERROR, scoped like the window it names: a stream error for a
 * stream's window, a connection error for the connection's (stream 0).
 * (The reserved bit before the 31-bit increment is ignored by readUint31.)
 */
export function checkWindowIncrement(streamId: number, increment: number): Http2Error | undefined {
  if (increment !== 0) return undefined;
  if (streamId === 0) {
    return Http2Error.connection(
      ErrorCode.PROTOCOL_ERROR,
      "WINDOW_UPDATE with an increment of 0 for the connection (must be 1 to 2^31-1, RFC 9113 §6.9)",
    );
  }
  return Http2Error.stream(
    ErrorCode.PROTOCOL_ERROR,
    streamId,
    `WINDOW_UPDATE with an increment of 0 for stream ${streamId} (must be 1 to 2^31-1, RFC 9113 §6.9)`,
  );
}
