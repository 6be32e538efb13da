/**
 * Length-Prefixed-Message framing (PROTOCOL-HTTP2.md, "Length-Prefixed-Message"):
 *
 *   +-----------------+-------------------------------+-------------------+
 *   | Compressed-Flag | Message-Length (uint32, BE)   | Message           |
 *   | 1 byte (0 or 1) | 4 bytes                       | Message-Length    |
 *   +-----------------+-------------------------------+-------------------+
 */

/** Bytes before the message: the flag and the length. */
export const ENVELOPE_HEADER_LENGTH = 5;

/** Compressed-Flag bit: the message is compressed with the call's grpc-encoding. */
export const FLAG_COMPRESSED = 0x01;

/** The largest length a 4-byte prefix can announce. */
export const MAX_ENVELOPE_LENGTH = 0xffff_ffff;

/**
 * Frames one message: a single Buffer holding the 5-byte prefix and the body,
 * so it goes out as one write.
 */
export function encodeEnvelope(body: Uint8Array, compressed = false): Buffer {
  const length = body.byteLength;
  if (length > MAX_ENVELOPE_LENGTH) throw new RangeError(`message of ${length} bytes cannot be framed`);
  const frame = Buffer.allocUnsafe(ENVELOPE_HEADER_LENGTH + length);
  frame.set(body, ENVELOPE_HEADER_LENGTH);
  return fillEnvelopeHeader(frame, compressed);
}

/**
 * Frames a message that was encoded right after 5 bytes left free for the
 * prefix (the RPC layer encodes that way, so the message is not copied into
 * a frame): fills the prefix in and returns the same memory as a Buffer.
 */
export function fillEnvelopeHeader(frame: Uint8Array, compressed = false): Buffer {
  const length = frame.byteLength - ENVELOPE_HEADER_LENGTH;
  if (length < 0 || length > MAX_ENVELOPE_LENGTH) throw new RangeError(`a frame of ${frame.byteLength} bytes cannot hold a message`);
  frame[0] = compressed ? FLAG_COMPRESSED : 0;
  frame[1] = length >>> 24;
  frame[2] = length >>> 16;
  frame[3] = length >>> 8;
  frame[4] = length;
  // A Buffer over the same memory: node:http2 would make one from a Uint8Array anyway.
  return Buffer.isBuffer(frame) ? frame : Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
}
