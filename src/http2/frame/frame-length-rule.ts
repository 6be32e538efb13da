import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { Flag } from "./flags.js";
import { FrameType, frameTypeName } from "./frame-type.js";
import { SETTING_ENTRY_SIZE } from "./settings-payload.js";
import { section } from "./stream-id-rule.js";

/**
 * §4.2: no frame may be longer than the receiver's SETTINGS_MAX_FRAME_SIZE.
 * Checked on the frame header, before any of the payload is kept, so an
 * announced 16 MiB costs nothing. Always a connection error here: §4.2 lets
 * a DATA frame's size error be a stream error, but the connection's
 * flow-control window would then be out of step, and §5.4.1 allows any
 * stream error to be treated as a connection error.
 */
export function checkMaxFrameSize(type: number, length: number, maxFrameSize: number, streamId: number): Http2Error | undefined {
  if (length <= maxFrameSize) return undefined;
  return Http2Error.connection(
    ErrorCode.FRAME_SIZE_ERROR,
    `${frameTypeName(type)} frame of ${length} bytes exceeds SETTINGS_MAX_FRAME_SIZE ${maxFrameSize} (RFC 9113 §4.2)`,
    streamId,
  );
}

/**
 * The payload sizes §6 fixes for each frame type, checked on the header.
 * Fixed sizes: PING 8, RST_STREAM 4, WINDOW_UPDATE 4, PRIORITY 5; SETTINGS a
 * multiple of 6 and empty with ACK; GOAWAY at least 8. Frames with optional
 * fields must be long enough to hold them (§4.2, "too small to contain
 * mandatory frame data"): 1 byte of Pad Length with PADDED, 5 bytes of
 * priority for HEADERS with PRIORITY, 4 bytes of promised stream for
 * PUSH_PROMISE. All are connection errors FRAME_SIZE_ERROR except a PRIORITY
 * frame, whose bad length only resets its stream (§6.3).
 */
export function checkFrameLength(type: number, flags: number, length: number, streamId: number): Http2Error | undefined {
  switch (type) {
    case FrameType.PING:
      return exactly(type, length, 8, streamId);
    case FrameType.RST_STREAM:
    case FrameType.WINDOW_UPDATE:
      return exactly(type, length, 4, streamId);
    case FrameType.PRIORITY:
      if (length === 5) return undefined;
      return Http2Error.stream(ErrorCode.FRAME_SIZE_ERROR, streamId, `PRIORITY frame with length ${length} (must be 5, RFC 9113 §6.3)`);
    case FrameType.SETTINGS:
      if (flags & Flag.ACK) {
        return length === 0 ? undefined : badLength("SETTINGS frame with ACK", length, "must be empty, RFC 9113 §6.5");
      }
      if (length % SETTING_ENTRY_SIZE === 0) return undefined;
      return badLength("SETTINGS frame", length, "must be a multiple of 6, RFC 9113 §6.5");
    case FrameType.GOAWAY:
      if (length >= 8) return undefined;
      return badLength("GOAWAY frame", length, "must be at least 8, RFC 9113 §6.8");
    case FrameType.DATA:
    case FrameType.HEADERS:
    case FrameType.PUSH_PROMISE:
      return checkMandatoryFields(type, flags, length, streamId);
    default:
      return undefined;
  }
}

/** The bytes that come before the data or field block fragment, by frame type and flags. */
export function fixedFieldsSize(type: number, flags: number): number {
  let size = flags & Flag.PADDED ? 1 : 0;
  if (type === FrameType.HEADERS && flags & Flag.PRIORITY) size += 5;
  else if (type === FrameType.PUSH_PROMISE) size += 4;
  return size;
}

function checkMandatoryFields(type: number, flags: number, length: number, streamId: number): Http2Error | undefined {
  const needed = fixedFieldsSize(type, flags);
  if (length >= needed) return undefined;
  const fields = [];
  if (flags & Flag.PADDED) fields.push("Pad Length");
  if (type === FrameType.HEADERS && flags & Flag.PRIORITY) fields.push("priority fields");
  if (type === FrameType.PUSH_PROMISE) fields.push("Promised Stream ID");
  return Http2Error.connection(
    ErrorCode.FRAME_SIZE_ERROR,
    `${frameTypeName(type)} frame with length ${length} is too short for its ${fields.join(" and ")} (${needed} bytes, RFC 9113 §4.2, §${section(type)})`,
    streamId,
  );
}

function exactly(type: number, length: number, size: number, streamId: number): Http2Error | undefined {
  if (length === size) return undefined;
  return Http2Error.connection(
    ErrorCode.FRAME_SIZE_ERROR,
    `${frameTypeName(type)} frame with length ${length} (must be ${size}, RFC 9113 §${section(type)})`,
    streamId,
  );
}

function badLength(what: string, length: number, rule: string): Http2Error {
  return Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, `${what} with length ${length} (${rule})`);
}
