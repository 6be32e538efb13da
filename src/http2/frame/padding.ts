import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { frameTypeName } from "./frame-type.js";
import { section } from "./stream-id-rule.js";

/**
 * Padding (RFC 9113 §6.1, §6.2, §6.6). With the PADDED flag, the payload of
 * DATA, HEADERS and PUSH_PROMISE starts with a Pad Length byte and ends with
 * that many bytes of padding, which the receiver drops:
 *
 *   [Pad Length (1)] [fixed fields] [content ...] [Padding (Pad Length)]
 *
 * The padding must fit in what the payload has left after the Pad Length
 * byte and the type's fixed fields (5 bytes of priority for HEADERS with
 * PRIORITY, 4 of promised stream for PUSH_PROMISE): `room` is that count.
 * More is a connection error PROTOCOL_ERROR ("the length of the padding is
 * the length of the frame payload or greater"). Padding exactly as long as
 * the room, leaving empty content, is allowed.
 *
 * The caller has already checked that the payload holds the Pad Length byte
 * and the fixed fields (see checkFrameLength), so `room` is never negative.
 */
export function checkPadding(type: number, padLength: number, room: number, streamId: number): Http2Error | undefined {
  if (padLength <= room) return undefined;
  return Http2Error.connection(
    ErrorCode.PROTOCOL_ERROR,
    `${frameTypeName(type)} frame with Pad Length ${padLength} but only ${room} bytes after its fixed fields (RFC 9113 §${section(type)})`,
    streamId,
  );
}
