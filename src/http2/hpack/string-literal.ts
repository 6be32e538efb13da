// String literals, RFC 7541 §5.2: one flag bit H (Huffman-coded or not),
// the length in octets as a 7-bit-prefix integer, then the octets.
import type { ByteSink } from "./byte-sink.js";
import { HpackError } from "./hpack-error.js";
import { huffmanDecode, huffmanLength, writeHuffman } from "./huffman.js";
import { type ReadPosition, readInteger, writeInteger } from "./integer.js";
import { latin1String, writeLatin1 } from "./latin1.js";

const HUFFMAN_FLAG = 0x80;

/**
 * Reads the string literal at `at.pos` and moves past it. The declared
 * length is checked against the octets left before `end` and against
 * `maxLength` (octets on the wire) before anything is decoded or allocated.
 */
export function readString(src: Uint8Array, at: ReadPosition, end: number, maxLength: number): string {
  const start = at.pos;
  const huffman = start < end && (src[start]! & HUFFMAN_FLAG) !== 0;
  const length = readInteger(src, at, end, 7);
  const from = at.pos;
  if (length > end - from) {
    throw new HpackError(`truncated string: ${length} octets declared, ${end - from} left`, start);
  }
  if (length > maxLength) {
    throw new HpackError(`string literal of ${length} octets exceeds the limit of ${maxLength}`, start);
  }
  at.pos = from + length;
  return huffman ? huffmanDecode(src, from, from + length) : latin1String(src, from, from + length);
}

/**
 * Appends `s` as a string literal. With `huffman`, it is Huffman-coded
 * unless that would be longer (on a tie it is coded, as in the RFC's
 * examples, Appendix C.6.2). Throws RangeError for a char above U+00FF.
 */
export function writeString(sink: ByteSink, s: string, huffman: boolean): void {
  if (huffman) {
    const coded = huffmanLength(s);
    if (coded <= s.length) {
      writeInteger(sink, coded, 7, HUFFMAN_FLAG);
      writeHuffman(sink, s, coded);
      return;
    }
  }
  writeInteger(sink, s.length, 7, 0);
  writeLatin1(sink, s);
}
