import { describe, expect, it } from "vitest";
import { Writer } from "./writer.js";

/**
 * The Writer's fast paths (ASCII strings four units at a time, and the
 * tag-plus-value verbs generated code calls) must write exactly what the
 * general paths write, on both sides of every boundary where they hand over:
 * ASCII or not, one-byte length or two, room left in the buffer or not,
 * values that fit 31 bits or not.
 */

const bytesOf = (write: (w: Writer) => unknown, initialSize?: number): number[] => {
  const w = new Writer(initialSize);
  write(w);
  return Array.from(w.finish());
};

/** The string's UTF-8 bytes with their varint length in front, as the encoding spec gives them. */
function lengthDelimited(s: string): number[] {
  const utf8 = Array.from(Buffer.from(s, "utf8"));
  const len: number[] = [];
  let n = utf8.length;
  while (n > 0x7f) {
    len.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  len.push(n);
  return [...len, ...utf8];
}

/**
 * Two writers holding the shared block and the scratch buffer, so that the
 * next writer gets a buffer of its own of the size asked for.
 */
function holdSharedBuffers(): [Writer, Writer] {
  return [new Writer(), new Writer()];
}

const strings: [string, string][] = [
  ["empty", ""],
  ["1 unit", "a"],
  ["3 units (no whole group of 4)", "abc"],
  ["4 units (one group)", "abcd"],
  ["11 units", "click param"],
  ["127 units (longest one-byte length)", "x".repeat(127)],
  ["128 units (two-byte length)", "y".repeat(128)],
  ["300 units", "z".repeat(300)],
  ["DEL 0x7f is ASCII", "a\x7fb"],
  ["0x80 in the first group", "\x80abc"],
  ["non-ASCII in the tail", "abcdé"],
  ["non-ASCII last of 127", "a".repeat(126) + "é"],
  ["2-byte UTF-8", "exposé"],
  ["3-byte UTF-8", "日本語"],
  ["4-byte UTF-8 (surrogate pair)", "a😀b"],
  ["lone surrogate becomes U+FFFD", "a\ud800b"],
  ["0x100 is not ASCII though its low byte is 0", "abc\u0100"],
  // Hand-overs between the JS loop and the native writer (48 units), and
  // between writing the length first or after (43 units of up to 3 bytes).
  ["42 x 3-byte UTF-8 (126 bytes, one-byte length)", "語".repeat(42)],
  ["43 x 3-byte UTF-8 (129 bytes, two-byte length)", "語".repeat(43)],
  ["47 ASCII units (last of the JS loop)", "a".repeat(47)],
  ["48 ASCII units (first of the native writer)", "a".repeat(48)],
  ["48 units, non-ASCII last", "a".repeat(47) + "é"],
  ["100 units of 2-byte UTF-8 (200 bytes: the length grows after)", "é".repeat(100)],
  ["127 units of 3-byte UTF-8 (381 bytes)", "語".repeat(127)],
  ["63 surrogate pairs (126 units, 252 bytes)", "😀".repeat(63)],
  ["64 ASCII units then a lone surrogate", "b".repeat(64) + "\udc00"],
];

describe("Writer string fast path", () => {
  it.each(strings)("string(): %s", (_, s) => {
    expect(bytesOf((w) => w.string(s))).toEqual(lengthDelimited(s));
  });

  it.each(strings)("tagString(): %s", (_, s) => {
    expect(bytesOf((w) => w.tagString(0x0a, s))).toEqual([0x0a, ...lengthDelimited(s)]);
  });

  it("hands over to the general path when the buffer is nearly full", () => {
    // A writer of its own with room for exactly some of the string: the fast
    // path must not write past the end, and the general path grows the buffer.
    for (let room = 1; room < 20; room++) {
      const s = "abcdefghijklmnop";
      const [block, spare] = holdSharedBuffers();
      const w = new Writer(room);
      w.tagString(0x12, s).byte(0x18).uint32(1);
      expect(Array.from(w.finish())).toEqual([0x12, ...lengthDelimited(s), 0x18, 1]);
      block.release();
      spare.release();
    }
  });

  it("hands over to the general path near the end of the buffer, for long and non-ASCII strings too", () => {
    for (const s of ["q".repeat(60), "é".repeat(70), "語".repeat(20)]) {
      for (let room = 1; room < 12; room++) {
        const [block, spare] = holdSharedBuffers();
        const w = new Writer(room);
        w.byte(0x08).tagString(0x12, s).byte(0x18);
        expect(Array.from(w.finish())).toEqual([0x08, 0x12, ...lengthDelimited(s), 0x18]);
        block.release();
        spare.release();
      }
    }
  });

  it("writes many strings in a row across buffer growth", () => {
    const words = Array.from({ length: 500 }, (_, i) => "w".repeat(i % 40) + (i % 7 === 0 ? "ü" : ""));
    const expected = words.flatMap((s) => [0x0a, ...lengthDelimited(s)]);
    expect(bytesOf((w) => words.forEach((s) => w.tagString(0x0a, s)), 8)).toEqual(expected);
    expect(bytesOf((w) => words.forEach((s) => w.byte(0x0a).string(s)))).toEqual(expected);
  });
});

/** int64 values on both sides of every varint length and sign, as bigints and as numbers. */
const int64Values: (bigint | number)[] = [
  0n, 1n, 127n, 128n, 300n, 0x7fffffffn, 0x80000000n, 0xffffffffn, 0x100000000n,
  2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, 2n ** 64n - 1n,
  -1n, -(2n ** 31n), -(2n ** 63n),
  0, 150, 0x7fffffff, 0x80000000, 2 ** 40, -1,
];

describe("Writer tagInt64", () => {
  it.each(int64Values.map((v) => [String(v) + (typeof v === "bigint" ? "n" : ""), v] as const))("%s is byte(tag).int64(v)", (_, v) => {
    expect(bytesOf((w) => w.tagInt64(0x08, v))).toEqual(bytesOf((w) => w.byte(0x08).int64(v)));
  });

  it("writes the varint the encoding spec gives for 150", () => {
    expect(bytesOf((w) => w.tagInt64(0x08, 150n))).toEqual([0x08, 0x96, 0x01]);
  });

  it.each(["tagInt64", "tagInt64IfSet"] as const)("%s hands over to the general path when the buffer is nearly full", (verb) => {
    for (let room = 1; room < 8; room++) {
      const [block, spare] = holdSharedBuffers();
      const w = new Writer(room);
      w.byte(0x10)[verb](0x08, 0x12345678n);
      expect(Array.from(w.finish())).toEqual([0x10, 0x08, 0xf8, 0xac, 0xd1, 0x91, 0x01]);
      block.release();
      spare.release();
    }
  });
});

describe("Writer tagInt64IfSet (proto3 implicit presence)", () => {
  it.each([
    ["0n", 0n], ["0", 0], ["-0", -0], ["undefined", undefined], ["null", null],
  ] as const)("writes nothing for %s", (_, v) => {
    expect(bytesOf((w) => w.tagInt64IfSet(0x08, v as bigint | undefined))).toEqual([]);
  });

  const nonZero = int64Values.filter((v) => v !== 0n && v !== 0);
  it.each(nonZero.map((v) => [String(v) + (typeof v === "bigint" ? "n" : ""), v] as const))("%s is tagInt64(tag, v)", (_, v) => {
    expect(bytesOf((w) => w.tagInt64IfSet(0x10, v))).toEqual(bytesOf((w) => w.tagInt64(0x10, v)));
  });
});

describe("Writer tagBegin", () => {
  it("is byte(tag).beginLength(), short and long bodies", () => {
    for (const len of [0, 5, 127, 128, 20_000]) {
      const body = "b".repeat(len);
      const fused = bytesOf((w) => {
        const at = w.tagBegin(0x1a);
        w.tagString(0x0a, body);
        w.endLength(at);
      });
      const plain = bytesOf((w) => {
        const at = w.byte(0x1a).beginLength();
        w.byte(0x0a).string(body);
        w.endLength(at);
      });
      expect(fused).toEqual(plain);
    }
  });
});

describe("Writer fast paths given values of the wrong type (from untyped callers of the dynamic codec)", () => {
  it("tagString of a non-string throws a TypeError and gives the shared buffer back", () => {
    const w = new Writer();
    expect(() => w.tagString(0x0a, 5 as unknown as string)).toThrow(TypeError);
    w.release();
    expect(bytesOf((next) => next.tagString(0x0a, "ok"))).toEqual([0x0a, 2, 0x6f, 0x6b]);
  });

  it.each([
    ["undefined", undefined, TypeError],
    ["a non-numeric string", "abc", SyntaxError],
  ] as const)("tagInt64 of %s throws", (_, value, error) => {
    const w = new Writer();
    expect(() => w.tagInt64(0x08, value as unknown as bigint)).toThrow(error);
    w.release();
  });
});
