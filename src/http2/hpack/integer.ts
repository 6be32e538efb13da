// Integer representation, RFC 7541 §5.1: a value in the low N bits of a
// first octet ("the prefix"), or, if it does not fit, all N bits set and the
// rest in 7-bit groups, least significant first, high bit = "more follows".
import type { ByteSink } from "./byte-sink.js";
import { HpackError } from "./hpack-error.js";

/**
 * The largest integer a decoder accepts. Every HPACK integer is an index, a
 * string length or a table size, all far below this; anything larger is an
 * attack or garbage, and refusing it keeps arithmetic exact.
 */
export const MAX_INTEGER = 0xffff_ffff;

/** Enough 7-bit groups for MAX_INTEGER; more is an overlong encoding. */
const MAX_CONTINUATION_OCTETS = 5;

/** A read position that integer and string readers move forward. */
export interface ReadPosition {
  pos: number;
}

/**
 * Reads an integer whose first octet is `src[at.pos]`, using its low
 * `prefixBits` bits (1..8); the bits above belong to the caller. Moves
 * `at.pos` past the integer. Throws HpackError if the integer runs past
 * `end` or is larger than MAX_INTEGER.
 */
export function readInteger(
  src: Uint8Array,
  at: ReadPosition,
  end: number,
  prefixBits: number,
): number {
  const start = at.pos;
  if (start >= end) throw new HpackError("truncated integer", start);
  const mask = (1 << prefixBits) - 1;
  let value = src[start]! & mask;
  let pos = start + 1;
  if (value < mask) {
    at.pos = pos;
    return value;
  }
  let scale = 1;
  for (let groups = 0; ; groups++) {
    if (groups === MAX_CONTINUATION_OCTETS) {
      throw new HpackError("integer longer than 5 continuation octets", start);
    }
    if (pos >= end) throw new HpackError("truncated integer", start);
    const octet = src[pos++]!;
    // Multiplication, not shifts: the sum may pass 2^31 before it is checked.
    value += (octet & 0x7f) * scale;
    scale *= 128;
    if ((octet & 0x80) === 0) break;
  }
  if (value > MAX_INTEGER) throw new HpackError("integer larger than 2^32-1", start);
  at.pos = pos;
  return value;
}

/**
 * Writes `value` (0..MAX_INTEGER) with a `prefixBits`-bit prefix; `highBits`
 * are the representation's pattern bits that share the first octet.
 */
export function writeInteger(
  sink: ByteSink,
  value: number,
  prefixBits: number,
  highBits: number,
): void {
  const mask = (1 << prefixBits) - 1;
  sink.ensure(6);
  const buf = sink.buf;
  if (value < mask) {
    buf[sink.pos++] = highBits | value;
    return;
  }
  buf[sink.pos++] = highBits | mask;
  let rest = value - mask;
  while (rest >= 128) {
    buf[sink.pos++] = (rest % 128) | 0x80;
    rest = Math.floor(rest / 128);
  }
  buf[sink.pos++] = rest;
}
