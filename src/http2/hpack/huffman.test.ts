import { describe, expect, it } from "vitest";
import { ByteSink } from "./byte-sink.js";
import { HpackError } from "./hpack-error.js";
import { huffmanDecode, huffmanLength, writeHuffman } from "./huffman.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function encode(s: string): Uint8Array {
  const sink = new ByteSink(1);
  writeHuffman(sink, s, huffmanLength(s));
  return sink.buf.slice(0, sink.pos);
}

const decode = (b: Uint8Array): string => huffmanDecode(b, 0, b.length);

/** A string of every char U+0000..U+00FF, in a scrambled order. */
function allOctets(seed: number): string {
  let s = "";
  for (let i = 0; i < 256; i++) s += String.fromCharCode((i * 167 + seed) & 0xff);
  return s;
}

describe("Huffman coding (RFC 7541 §5.2, Appendix B)", () => {
  // The Huffman-coded strings of RFC 7541 Appendix C.4 and C.6.
  const rfc: [string, string][] = [
    ["www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff"],
    ["no-cache", "a8eb 1064 9cbf"],
    ["custom-key", "25a8 49e9 5ba9 7d7f"],
    ["custom-value", "25a8 49e9 5bb8 e8b4 bf"],
    ["302", "6402"],
    ["307", "640e ff"],
    ["private", "aec3 771a 4b"],
    ["Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"],
    ["Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff"],
    ["https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"],
    ["gzip", "9bd9 ab"],
    [
      "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
      "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07",
    ],
    ["", ""],
  ];

  it.each(rfc)("%j <-> %s", (text, coded) => {
    expect(toHex(encode(text))).toBe(toHex(hex(coded)));
    expect(huffmanLength(text)).toBe(hex(coded).length);
    expect(decode(hex(coded))).toBe(text);
  });

  it("round-trips every octet, alone and in long strings", () => {
    for (let c = 0; c < 256; c++) {
      const s = String.fromCharCode(c);
      expect(decode(encode(s))).toBe(s);
    }
    for (let seed = 0; seed < 8; seed++) {
      const s = allOctets(seed).repeat(seed + 1);
      expect(decode(encode(s))).toBe(s);
    }
    const long = allOctets(3).repeat(256);
    expect(decode(encode(long))).toBe(long);
  });

  it("decodes within a larger buffer, reading only [start, end)", () => {
    const coded = hex("ff f1e3 c2e5 f23a 6ba0 ab90 f4ff 00");
    expect(huffmanDecode(coded, 1, coded.length - 1)).toBe("www.example.com");
  });

  // 'a' is 00011 (5 bits); "3" is 011001 (6 bits).
  const bad: [string, string, string, number][] = [
    ["padding of 8 1s", "1f ff", "Huffman padding longer than 7 bits or not all 1s", 1],
    ["a whole octet of 1s alone", "ff", "Huffman padding longer than 7 bits or not all 1s", 0],
    ["padding with a 0 bit", "18", "Huffman padding longer than 7 bits or not all 1s", 0],
    ["padding that is a code's start but not 1s", "fe", "Huffman padding longer than 7 bits or not all 1s", 0],
    ["a cut-off code", "64 0e", "Huffman padding longer than 7 bits or not all 1s", 1],
    ["EOS (30 1s) as the data", "ff ff ff ff", "EOS symbol inside a Huffman-coded string", 3],
    ["EOS after a symbol", "1f ff ff ff ff", "EOS symbol inside a Huffman-coded string", 4],
    ["EOS before more data", "ff ff ff fc 1f", "EOS symbol inside a Huffman-coded string", 3],
  ];

  it.each(bad)("rejects %s", (_, coded, reason, offset) => {
    const bytes = hex(coded);
    let caught: unknown;
    try {
      decode(bytes);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HpackError);
    expect((caught as HpackError).reason).toBe(reason);
    expect((caught as HpackError).offset).toBe(offset);
  });

  it("refuses chars that are not octets, naming the first", () => {
    expect(() => huffmanLength("caf\u00e9 \u20ac")).toThrow(/U\+20ac at index 5/);
  });
});
