import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";

/**
 * The client connection preface (RFC 9113 §3.4): these 24 bytes, then a
 * SETTINGS frame. They were chosen so that an HTTP/1.1 server reading them
 * sees a method it does not know ("PRI") and fails early. The server's
 * preface is only a SETTINGS frame, which must be its first frame.
 */
export const CLIENT_PREFACE: Uint8Array = new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");

/**
 * Checks received bytes against the client preface as they arrive, so a
 * wrong byte is found as soon as it is read (an HTTP/1.1 request fails at
 * its first letter). `matched` counts the preface bytes already checked.
 * Returns how many bytes of `chunk` from `start` belong to the preface, or
 * -1 at the first byte that differs.
 */
export function matchClientPreface(chunk: Uint8Array, start: number, matched: number): number {
  const take = Math.min(CLIENT_PREFACE.length - matched, chunk.length - start);
  for (let i = 0; i < take; i++) {
    if (chunk[start + i] !== CLIENT_PREFACE[matched + i]) return -1;
  }
  return take;
}

/**
 * The error for bytes that are not the client preface (§3.4: PROTOCOL_ERROR).
 * Quotes what arrived, so "GET / HTTP/1.1" shows up as an HTTP/1.1 client.
 */
export function prefaceMismatch(chunk: Uint8Array, start: number): Http2Error {
  let text = "";
  for (const byte of chunk.subarray(start, start + 24)) {
    text += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, "0")}`;
  }
  return Http2Error.connection(
    ErrorCode.PROTOCOL_ERROR,
    `expected the client connection preface "PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n", received "${text}" (RFC 9113 §3.4)`,
  );
}
