import { Buffer, isUtf8 } from "node:buffer";

/**
 * Node's own string <-> bytes routines, used on the hot path because they
 * beat any JS loop for all but the shortest strings. They are methods of
 * Buffer.prototype that work on any Uint8Array; @types/node does not list
 * them, so they are typed here.
 */
interface NativeBufferMethods {
  latin1Slice(this: Uint8Array, start: number, end: number): string;
  utf8Slice(this: Uint8Array, start: number, end: number): string;
  utf8Write(this: Uint8Array, s: string, offset: number, length: number): number;
}

const proto = Buffer.prototype as unknown as NativeBufferMethods;

/** Bytes `[start, end)` as a string, one char per byte: only for bytes known to be ASCII. */
export function asciiSlice(buf: Uint8Array, start: number, end: number): string {
  return proto.latin1Slice.call(buf, start, end);
}

/** Bytes `[start, end)` decoded as UTF-8 (invalid sequences become U+FFFD). */
export function utf8Slice(buf: Uint8Array, start: number, end: number): string {
  return proto.utf8Slice.call(buf, start, end);
}

/** Writes `s` as UTF-8 at `offset`; the caller made room for `Buffer.byteLength(s)` bytes. */
export function utf8Write(buf: Uint8Array, s: string, offset: number, length: number): number {
  return proto.utf8Write.call(buf, s, offset, length);
}

/** True when the bytes are valid UTF-8 (native, SIMD-accelerated). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  return isUtf8(bytes);
}

/** UTF-8 length of a string, computed natively. */
export function utf8ByteLength(s: string): number {
  return Buffer.byteLength(s, "utf8");
}
