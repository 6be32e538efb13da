import type { MessageCodec, MessageType, PartialMessage } from "../codec/message-type.js";
import { Code } from "../grpc/code.js";
import { decompressMessage, type Compression } from "../grpc/compression.js";
import { encodeEnvelope, ENVELOPE_HEADER_LENGTH, fillEnvelopeHeader } from "../grpc/envelope.js";
import { DecodeError } from "../wire/decode-error.js";
import { Writer } from "../wire/writer.js";
import { RpcError } from "./rpc-error.js";

/**
 * Between message values and Length-Prefixed-Messages, for both sides:
 * encode + limit + (compress) + frame on the way out, (decompress) + limit +
 * decode on the way in. Every failure is an RpcError with the code the
 * peer or the application should see.
 */

/** "request" on a server, "response" on a client: used in error messages. */
export type Direction = "request" | "response";

/** Encodes a message and checks the send limit. */
export function encodeMessage<T>(type: MessageType<T>, message: T, maxSize: number, what: Direction): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = type.encode(message as PartialMessage<T>); // a T is one; TypeScript cannot see it for a generic T
  } catch (e) {
    throw encodeFailed(type, what, e);
  }
  checkSendSize(bytes.byteLength, maxSize);
  return bytes;
}

function encodeFailed(type: MessageType<unknown>, what: Direction, e: unknown): RpcError {
  return new RpcError(Code.Internal, `failed to encode ${what} message ${type.typeName}: ${errorText(e)}`, { cause: e });
}

function checkSendSize(size: number, maxSize: number): void {
  if (size > maxSize) throw new RpcError(Code.ResourceExhausted, `trying to send message larger than max (${size} vs. ${maxSize})`);
}

/**
 * One framed message, ready for a single write; a Promise only when compressing.
 *
 * Copies of the message bytes on the way to the socket: generated and
 * dynamic codecs (which have `write`) encode straight after the 5-byte
 * prefix, into the Writer's shared block (no copy for messages that fit
 * it; a bigger one moves once to a buffer sized from the last big message,
 * and is copied out only if that guess was much too big); the frame goes to
 * node:http2 as it is, and node passes it to the socket without copying
 * (node serves DATA payloads to nghttp2 with NGHTTP2_DATA_FLAG_NO_COPY and
 * writes them from our buffer next to its own 9-byte frame header; TLS then
 * encrypts into its own records). A MessageType without `write`, or
 * compression, costs one more copy: the encoded (or compressed) bytes are
 * copied into a frame.
 */
export function frameMessage<T>(
  type: MessageType<T>,
  message: T,
  maxSize: number,
  compression: Compression | undefined,
  what: Direction,
): Buffer | Promise<Buffer> {
  if (compression === undefined && typeof (type as Partial<MessageCodec<T>>).write === "function") {
    return encodeFramed(type as MessageCodec<T>, message, maxSize, what);
  }
  const bytes = encodeMessage(type, message, maxSize, what);
  if (compression === undefined) return encodeEnvelope(bytes);
  return compression.compress(bytes).then(
    (packed) => encodeEnvelope(packed, true),
    (e: unknown) => {
      throw new RpcError(Code.Internal, `failed to compress ${what} message with ${compression.name}`, { cause: e });
    },
  );
}

/** Encodes a message right after room for its prefix, checks the send limit, frames it in place. */
function encodeFramed<T>(type: MessageCodec<T>, message: T, maxSize: number, what: Direction): Buffer {
  const w = new Writer();
  let frame: Uint8Array;
  try {
    w.skip(ENVELOPE_HEADER_LENGTH);
    type.write(message as PartialMessage<T>, w);
    frame = w.finish();
  } catch (e) {
    w.release(); // a message that fails to encode must not keep the shared buffer
    throw encodeFailed(type, what, e);
  }
  checkSendSize(frame.byteLength - ENVELOPE_HEADER_LENGTH, maxSize);
  return fillEnvelopeHeader(frame);
}

/**
 * Turns a received message into a value: decompressed (under the limit) if
 * its flag says so, then decoded. A Promise only for compressed messages.
 */
export function readMessage<T>(
  type: MessageType<T>,
  bytes: Uint8Array,
  compressed: boolean,
  compression: Compression | undefined,
  maxSize: number,
  what: Direction,
): T | Promise<T> {
  if (!compressed) return decodeMessage(type, bytes, what);
  if (compression === undefined) {
    // PROTOCOL-HTTP2.md: "If the Message-Encoding header is omitted then the Compressed-Flag must be 0."
    throw new RpcError(Code.Internal, `received a compressed ${what} message without a grpc-encoding`);
  }
  return decompressMessage(compression, bytes, maxSize).then((out) => {
    if (out instanceof Uint8Array) return decodeMessage(type, out, what);
    throw new RpcError(out.code, out.message);
  });
}

function decodeMessage<T>(type: MessageType<T>, bytes: Uint8Array, what: Direction): T {
  try {
    return type.decode(bytes);
  } catch (e) {
    throw new RpcError(Code.Internal, `failed to decode ${what} message ${type.typeName}: ${errorText(e)}`, { cause: e });
  }
}

function errorText(e: unknown): string {
  if (e instanceof DecodeError) return e.message;
  return e instanceof Error ? e.message : String(e);
}
