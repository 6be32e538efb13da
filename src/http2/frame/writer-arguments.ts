import { MAX_MAX_FRAME_SIZE, MAX_STREAM_ID, MIN_MAX_FRAME_SIZE } from "./frame-header.js";
import type { Priority } from "./priority.js";

// Checks on what our own code asks the frame writers to send. A bad value
// here is a bug in the caller, not the peer's doing, so it is a RangeError
// rather than an Http2Error.

function integerIn(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** A stream a frame is about: 1 to 2^31-1 (§5.1.1). */
export function checkStreamArgument(what: string, streamId: number): void {
  integerIn(`${what} stream id`, streamId, 1, MAX_STREAM_ID);
}

/** A stream id that may be 0 (GOAWAY's last stream, WINDOW_UPDATE's connection window, raw frames). */
export function checkStreamOrZero(what: string, streamId: number): void {
  integerIn(`${what} stream id`, streamId, 0, MAX_STREAM_ID);
}

/** The peer's SETTINGS_MAX_FRAME_SIZE, which splitting must respect (§4.2). */
export function checkMaxFrameSizeArgument(maxFrameSize: number): void {
  integerIn("maxFrameSize", maxFrameSize, MIN_MAX_FRAME_SIZE, MAX_MAX_FRAME_SIZE);
}

/** Pad Length is one byte (§6.1); undefined means no PADDED flag. */
export function checkPadLength(padLength: number | undefined): void {
  if (padLength !== undefined) integerIn("padLength", padLength, 0, 255);
}

/** A 32-bit error code (§7); codes §7 does not define may be sent too. */
export function checkErrorCode(errorCode: number): void {
  integerIn("error code", errorCode, 0, 0xffff_ffff);
}

/** §6.9: 1 to 2^31-1. */
export function checkIncrement(increment: number): void {
  integerIn("window increment", increment, 1, MAX_STREAM_ID);
}

/** §6.3: a dependency of 31 bits (not the stream itself, §5.3.1) and a weight of 1 to 256. */
export function checkPriorityArgument(streamId: number, priority: Priority): void {
  integerIn("priority dependency", priority.dependency, 0, MAX_STREAM_ID);
  integerIn("priority weight", priority.weight, 1, 256);
  if (priority.dependency === streamId) throw new RangeError(`stream ${streamId} cannot depend on itself (RFC 9113 §5.3.1)`);
}
