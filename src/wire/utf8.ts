/**
 * UTF-8 for strings on the wire.
 *
 * Protobuf strings are UTF-8. Most strings in real messages are short and
 * ASCII, so both directions first try a plain byte loop; anything else goes
 * through a strict decoder (invalid UTF-8 is an error, never U+FFFD) or a
 * hand-rolled encoder that mirrors TextEncoder (lone surrogates become U+FFFD).
 */

import { asciiSlice, isValidUtf8, utf8Slice } from "./native-strings.js";

const encoder = new TextEncoder();

/**
 * Decodes `bytes[start, end)`. Returns `undefined` if the bytes are not valid
 * UTF-8 (the caller turns that into a DecodeError with the right offset).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  // Most strings in messages are short and ASCII: build them in JS, which
  // beats a call into native code for anything this short. (This function
  // stays tiny so that it is inlined into the Reader.)
  const n = end - start;
  if (n <= 16) {
    const s = shortAscii(bytes, start, n);
    if (s !== undefined) return s;
  }
  return decodeLonger(bytes, start, end);
}

function decodeLonger(bytes: Uint8Array, start: number, end: number): string | undefined {
  const n = end - start;
  if (n > 16 && n <= 32) {
    const s = longerAscii(bytes, start, n);
    if (s !== undefined) return s;
  } else if (n > 32 && n < MID_ASCII_END && isAscii(bytes, start, end)) {
    // ASCII is valid UTF-8 and needs no decoding: one native call, not two.
    // (Not at 16 bytes or fewer: those get here only when shortAscii found a non-ASCII byte.)
    return asciiSlice(bytes, start, end);
  }
  if (!isValidUtf8(bytes.subarray(start, end))) return undefined;
  return utf8Slice(bytes, start, end);
}

/**
 * Strings of 33 bytes up to this (exclusive) are checked for ASCII in JS and
 * then made by one native call (~130 ns faster than checking and decoding
 * natively); for longer ones the JS check costs more than it saves.
 */
const MID_ASCII_END = 128;

/** True when every byte in `[start, end)` is below 0x80. */
function isAscii(b: Uint8Array, start: number, end: number): boolean {
  let seen = 0;
  for (let i = start; i < end; i++) seen |= b[i]!;
  return seen < 0x80;
}

const fromCharCode = String.fromCharCode;

/** The longest string `shortAscii` builds. */
export const SHORT_ASCII_MAX = 16;

/**
 * `n` (at most 16) bytes as a string if they are all ASCII, else undefined.
 * Unrolled by length: each byte is loaded once into a local, one OR checks
 * them all, and one `String.fromCharCode` call with every byte as an
 * argument builds the string (V8 has no faster way to make a short string
 * from bytes; a loop or `+=` is several times slower).
 */
export function shortAscii(b: Uint8Array, s: number, n: number): string | undefined {
  switch (n) {
    case 0:
      return "";
    case 1: {
      const c0 = b[s];
      return c0 < 0x80 ? fromCharCode(c0) : undefined;
    }
    case 2: {
      const c0 = b[s], c1 = b[s + 1];
      return (c0 | c1) < 0x80 ? fromCharCode(c0, c1) : undefined;
    }
    case 3: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2];
      return (c0 | c1 | c2) < 0x80 ? fromCharCode(c0, c1, c2) : undefined;
    }
    case 4: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3];
      return (c0 | c1 | c2 | c3) < 0x80 ? fromCharCode(c0, c1, c2, c3) : undefined;
    }
    case 5: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4];
      return (c0 | c1 | c2 | c3 | c4) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4) : undefined;
    }
    case 6: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5];
      return (c0 | c1 | c2 | c3 | c4 | c5) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5) : undefined;
    }
    case 7: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6) : undefined;
    }
    case 8: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7) : undefined;
    }
    case 9: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8) : undefined;
    }
    case 10: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8], c9 = b[s + 9];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9) : undefined;
    }
    case 11: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8], c9 = b[s + 9], c10 = b[s + 10];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10) : undefined;
    }
    case 12: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8], c9 = b[s + 9], c10 = b[s + 10], c11 = b[s + 11];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11) : undefined;
    }
    case 13: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8], c9 = b[s + 9], c10 = b[s + 10], c11 = b[s + 11], c12 = b[s + 12];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12) : undefined;
    }
    case 14: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8], c9 = b[s + 9], c10 = b[s + 10], c11 = b[s + 11], c12 = b[s + 12], c13 = b[s + 13];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13) : undefined;
    }
    case 15: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8], c9 = b[s + 9], c10 = b[s + 10], c11 = b[s + 11], c12 = b[s + 12], c13 = b[s + 13], c14 = b[s + 14];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14) : undefined;
    }
    case 16: {
      const c0 = b[s], c1 = b[s + 1], c2 = b[s + 2], c3 = b[s + 3], c4 = b[s + 4], c5 = b[s + 5], c6 = b[s + 6], c7 = b[s + 7], c8 = b[s + 8], c9 = b[s + 9], c10 = b[s + 10], c11 = b[s + 11], c12 = b[s + 12], c13 = b[s + 13], c14 = b[s + 14], c15 = b[s + 15];
      return (c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7 | c8 | c9 | c10 | c11 | c12 | c13 | c14 | c15) < 0x80 ? fromCharCode(c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15) : undefined;
    }
  }
  return undefined;
}

/** 17 to 32 bytes: two halves, when all ASCII. */
function longerAscii(b: Uint8Array, s: number, n: number): string | undefined {
  const head = shortAscii(b, s, 16);
  if (head === undefined) return undefined;
  const tail = shortAscii(b, s + 16, n - 16);
  return tail === undefined ? undefined : head + tail;
}

/** Decodes with U+FFFD for invalid sequences (for proto2 strings, which protoc does not validate). */
export function decodeUtf8Lossy(bytes: Uint8Array, start: number, end: number): string {
  const n = end - start;
  if (n <= 32) {
    const s = n <= 16 ? shortAscii(bytes, start, n) : longerAscii(bytes, start, n);
    if (s !== undefined) return s;
  }
  return utf8Slice(bytes, start, end);
}

/** The number of bytes `s` takes in UTF-8 (lone surrogates count as U+FFFD: 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0;
  const len = s.length;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/**
 * Writes `s` as UTF-8 into `buf` at `pos`; the caller has made room for
 * `utf8Length(s)` bytes. Returns the new position.
 */
export function writeUtf8(s: string, buf: Uint8Array, pos: number): number {
  const len = s.length;
  if (len > 64) return pos + encoder.encodeInto(s, buf.subarray(pos)).written;
  let i = 0;
  // ASCII first: one compare and one store per character.
  for (; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) break;
    buf[pos++] = c;
  }
  for (; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
          buf[pos++] = 0xf0 | (c >> 18);
          buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
          buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
          buf[pos++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd; // a lone surrogate cannot be encoded; TextEncoder does the same
      }
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}
