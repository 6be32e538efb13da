import { describe, expect, it } from "vitest";
import { ByteSink } from "./byte-sink.js";
import { HpackError } from "./hpack-error.js";
import { readString, writeString } from "./string-literal.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

function write(s: string, huffman: boolean): string {
  const sink = new ByteSink(1);
  writeString(sink, s, huffman);
  return toHex(sink.buf.subarray(0, sink.pos));
}

function read(bytes: Uint8Array, maxLength = 1 << 20): { value: string; pos: number } {
  const at = { pos: 0 };
  const value = readString(bytes, at, bytes.length, maxLength);
  return { value, pos: at.pos };
}

function readError(bytes: Uint8Array, maxLength = 1 << 20): HpackError {
  try {
    read(bytes, maxLength);
  } catch (e) {
    if (e instanceof HpackError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("string literals (RFC 7541 §5.2)", () => {
  // Literals from RFC 7541 Appendix C.2-C.6.
  const cases: [string, string, boolean][] = [
    ["custom-key", "0a 6375 7374 6f6d 2d6b 6579", false],
    ["custom-key", "88 25a8 49e9 5ba9 7d7f", true],
    ["www.example.com", "8c f1e3 c2e5 f23a 6ba0 ab90 f4ff", true],
    ["307", "83 640e ff", true],
    ["", "00", false],
    ["", "80", true],
  ];
  it.each(cases)("%j <-> %s (huffman: %s)", (text, coded, huffman) => {
    expect(write(text, huffman)).toBe(toHex(hex(coded)));
    expect(read(hex(coded))).toEqual({ value: text, pos: hex(coded).length });
  });

  it("writes octets as they are when Huffman would be longer", () => {
    const text = "\u0000\u00ff{}";
    expect(write(text, true)).toBe("0400ff7b7d");
  });

  it("keeps every octet 0..255 as the char of the same code", () => {
    const bytes = Uint8Array.from({ length: 257 }, (_, i) => (i === 0 ? 0 : i - 1));
    const coded = Uint8Array.from([0x7f, 0x81, 0x01, ...bytes.subarray(1)]);
    const { value } = read(coded);
    expect(value.length).toBe(256);
    for (let i = 0; i < 256; i++) expect(value.charCodeAt(i)).toBe(i);
    expect(write(value, false)).toBe(toHex(coded));
  });

  it("long literals take a multi-octet length", () => {
    const text = "x".repeat(300);
    const raw = write(text, false);
    expect(raw.slice(0, 6)).toBe("7fad01");
    expect(read(hex(raw)).value).toBe(text);
  });

  it("rejects a declared length past the end of the block before decoding", () => {
    const e = readError(hex("0a 6375 7374"));
    expect(e.reason).toBe("truncated string: 10 octets declared, 4 left");
    expect(e.offset).toBe(0);
  });

  it("rejects a huge declared length without allocating for it", () => {
    // 2^32-1 octets declared, 2 present.
    const e = readError(hex("7f 80 ff ff ff 0f 61 62"));
    expect(e.reason).toBe("truncated string: 4294967295 octets declared, 2 left");
  });

  it("rejects a literal longer than the limit, even when present", () => {
    const coded = hex(write("y".repeat(100), false));
    expect(read(coded, 100).value.length).toBe(100);
    const e = readError(coded, 99);
    expect(e.reason).toBe("string literal of 100 octets exceeds the limit of 99");
  });

  it("rejects a truncated length", () => {
    expect(readError(hex("7f")).reason).toBe("truncated integer");
    expect(readError(new Uint8Array(0)).reason).toBe("truncated integer");
  });

  it("passes on Huffman errors", () => {
    expect(readError(hex("81 ff")).reason).toBe("Huffman padding longer than 7 bits or not all 1s");
  });

  it("refuses chars above U+00FF in either form", () => {
    expect(() => write("\u0100", false)).toThrow(RangeError);
    expect(() => write("\u0100", true)).toThrow(RangeError);
  });
});
