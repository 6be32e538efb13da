// How header octets become JavaScript strings and back.
//
// HTTP/2 field names and values are octets (RFC 9113 §8.2.1), not text.
// Here each octet is the char of the same code, U+0000..U+00FF (latin1, as
// node's http2 does), so decoding never fails or loses anything, a string's
// length is its octet count (what the table sizes of §4.1 count), and
// encoding is the reverse. A char above U+00FF has no octet: the encoder
// refuses it with a RangeError instead of silently changing it.
import { asciiSlice } from "../../wire/native-strings.js";
import type { ByteSink } from "./byte-sink.js";

/** Octets `[start, end)` as a string, one char per octet. */
export function latin1String(src: Uint8Array, start: number, end: number): string {
  // Node's latin1Slice maps each octet to the char of the same code.
  return asciiSlice(src, start, end);
}

/** The error for a char that has no octet. */
export function codeUnitError(s: string, i: number): RangeError {
  const hex = s.charCodeAt(i).toString(16).padStart(4, "0");
  return new RangeError(`header text has U+${hex} at index ${i}; only U+0000..U+00FF map to octets`);
}

/** Appends `s` one octet per char; throws RangeError for a char above U+00FF. */
export function writeLatin1(sink: ByteSink, s: string): void {
  sink.ensure(s.length);
  const buf = sink.buf;
  let pos = sink.pos;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw codeUnitError(s, i);
    buf[pos++] = c;
  }
  sink.pos = pos;
}
