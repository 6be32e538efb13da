import { describe, expect, it } from "vitest";
import { EOS, HUFFMAN_CODES, HUFFMAN_LENGTHS, HUFFMAN_SYMBOLS } from "./huffman-code.js";

describe("the Huffman code table (RFC 7541 Appendix B)", () => {
  it("has a code for every octet and for EOS", () => {
    expect(HUFFMAN_CODES.length).toBe(HUFFMAN_SYMBOLS);
    expect(HUFFMAN_LENGTHS.length).toBe(HUFFMAN_SYMBOLS);
    for (let s = 0; s < HUFFMAN_SYMBOLS; s++) {
      expect(HUFFMAN_LENGTHS[s]).toBeGreaterThanOrEqual(5);
      expect(HUFFMAN_LENGTHS[s]).toBeLessThanOrEqual(30);
      expect(HUFFMAN_CODES[s]! < 2 ** HUFFMAN_LENGTHS[s]!).toBe(true);
    }
  });

  it("is canonical: sorted by (length, symbol), each code is the previous plus one", () => {
    const order = [...Array(HUFFMAN_SYMBOLS).keys()].sort(
      (a, b) => HUFFMAN_LENGTHS[a]! - HUFFMAN_LENGTHS[b]! || a - b,
    );
    let code = 0;
    let len = HUFFMAN_LENGTHS[order[0]!]!;
    for (const [i, sym] of order.entries()) {
      const symLen = HUFFMAN_LENGTHS[sym]!;
      if (i > 0) code = (code + 1) * 2 ** (symLen - len);
      len = symLen;
      expect([sym, HUFFMAN_CODES[sym]]).toEqual([sym, code]);
    }
  });

  it("fills the code space exactly (Kraft sum 1), so every bit string decodes", () => {
    let sum = 0;
    for (let s = 0; s < HUFFMAN_SYMBOLS; s++) sum += 2 ** (30 - HUFFMAN_LENGTHS[s]!);
    expect(sum).toBe(2 ** 30);
  });

  // A few rows read off the RFC, as a check on the table's alignment.
  const rows: [number, number, number][] = [
    [0, 0x1ff8, 13],
    [0x20, 0x14, 6],
    [0x30, 0x0, 5],
    [0x61, 0x3, 5],
    [0x7f, 0xffffffc, 28],
    [0xff, 0x3ffffee, 26],
    [EOS, 0x3fffffff, 30],
  ];
  it.each(rows)("symbol %i is %s on %i bits", (sym, code, len) => {
    expect([HUFFMAN_CODES[sym], HUFFMAN_LENGTHS[sym]]).toEqual([code, len]);
  });
});
