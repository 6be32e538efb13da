/**
 * UTF-8 for strings on the wire.
 *
 * Protobuf strings are UTF-8. Most strings in real messages are short and
 * ASCII, so both directions first try a plain byte loop; anything else goes
 * through a strict decoder (invalid UTF-8 is an error, never U+FFFD) or a
 * hand-rolled encoder that mirrors TextEncoder (lone surrogates become U+FFFD).
 */

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const encoder = new TextEncoder();

/** Below this many bytes a JS loop beats the call into TextDecoder. */
const SHORT_STRING = 32;

/**
 * Decodes `bytes[start, end)`. Returns `undefined` if the bytes are not valid
 * UTF-8 (the caller turns that into a DecodeError with the right offset).
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (end - start <= SHORT_STRING) {
    let s = "";
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      if (b >= 0x80) return decodeStrict(bytes, start, end);
      s += String.fromCharCode(b);
    }
    return s;
  }
  return decodeStrict(bytes, start, end);
}

function decodeStrict(bytes: Uint8Array, start: number, end: number): string | undefined {
  try {
    return strictDecoder.decode(bytes.subarray(start, end));
  } catch {
    return undefined;
  }
}

/** Decodes with U+FFFD for invalid sequences (for proto2 strings, which protoc does not validate). */
export function decodeUtf8Lossy(bytes: Uint8Array, start: number, end: number): string {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(start, end));
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
  for (let i = 0; i < len; i++) {
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
