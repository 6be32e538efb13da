/**
 * The `grpc-message` trailer (PROTOCOL-HTTP2.md, "Status-Message"): UTF-8,
 * then percent-encoded. Bytes 0x20-0x7E except "%" go as they are; every
 * other byte becomes "%XX" with upper-case hex.
 */

const HEX = "0123456789ABCDEF";

function isUnreserved(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e && byte !== 0x25;
}

/** Percent-encodes a status message for the `grpc-message` trailer. */
export function encodeGrpcMessage(message: string): string {
  // Fast path: plain printable ASCII needs no work (the common case).
  let plain = true;
  for (let i = 0; i < message.length; i++) {
    if (!isUnreserved(message.charCodeAt(i))) {
      plain = false;
      break;
    }
  }
  if (plain) return message;
  const bytes = Buffer.from(message, "utf8");
  let out = "";
  for (const byte of bytes) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  return -1;
}

const NEEDS_DECODING = /[%\x80-\uffff]/;

/**
 * Decodes a `grpc-message` value. Never throws: the spec says a broken value
 * must not fail the call, so a "%" not followed by two hex digits is kept as
 * it is, and invalid UTF-8 becomes U+FFFD.
 */
export function decodeGrpcMessage(value: string): string {
  if (!NEEDS_DECODING.test(value)) return value;
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x25 && i + 2 < value.length) {
      const hi = hexValue(value.charCodeAt(i + 1));
      const lo = hexValue(value.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    if (c <= 0xff) {
      // node:http2 hands header bytes over as latin1 characters, one per byte.
      bytes.push(c);
    } else {
      for (const b of Buffer.from(String.fromCharCode(c), "utf8")) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString("utf8");
}
