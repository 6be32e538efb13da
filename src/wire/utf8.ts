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

/** Below this many bytes a JS check for ASCII beats a call into native validation. */
const SHORT_STRING = 32;

/**
 * Decodes `bytes[start, end)`. Returns `undefined` if the bytes are not valid
 * UTF-8 (the caller turns that into a DecodeError with the right offset).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start <= SHORT_STRING) {
    let bits = 0;
    for (let i = start; i < end; i++) bits |= bytes[i]!;
    if (bits < 0x80) return asciiToString(bytes, start, end);
  }
  if (!isValidUtf8(bytes.subarray(start, end))) return undefined;
  return utf8Slice(bytes, start, end);
}

const fromCharCode = String.fromCharCode;

/**
 * ASCII bytes to a string. Short strings are the common case in messages,
 * and one `String.fromCharCode` call with every byte as an argument builds
 * them several times faster than a native call or `+=` in a loop.
 */
function asciiToString(b: Uint8Array, s: number, e: number): string {
  switch (e - s) {
    case 0: return "";
    case 1: return fromCharCode(b[s]!);
    case 2: return fromCharCode(b[s]!, b[s + 1]!);
    case 3: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    case 8: return fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
    default:
      if (e - s <= 16) {
        // Two calls of up to 8 bytes each.
        const mid = s + 8;
        return asciiToString(b, s, mid) + asciiToString(b, mid, e);
      }
      return asciiSlice(b, s, e);
  }
}

/** Decodes with U+FFFD for invalid sequences (for proto2 strings, which protoc does not validate). */
export function decodeUtf8Lossy(bytes: Uint8Array, start: number, end: number): string {
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
