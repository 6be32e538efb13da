// Huffman coding of string literals, RFC 7541 §5.2 with the code of
// Appendix B.
//
// Decoding runs a small state machine, four bits at a time: the states are
// the inner nodes of the code tree (a node = the bits read since the last
// whole symbol), and a table built once from the code says, for each state
// and each 4-bit group, which state comes next and which symbol (at most
// one: no code is shorter than 5 bits) was completed on the way. Two table
// reads per input octet, so decoding is linear in the input whatever it is.
import type { ByteSink } from "./byte-sink.js";
import { HpackError } from "./hpack-error.js";
import { EOS, HUFFMAN_CODES, HUFFMAN_LENGTHS, HUFFMAN_SYMBOLS } from "./huffman-code.js";
import { codeUnitError, latin1String } from "./latin1.js";

/** 257 leaves make a full binary tree with 256 inner nodes. */
const INNER_NODES = HUFFMAN_SYMBOLS - 1;
const LEAF = 0x200;

/** Children of each inner node: `[2n]` for bit 0, `[2n + 1]` for bit 1; LEAF | symbol for leaves. */
function buildTree(): Int16Array {
  const children = new Int16Array(INNER_NODES * 2).fill(-1);
  let nodes = 1;
  for (let sym = 0; sym < HUFFMAN_SYMBOLS; sym++) {
    const code = HUFFMAN_CODES[sym]!;
    let node = 0;
    for (let bit = HUFFMAN_LENGTHS[sym]! - 1; bit >= 0; bit--) {
      const slot = node * 2 + ((code >>> bit) & 1);
      if (bit === 0) {
        if (children[slot] !== -1) throw new Error(`Huffman code of ${sym} collides`);
        children[slot] = LEAF | sym;
      } else {
        if (children[slot] === -1) children[slot] = nodes++;
        node = children[slot]!;
        if (node & LEAF) throw new Error(`Huffman code of ${sym} has another code as prefix`);
      }
    }
  }
  if (nodes !== INNER_NODES || children.includes(-1)) throw new Error("Huffman code is not complete");
  return children;
}

// A transition packs: next state (bits 0-7), emitted symbol (8-15), flags.
const EMITS = 1 << 16;
const HITS_EOS = 1 << 17;

/**
 * States where a string may end (§5.2): the bits since the last symbol are
 * fewer than 8 and all 1s (a prefix of EOS), or there are none.
 */
const endsCleanly = new Uint8Array(INNER_NODES);

function buildTransitions(children: Int16Array): Int32Array {
  // Walk down the all-1s path to mark the padding states.
  endsCleanly[0] = 1;
  for (let node = 0, depth = 1; depth <= 7; depth++) {
    node = children[node * 2 + 1]!;
    endsCleanly[node] = 1;
  }
  const table = new Int32Array(INNER_NODES * 16);
  for (let state = 0; state < INNER_NODES; state++) {
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = state;
      let out = 0;
      for (let bit = 3; bit >= 0; bit--) {
        const next = children[node * 2 + ((nibble >>> bit) & 1)]!;
        if ((next & LEAF) === 0) {
          node = next;
        } else if ((next & ~LEAF) === EOS) {
          out = HITS_EOS;
          break;
        } else {
          out = EMITS | ((next & 0xff) << 8);
          node = 0;
        }
      }
      table[state * 16 + nibble] = out | node;
    }
  }
  return table;
}

const TRANSITIONS = buildTransitions(buildTree());

/** Decoded octets land here before becoming a string; grown, never shrunk. */
let scratch = new Uint8Array(1024);

/**
 * Decodes the Huffman-coded octets `src[start, end)` into a string, one char
 * per octet (latin1, see latin1.ts). Throws HpackError on an EOS
 * symbol inside the data, or padding that is 8 bits or longer or not all 1s.
 */
export function huffmanDecode(src: Uint8Array, start: number, end: number): string {
  // The shortest code is 5 bits, so n octets hold at most 8n/5 symbols.
  const most = Math.floor(((end - start) * 8) / 5);
  if (scratch.length < most) scratch = new Uint8Array(Math.max(most, scratch.length * 2));
  const out = scratch;
  let n = 0;
  let state = 0;
  for (let i = start; i < end; i++) {
    const octet = src[i]!;
    let t = TRANSITIONS[(state << 4) | (octet >>> 4)]!;
    if (t & EMITS) out[n++] = t >>> 8;
    if (t & HITS_EOS) throw new HpackError("EOS symbol inside a Huffman-coded string", i);
    t = TRANSITIONS[((t & 0xff) << 4) | (octet & 0x0f)]!;
    if (t & EMITS) out[n++] = t >>> 8;
    if (t & HITS_EOS) throw new HpackError("EOS symbol inside a Huffman-coded string", i);
    state = t & 0xff;
  }
  if (!endsCleanly[state]) {
    throw new HpackError("Huffman padding longer than 7 bits or not all 1s", end - 1);
  }
  return latin1String(out, 0, n);
}

/**
 * Octets the Huffman coding of `s` takes, padding included. Throws a
 * RangeError for a char above U+00FF (it has no octet, see latin1.ts).
 */
export function huffmanLength(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff) throw codeUnitError(s, i);
    bits += HUFFMAN_LENGTHS[c]!;
  }
  return (bits + 7) >>> 3;
}

/**
 * Appends the Huffman coding of `s` (chars U+0000..U+00FF), padded with 1s
 * to a whole octet; `length` is huffmanLength(s), which also vetted the chars.
 */
export function writeHuffman(sink: ByteSink, s: string, length: number): void {
  sink.ensure(length);
  const buf = sink.buf;
  let pos = sink.pos;
  // `pending` holds the `bits` (< 8) not yet written, in its low bits.
  let pending = 0;
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let code = HUFFMAN_CODES[c]!;
    let len = HUFFMAN_LENGTHS[c]!;
    if (len > 24) {
      // Keep within 32 bits: write the code's top bits first.
      const high = len - 16;
      pending = (pending << high) | (code >>> 16);
      bits += high;
      while (bits >= 8) buf[pos++] = pending >>> (bits -= 8);
      pending &= (1 << bits) - 1;
      code &= 0xffff;
      len = 16;
    }
    pending = (pending << len) | code;
    bits += len;
    while (bits >= 8) buf[pos++] = pending >>> (bits -= 8);
    pending &= (1 << bits) - 1;
  }
  if (bits > 0) buf[pos++] = (pending << (8 - bits)) | (0xff >>> bits);
  sink.pos = pos;
}
