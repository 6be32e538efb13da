import { describe, expect, it } from "vitest";
import { DecodeError } from "./decode-error.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

/**
 * The Reader's fast paths (64-bit varints of one or two bytes without the
 * varint loop, longer ones unrolled while the buffer has 10 more bytes, short
 * ASCII strings built in place) must read exactly what the general paths read, on both sides of
 * every boundary where they hand over: one byte or more, room left in the
 * buffer or not, inside the message or running past its end, ASCII or not,
 * one-byte length or not.
 */

const encode = (write: (w: Writer) => unknown): Uint8Array => {
  const w = new Writer();
  write(w);
  return w.finish().slice();
};

/** `bytes` followed by `padding` zero bytes, read as a message that ends where `bytes` end. */
function readerOver(bytes: Uint8Array, padding: number): Reader {
  const buf = new Uint8Array(bytes.length + padding);
  buf.set(bytes);
  return new Reader(buf, 0, bytes.length);
}

/** The DecodeError `read` throws, or undefined. */
function errorOf(read: () => unknown): DecodeError | undefined {
  try {
    read();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  return undefined;
}

// No padding: fewer than 10 bytes after the varint, the checked path.
// 16 bytes of padding: the unrolled path.
const paddings = [0, 16];

const int64s: [string, bigint][] = [
  ["0", 0n],
  ["1", 1n],
  ["127 (last one-byte)", 127n],
  ["128 (first two-byte)", 128n],
  ["300", 300n],
  ["8191 (largest two-byte sint64)", 8191n],
  ["8192", 8192n],
  ["16383 (last two-byte)", 16383n],
  ["16384 (first three-byte)", 16384n],
  ["65536", 65536n],
  ["2^28-1 (last value of four bytes)", 2n ** 28n - 1n],
  ["2^28 (fifth byte)", 2n ** 28n],
  ["2^31-1", 2n ** 31n - 1n],
  ["2^32-1 (low half full)", 2n ** 32n - 1n],
  ["2^32 (first bit of the high half)", 2n ** 32n],
  ["2^35 (sixth byte)", 2n ** 35n],
  ["a millisecond timestamp", 1645320060000n],
  ["2^53-1", 2n ** 53n - 1n],
  ["2^53+1 (above a double's integers)", 2n ** 53n + 1n],
  ["2^63-1 (largest)", 2n ** 63n - 1n],
  ["-1 (ten bytes; one for sint64)", -1n],
  ["-64 (last one-byte sint64)", -64n],
  ["-65", -65n],
  ["-8192 (last two-byte sint64)", -8192n],
  ["-8193", -8193n],
  ["-2^31", -(2n ** 31n)],
  ["-2^53-1", -(2n ** 53n) - 1n],
  ["-2^63 (smallest)", -(2n ** 63n)],
];

const uint64s: [string, bigint][] = [
  ["0", 0n],
  ["127", 127n],
  ["128", 128n],
  ["2^32", 2n ** 32n],
  ["2^63 (top bit)", 2n ** 63n],
  ["2^64-1 (largest)", 2n ** 64n - 1n],
];

describe("Reader 64-bit varints", () => {
  for (const padding of paddings) {
    it.each(int64s)(`int64 %s, ${padding} bytes after`, (_, v) => {
      const r = readerOver(encode((w) => w.int64(v)), padding);
      expect(r.int64()).toBe(v);
      expect(r.done()).toBe(true);
    });

    it.each(int64s)(`sint64 %s, ${padding} bytes after`, (_, v) => {
      const r = readerOver(encode((w) => w.sint64(v)), padding);
      expect(r.sint64()).toBe(v);
      expect(r.done()).toBe(true);
    });

    it.each(uint64s)(`uint64 %s, ${padding} bytes after`, (_, v) => {
      const r = readerOver(encode((w) => w.uint64(v)), padding);
      expect(r.uint64()).toBe(v);
      expect(r.done()).toBe(true);
    });
  }

  it("reads values back to back, the last near the buffer's end", () => {
    const values = [5n, 1645320060000n, -1n, 300n, 2n ** 63n - 1n, 0n];
    const r = new Reader(encode((w) => values.forEach((v) => w.int64(v))));
    expect(values.map(() => r.int64())).toEqual(values);
  });

  // The varint goes on past the message's end, into bytes that belong to
  // whatever follows: the unrolled path must notice, as the checked one does.
  it.each([1, 2, 5, 9])("rejects a varint cut by the message's end after %i bytes, whatever follows", (cut) => {
    const bytes = encode((w) => w.int64(-1n)); // ten bytes
    const r = new Reader(bytes.slice(), 0, cut);
    const err = errorOf(() => r.int64());
    expect(err?.message).toMatch(/truncated varint/);
    expect(err?.offset).toBe(0);
  });

  it.each(paddings)("rejects an 11-byte varint with %i bytes after", (padding) => {
    const r = readerOver(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), padding);
    const err = errorOf(() => r.int64());
    expect(err?.message).toMatch(/longer than 10 bytes/);
    expect(err?.offset).toBe(0);
  });
});

const strings: [string, string][] = [
  ["empty", ""],
  ["1 byte", "a"],
  ["11 bytes", "click param"],
  ["16 bytes (longest built in place)", "abcdefghijklmnop"],
  ["17 bytes (first of the general path)", "abcdefghijklmnopq"],
  ["32 bytes (last built by fromCharCode)", "b".repeat(32)],
  ["33 bytes (first checked for ASCII, then sliced)", "c".repeat(33)],
  ["64 bytes, non-ASCII last", "d".repeat(62) + "é"],
  ["100 bytes, non-ASCII first", "é" + "e".repeat(98)],
  ["127 bytes (longest one-byte length)", "x".repeat(127)],
  ["128 bytes (two-byte length)", "y".repeat(128)],
  ["DEL 0x7f is ASCII", "a\x7fb"],
  ["non-ASCII first", "éa"],
  ["non-ASCII last of 16", "abcdefghijklmné"],
  ["3-byte UTF-8", "日本語"],
  ["4-byte UTF-8", "a😀b"],
];

describe("Reader short ASCII strings", () => {
  for (const padding of paddings) {
    it.each(strings)(`%s, ${padding} bytes after`, (_, s) => {
      const r = readerOver(encode((w) => w.string(s)), padding);
      expect(r.string()).toBe(s);
      expect(r.done()).toBe(true);
    });
  }

  it.each([1, 5, 16, 17, 32, 33, 64, 127, 128, 300])("still rejects invalid UTF-8 in %i bytes", (n) => {
    // n-1 ASCII bytes, then 0xff (never valid in UTF-8); the error points at the string's first byte.
    const body = Uint8Array.from([...Array.from({ length: n - 1 }, () => 0x61), 0xff]);
    const bytes = encode((w) => w.bytes(body));
    const err = errorOf(() => new Reader(bytes).string());
    expect(err?.message).toMatch(/invalid UTF-8/);
    expect(err?.offset).toBe(bytes.length - n);
  });

  it.each([1, 11, 16])("rejects a %i-byte string that runs past the message's end", (n) => {
    // The bytes are in the buffer, but the message ends one byte short.
    const bytes = encode((w) => w.string("z".repeat(n)));
    const err = errorOf(() => new Reader(bytes, 0, bytes.length - 1).string());
    expect(err?.message).toMatch(new RegExp(`length ${n} runs past the end`));
    expect(err?.offset).toBe(0);
  });

  it("rejects a string whose length is missing at the message's end", () => {
    const err = errorOf(() => new Reader(Uint8Array.from([0x05, 0x61]), 0, 0).string());
    expect(err?.message).toMatch(/truncated varint/);
  });
});

describe("Reader beginMessage (one-byte lengths taken inline)", () => {
  /** A field-1 message of `len` bytes of zeros (field bodies are not read here), then one more byte. */
  const framed = (len: number): Uint8Array => encode((w) => w.bytes(new Uint8Array(len)).byte(0x08));

  it.each([0, 1, 127, 128, 300])("enters and leaves a body of %i bytes", (len) => {
    const r = new Reader(framed(len));
    const outer = r.end;
    const end = r.beginMessage();
    expect(end).toBe(outer);
    expect(r.end - r.pos).toBe(len);
    expect(r.depth).toBe(1);
    r.pos = r.end;
    r.endMessage(end);
    expect(r.end).toBe(outer);
    expect(r.depth).toBe(0);
  });

  it.each([
    ["a one-byte length", [0x05, 0, 0]],
    ["a two-byte length", [0x80, 0x01, 0, 0]],
  ])("rejects %s running past the end", (_, bytes) => {
    const r = new Reader(new Uint8Array(bytes));
    expect(() => r.beginMessage()).toThrow(DecodeError);
    expect(() => new Reader(new Uint8Array(bytes)).beginMessage()).toThrow(/runs past the end/);
  });

  it("rejects a length that fits the buffer but not the enclosing message", () => {
    const r = new Reader(new Uint8Array([0x02, 0x02, 0x00, 0x00]));
    expect(r.beginMessage()).toBe(4); // a 2-byte body: [0x02, 0x00]
    expect(() => r.beginMessage()).toThrow(/runs past the end/); // 2 more bytes, 1 left in the body
  });

  it("allows 100 levels and rejects the 101st", () => {
    // 100 nested empty-length prefixes would end at once, so each level is
    // entered from the same byte: a zero length at position 0.
    const r = new Reader(new Uint8Array([0x00]));
    for (let depth = 1; depth <= 100; depth++) {
      r.pos = 0;
      r.end = 1;
      r.beginMessage();
      expect(r.depth).toBe(depth);
    }
    r.pos = 0;
    r.end = 1;
    expect(() => r.beginMessage()).toThrow(/nested deeper than 100/);
  });
});
