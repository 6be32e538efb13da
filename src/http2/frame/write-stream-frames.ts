import { Flag } from "./flags.js";
import { DEFAULT_MAX_FRAME_SIZE, writeUint32 } from "./frame-header.js";
import { FrameType } from "./frame-type.js";
import type { OutputBuffer } from "./output-buffer.js";
import { PRIORITY_FIELDS_SIZE, type Priority, writePriorityFields } from "./priority.js";
import {
  checkMaxFrameSizeArgument,
  checkPadLength,
  checkPriorityArgument,
  checkStreamArgument,
} from "./writer-arguments.js";

// Writers for DATA and for field blocks, which are cut to fit the peer's
// SETTINGS_MAX_FRAME_SIZE (§4.2). `maxFrameSize` is the peer's value.
// `padLength` (optional, 0-255) sets PADDED with that many padding bytes;
// we send no padding ourselves, tests use it to check the parser.

/**
 * DATA (§6.1): `data` in as many frames as maxFrameSize requires, END_STREAM
 * on the last one only. Empty data makes one empty frame (to carry
 * END_STREAM). Flow control is the caller's business: it passes only what
 * the windows allow. With padding, every frame is padded the same way.
 */
export function writeData(
  out: OutputBuffer,
  streamId: number,
  data: Uint8Array,
  endStream: boolean,
  maxFrameSize: number = DEFAULT_MAX_FRAME_SIZE,
  padLength?: number,
): void {
  checkStreamArgument("DATA", streamId);
  checkMaxFrameSizeArgument(maxFrameSize);
  checkPadLength(padLength);
  const padded = padLength !== undefined;
  const overhead = padded ? 1 + padLength : 0;
  const room = maxFrameSize - overhead;
  let offset = 0;
  do {
    const size = Math.min(room, data.length - offset);
    const last = offset + size === data.length;
    const flags = (last && endStream ? Flag.END_STREAM : 0) | (padded ? Flag.PADDED : 0);
    const at = out.frameHeader(size + overhead, FrameType.DATA, flags, streamId, padded ? 1 : 0);
    if (padded) out.block[at] = padLength;
    out.append(size === data.length ? data : data.subarray(offset, offset + size));
    if (padded) out.appendZeros(padLength);
    offset += size;
  } while (offset < data.length);
}

export interface HeadersFrameOptions {
  /** Sets the PRIORITY flag with these fields (§6.2). We never send it; for tests. */
  priority?: Priority | undefined;
  /** Pads the HEADERS frame (CONTINUATION frames have no padding). */
  padLength?: number | undefined;
}

/**
 * HEADERS (§6.2) with an HPACK-encoded field block, followed by as many
 * CONTINUATION frames (§6.10) as needed when the block does not fit in one
 * frame; END_HEADERS is on the last of them. The frames are written back to
 * back, as §4.3 requires.
 */
export function writeHeaders(
  out: OutputBuffer,
  streamId: number,
  block: Uint8Array,
  endStream: boolean,
  maxFrameSize: number = DEFAULT_MAX_FRAME_SIZE,
  options: HeadersFrameOptions = {},
): void {
  checkStreamArgument("HEADERS", streamId);
  checkMaxFrameSizeArgument(maxFrameSize);
  const { priority, padLength } = options;
  checkPadLength(padLength);
  if (priority !== undefined) checkPriorityArgument(streamId, priority);
  const padded = padLength !== undefined;
  const fixed = (padded ? 1 : 0) + (priority !== undefined ? PRIORITY_FIELDS_SIZE : 0);
  const padding = padLength ?? 0;
  const size = Math.min(block.length, maxFrameSize - fixed - padding);
  let flags = endStream ? Flag.END_STREAM : 0;
  if (size === block.length) flags |= Flag.END_HEADERS;
  if (padded) flags |= Flag.PADDED;
  if (priority !== undefined) flags |= Flag.PRIORITY;
  let p = out.frameHeader(fixed + size + padding, FrameType.HEADERS, flags, streamId, fixed);
  if (padded) out.block[p++] = padding;
  if (priority !== undefined) writePriorityFields(out.block, p, priority);
  finishFieldBlock(out, streamId, block, size, padding, maxFrameSize);
}

/**
 * PUSH_PROMISE (§6.6), then CONTINUATION frames as needed. We never push
 * (gRPC does not use server push); the writer exists for tests.
 */
export function writePushPromise(
  out: OutputBuffer,
  streamId: number,
  promisedStreamId: number,
  block: Uint8Array,
  maxFrameSize: number = DEFAULT_MAX_FRAME_SIZE,
  padLength?: number,
): void {
  checkStreamArgument("PUSH_PROMISE", streamId);
  checkStreamArgument("promised", promisedStreamId);
  checkMaxFrameSizeArgument(maxFrameSize);
  checkPadLength(padLength);
  const padded = padLength !== undefined;
  const fixed = (padded ? 1 : 0) + 4;
  const padding = padLength ?? 0;
  const size = Math.min(block.length, maxFrameSize - fixed - padding);
  const flags = (size === block.length ? Flag.END_HEADERS : 0) | (padded ? Flag.PADDED : 0);
  let p = out.frameHeader(fixed + size + padding, FrameType.PUSH_PROMISE, flags, streamId, fixed);
  if (padded) out.block[p++] = padding;
  writeUint32(out.block, p, promisedStreamId);
  finishFieldBlock(out, streamId, block, size, padding, maxFrameSize);
}

/** The opening frame's fragment and padding, then the rest of the block in CONTINUATION frames. */
function finishFieldBlock(out: OutputBuffer, streamId: number, block: Uint8Array, firstSize: number, padding: number, maxFrameSize: number): void {
  out.append(firstSize === block.length ? block : block.subarray(0, firstSize));
  if (padding > 0) out.appendZeros(padding);
  let offset = firstSize;
  while (offset < block.length) {
    const size = Math.min(maxFrameSize, block.length - offset);
    const flags = offset + size === block.length ? Flag.END_HEADERS : 0;
    out.frameHeader(size, FrameType.CONTINUATION, flags, streamId);
    out.append(block.subarray(offset, offset + size));
    offset += size;
  }
}
