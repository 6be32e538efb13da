import { describe, expect, it } from "vitest";
import { ByteSink } from "./byte-sink.js";
import { HpackError } from "./hpack-error.js";
import { MAX_INTEGER, readInteger, writeInteger } from "./integer.js";

function encode(value: number, prefixBits: number, highBits = 0): number[] {
  const sink = new ByteSink(1);
  writeInteger(sink, value, prefixBits, highBits);
  return [...sink.buf.subarray(0, sink.pos)];
}

function decode(bytes: number[], prefixBits: number): { value: number; pos: number } {
  const at = { pos: 0 };
  const value = readInteger(Uint8Array.from(bytes), at, bytes.length, prefixBits);
  return { value, pos: at.pos };
}

describe("integer representation (RFC 7541 §5.1)", () => {
  // RFC 7541 Appendix C.1, plus the edges of each prefix.
  const cases: [string, number, number, number[]][] = [
    ["C.1.1: 10 on a 5-bit prefix", 10, 5, [0x0a]],
    ["C.1.2: 1337 on a 5-bit prefix", 1337, 5, [0x1f, 0x9a, 0x0a]],
    ["C.1.3: 42 on an 8-bit prefix", 42, 8, [0x2a]],
    ["2^N-2 fits the prefix", 30, 5, [0x1e]],
    ["2^N-1 needs one more octet", 31, 5, [0x1f, 0x00]],
    ["2^N-1+127 still one more octet", 158, 5, [0x1f, 0x7f]],
    ["2^N-1+128 needs two", 159, 5, [0x1f, 0x80, 0x01]],
    ["1-bit prefix", 1, 1, [0x01, 0x00]],
    ["largest accepted value, 7-bit prefix", MAX_INTEGER, 7, [0x7f, 0x80, 0xff, 0xff, 0xff, 0x0f]],
  ];

  it.each(cases)("%s", (_, value, prefixBits, bytes) => {
    expect(encode(value, prefixBits)).toEqual(bytes);
    expect(decode(bytes, prefixBits)).toEqual({ value, pos: bytes.length });
  });

  it("keeps the pattern bits above the prefix and ignores them when reading", () => {
    expect(encode(1337, 5, 0xe0)).toEqual([0xff, 0x9a, 0x0a]);
    for (const first of [0xff, 0x9f, 0xbf]) {
      expect(decode([first, 0x9a, 0x0a], 5).value).toBe(1337);
    }
  });

  it("stops at the integer's end, leaving what follows", () => {
    expect(decode([0x1f, 0x9a, 0x0a, 0x02], 5)).toEqual({ value: 1337, pos: 3 });
  });

  it("round-trips values around every prefix boundary", () => {
    for (let n = 1; n <= 8; n++) {
      const edge = (1 << n) - 1;
      for (const v of [0, edge - 1, edge, edge + 1, edge + 127, edge + 128, 1 << 20, 2 ** 31, MAX_INTEGER]) {
        if (v < 0) continue;
        const bytes = encode(v, n);
        expect(decode(bytes, n)).toEqual({ value: v, pos: bytes.length });
      }
    }
  });

  const bad: [string, number[], number, string][] = [
    ["no octet at all", [], 5, "truncated integer"],
    ["prefix full, nothing follows", [0x1f], 5, "truncated integer"],
    ["continuation bit on the last octet", [0x1f, 0x9a], 5, "truncated integer"],
    ["2^32", [0x7f, 0x81, 0xff, 0xff, 0xff, 0x0f], 7, "integer larger than 2^32-1"],
    ["35 bits of value", [0x7f, 0xff, 0xff, 0xff, 0xff, 0x7f], 7, "integer larger than 2^32-1"],
    ["six continuation octets (overlong zeros)", [0x1f, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], 5,
      "integer longer than 5 continuation octets"],
    ["endless continuation", [0xff, ...new Array<number>(16).fill(0x80)], 1,
      "integer longer than 5 continuation octets"],
  ];

  it.each(bad)("rejects %s", (_, bytes, prefixBits, reason) => {
    const src = Uint8Array.from([0x00, ...bytes]);
    const at = { pos: 1 };
    let caught: unknown;
    try {
      readInteger(src, at, src.length, prefixBits);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(HpackError);
    expect((caught as HpackError).reason).toBe(reason);
    expect((caught as HpackError).offset).toBe(1);
    expect(at.pos).toBe(1);
  });
});
