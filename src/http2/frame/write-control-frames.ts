import { Flag } from "./flags.js";
import { MAX_MAX_FRAME_SIZE, writeUint32 } from "./frame-header.js";
import { FrameType } from "./frame-type.js";
import type { OutputBuffer } from "./output-buffer.js";
import { CLIENT_PREFACE } from "./preface.js";
import { PRIORITY_FIELDS_SIZE, type Priority, writePriorityFields } from "./priority.js";
import { SETTING_ENTRY_SIZE, settingEntries } from "./settings-payload.js";
import type { SettingsUpdate } from "./settings.js";
import {
  checkErrorCode,
  checkIncrement,
  checkPriorityArgument,
  checkStreamArgument,
  checkStreamOrZero,
} from "./writer-arguments.js";

// Writers for the frames that carry no stream content: each appends one
// complete frame (header and payload) to an OutputBuffer. Arguments are
// checked; a bad one is a RangeError (a bug in our code, not the peer's).

/** Any frame, as given: for extension frames (§5.5) and for tests that need frames the other writers refuse. */
export function writeFrame(out: OutputBuffer, type: number, flags: number, streamId: number, payload: Uint8Array): void {
  if (payload.length > MAX_MAX_FRAME_SIZE) throw new RangeError(`a frame payload is at most 2^24-1 bytes, got ${payload.length}`);
  if (!Number.isInteger(type) || type < 0 || type > 255) throw new RangeError(`frame type must be a byte, got ${type}`);
  if (!Number.isInteger(flags) || flags < 0 || flags > 255) throw new RangeError(`frame flags must be a byte, got ${flags}`);
  checkStreamOrZero("frame", streamId);
  out.frameHeader(payload.length, type, flags, streamId);
  out.append(payload);
}

/** The 24 bytes a client sends before its first frame (§3.4); its SETTINGS frame must follow. */
export function writeClientPreface(out: OutputBuffer): void {
  out.append(CLIENT_PREFACE);
}

/** SETTINGS (§6.5) with the given settings, in a fixed order; an empty object makes an empty SETTINGS frame. */
export function writeSettings(out: OutputBuffer, settings: SettingsUpdate): void {
  const entries = settingEntries(settings);
  const length = entries.length * SETTING_ENTRY_SIZE;
  let p = out.frameHeader(length, FrameType.SETTINGS, 0, 0, length);
  const bytes = out.block;
  for (const [id, value] of entries) {
    bytes[p] = id >>> 8;
    bytes[p + 1] = id;
    writeUint32(bytes, p + 2, value);
    p += SETTING_ENTRY_SIZE;
  }
}

/** SETTINGS with ACK and no payload (§6.5.3). */
export function writeSettingsAck(out: OutputBuffer): void {
  out.frameHeader(0, FrameType.SETTINGS, Flag.ACK, 0);
}

/** PING (§6.7) with its 8 opaque bytes; an ACK echoes the bytes of the PING it answers. */
export function writePing(out: OutputBuffer, data: Uint8Array, ack: boolean): void {
  if (data.length !== 8) throw new RangeError(`PING data must be 8 bytes (RFC 9113 §6.7), got ${data.length}`);
  const at = out.frameHeader(8, FrameType.PING, ack ? Flag.ACK : 0, 0, 8);
  out.block.set(data, at);
}

/** RST_STREAM (§6.4): ends `streamId` at once with `errorCode`. */
export function writeRstStream(out: OutputBuffer, streamId: number, errorCode: number): void {
  checkStreamArgument("RST_STREAM", streamId);
  checkErrorCode(errorCode);
  const at = out.frameHeader(4, FrameType.RST_STREAM, 0, streamId, 4);
  writeUint32(out.block, at, errorCode);
}

/**
 * GOAWAY (§6.8): the highest stream the sender has processed or may yet
 * process, the error code, and optional debug data (bytes for a person to
 * read, e.g. the reason of an Http2Error as UTF-8).
 */
export function writeGoaway(out: OutputBuffer, lastStreamId: number, errorCode: number, debugData: Uint8Array = new Uint8Array(0)): void {
  checkStreamOrZero("GOAWAY last", lastStreamId);
  checkErrorCode(errorCode);
  if (debugData.length > MAX_MAX_FRAME_SIZE - 8) throw new RangeError(`GOAWAY debug data too long: ${debugData.length} bytes`);
  const at = out.frameHeader(8 + debugData.length, FrameType.GOAWAY, 0, 0, 8);
  writeUint32(out.block, at, lastStreamId);
  writeUint32(out.block, at + 4, errorCode);
  out.append(debugData);
}

/** WINDOW_UPDATE (§6.9): `increment` more bytes for `streamId`'s window, or the connection's with stream 0. */
export function writeWindowUpdate(out: OutputBuffer, streamId: number, increment: number): void {
  checkStreamOrZero("WINDOW_UPDATE", streamId);
  checkIncrement(increment);
  const at = out.frameHeader(4, FrameType.WINDOW_UPDATE, 0, streamId, 4);
  writeUint32(out.block, at, increment);
}

/** PRIORITY (§6.3). We never send it (RFC 9113 deprecates it); it exists for tests. */
export function writePriority(out: OutputBuffer, streamId: number, priority: Priority): void {
  checkStreamArgument("PRIORITY", streamId);
  checkPriorityArgument(streamId, priority);
  const at = out.frameHeader(PRIORITY_FIELDS_SIZE, FrameType.PRIORITY, 0, streamId, PRIORITY_FIELDS_SIZE);
  writePriorityFields(out.block, at, priority);
}
