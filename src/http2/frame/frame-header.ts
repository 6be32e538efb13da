/**
 * The 9-byte header every frame starts with (RFC 9113 §4.1):
 * Length (24 bits), Type (8), Flags (8), Reserved (1 bit), Stream Identifier (31).
 */
export const FRAME_HEADER_SIZE = 9;

/** SETTINGS_MAX_FRAME_SIZE before any SETTINGS says otherwise, and its lowest allowed value (§4.2, §6.5.2). */
export const DEFAULT_MAX_FRAME_SIZE = 16_384;
export const MIN_MAX_FRAME_SIZE = 16_384;
/** The largest payload a 24-bit length can announce, 2^24-1, and the highest allowed SETTINGS_MAX_FRAME_SIZE. */
export const MAX_MAX_FRAME_SIZE = 16_777_215;

/** The largest stream identifier: 31 bits (§5.1.1). Also the largest window increment (§6.9). */
export const MAX_STREAM_ID = 0x7fff_ffff;

/**
 * A plain Uint8Array over bytes `start` to `end` of `bytes`, without
 * copying. Made directly rather than with subarray(): on a Buffer (what
 * sockets deliver) subarray goes through Buffer's subclass and costs
 * several times more, and the parser makes one view per frame.
 */
export function view(bytes: Uint8Array, start: number, end: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + start, end - start);
}

/** Reads the 31-bit value after a reserved bit, ignoring the bit as receivers must (§4.1, §6.9). */
export function readUint31(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! & 0x7f) << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
}

/** Reads a 32-bit unsigned big-endian value (error codes, settings values). */
export function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0;
}

/** Writes a 32-bit big-endian value at `at`. */
export function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = value >>> 24;
  bytes[at + 1] = value >>> 16;
  bytes[at + 2] = value >>> 8;
  bytes[at + 3] = value;
}

/** Writes a frame header at `at`; the reserved bit is sent as 0 (§4.1). */
export function writeFrameHeader(
  bytes: Uint8Array,
  at: number,
  length: number,
  type: number,
  flags: number,
  streamId: number,
): void {
  bytes[at] = length >>> 16;
  bytes[at + 1] = length >>> 8;
  bytes[at + 2] = length;
  bytes[at + 3] = type;
  bytes[at + 4] = flags;
  writeUint32(bytes, at + 5, streamId & MAX_STREAM_ID);
}
