// Round trips of byte strings taken from the protobuf encoding spec
// (protobuf.dev/programming-guides/encoding) and IEEE 754 bit patterns.
import { describe, expect, it } from "vitest";
import { hex } from "./dump.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

function bytesOf(h: string): Uint8Array {
  return Uint8Array.from(h.split(" ").filter(Boolean), (b) => parseInt(b, 16));
}

type Case<T> = [label: string, value: T, wire: string];

function roundTrip<T>(
  name: string,
  cases: Case<T>[],
  write: (w: Writer, v: T) => unknown,
  read: (r: Reader) => T,
  same: (a: T, b: T) => boolean = Object.is,
): void {
  describe(name, () => {
    it.each(cases)("%s", (_label, value, wire) => {
      const w = new Writer(1);
      write(w, value);
      expect(hex(w.finish())).toBe(wire);
      const r = new Reader(bytesOf(wire));
      const back = read(r);
      expect(same(back, value), `${String(back)} vs ${String(value)}`).toBe(true);
      expect(r.done()).toBe(true);
    });
  });
}

roundTrip<number>(
  "uint32 varint",
  [
    ["0", 0, "00"],
    ["1", 1, "01"],
    ["127 (largest 1-byte)", 127, "7f"],
    ["128", 128, "80 01"],
    ["150 (the spec's example)", 150, "96 01"],
    ["300", 300, "ac 02"],
    ["16383", 16383, "ff 7f"],
    ["2^32-1", 4294967295, "ff ff ff ff 0f"],
  ],
  (w, v) => w.uint32(v),
  (r) => r.uint32(),
);

roundTrip<number>(
  "int32 varint",
  [
    ["1", 1, "01"],
    ["-1 is sign-extended to ten bytes", -1, "ff ff ff ff ff ff ff ff ff 01"],
    ["-2", -2, "fe ff ff ff ff ff ff ff ff 01"],
    ["max", 2147483647, "ff ff ff ff 07"],
    ["min", -2147483648, "80 80 80 80 f8 ff ff ff ff 01"],
  ],
  (w, v) => w.int32(v),
  (r) => r.int32(),
);

roundTrip<number>(
  "sint32 zigzag",
  [
    ["0", 0, "00"],
    ["-1", -1, "01"],
    ["1", 1, "02"],
    ["-2", -2, "03"],
    ["max", 2147483647, "fe ff ff ff 0f"],
    ["min", -2147483648, "ff ff ff ff 0f"],
  ],
  (w, v) => w.sint32(v),
  (r) => r.sint32(),
);

roundTrip<bigint>(
  "int64 varint",
  [
    ["0", 0n, "00"],
    ["150", 150n, "96 01"],
    ["-1", -1n, "ff ff ff ff ff ff ff ff ff 01"],
    ["2^53 (past a double's integers)", 9007199254740992n, "80 80 80 80 80 80 80 10"],
    ["max", 9223372036854775807n, "ff ff ff ff ff ff ff ff 7f"],
    ["min", -9223372036854775808n, "80 80 80 80 80 80 80 80 80 01"],
    ["-2^53-1", -9007199254740993n, "ff ff ff ff ff ff ff ef ff 01"],
  ],
  (w, v) => w.int64(v),
  (r) => r.int64(),
);

roundTrip<bigint>(
  "uint64 varint",
  [
    ["2^32", 4294967296n, "80 80 80 80 10"],
    ["2^35", 34359738368n, "80 80 80 80 80 01"],
    ["max", 18446744073709551615n, "ff ff ff ff ff ff ff ff ff 01"],
  ],
  (w, v) => w.uint64(v),
  (r) => r.uint64(),
);

roundTrip<bigint>(
  "sint64 zigzag",
  [
    ["0", 0n, "00"],
    ["-1", -1n, "01"],
    ["1", 1n, "02"],
    ["max", 9223372036854775807n, "fe ff ff ff ff ff ff ff ff 01"],
    ["min", -9223372036854775808n, "ff ff ff ff ff ff ff ff ff 01"],
    ["-2^32", -4294967296n, "ff ff ff ff 1f"],
  ],
  (w, v) => w.sint64(v),
  (r) => r.sint64(),
);

roundTrip<number>(
  "fixed32 / sfixed32",
  [
    ["1", 1, "01 00 00 00"],
    ["2^32-1", 4294967295, "ff ff ff ff"],
  ],
  (w, v) => w.fixed32(v),
  (r) => r.fixed32(),
);

roundTrip<number>(
  "sfixed32",
  [
    ["-1", -1, "ff ff ff ff"],
    ["min", -2147483648, "00 00 00 80"],
  ],
  (w, v) => w.sfixed32(v),
  (r) => r.sfixed32(),
);

roundTrip<bigint>(
  "fixed64 / sfixed64",
  [
    ["1", 1n, "01 00 00 00 00 00 00 00"],
    ["uint64 max", 18446744073709551615n, "ff ff ff ff ff ff ff ff"],
  ],
  (w, v) => w.fixed64(v),
  (r) => r.fixed64(),
);

roundTrip<bigint>(
  "sfixed64",
  [
    ["-1", -1n, "ff ff ff ff ff ff ff ff"],
    ["min", -9223372036854775808n, "00 00 00 00 00 00 00 80"],
    ["max", 9223372036854775807n, "ff ff ff ff ff ff ff 7f"],
  ],
  (w, v) => w.sfixed64(v),
  (r) => r.sfixed64(),
);

roundTrip<number>(
  "double (IEEE 754 binary64, little-endian)",
  [
    ["1.0", 1, "00 00 00 00 00 00 f0 3f"],
    ["-0.0 keeps its sign bit", -0, "00 00 00 00 00 00 00 80"],
    ["+Infinity", Infinity, "00 00 00 00 00 00 f0 7f"],
    ["-Infinity", -Infinity, "00 00 00 00 00 00 f0 ff"],
    ["NaN (quiet)", NaN, "00 00 00 00 00 00 f8 7f"],
  ],
  (w, v) => w.double(v),
  (r) => r.double(),
);

roundTrip<number>(
  "float (IEEE 754 binary32, little-endian)",
  [
    ["1.0", 1, "00 00 80 3f"],
    ["-0.0", -0, "00 00 00 80"],
    ["+Infinity", Infinity, "00 00 80 7f"],
    ["-Infinity", -Infinity, "00 00 80 ff"],
    ["NaN", NaN, "00 00 c0 7f"],
    ["0.5", 0.5, "00 00 00 3f"],
  ],
  (w, v) => w.float(v),
  (r) => r.float(),
);

roundTrip<boolean>(
  "bool",
  [
    ["true", true, "01"],
    ["false", false, "00"],
  ],
  (w, v) => w.bool(v),
  (r) => r.bool(),
);

roundTrip<string>(
  "string (UTF-8)",
  [
    ["empty", "", "00"],
    ["testing (the spec's example)", "testing", "07 74 65 73 74 69 6e 67"],
    ["1-byte $", "$", "01 24"],
    ["2-byte é", "é", "02 c3 a9"],
    ["3-byte €", "€", "03 e2 82 ac"],
    ["4-byte 😀 (a surrogate pair in JS)", "😀", "04 f0 9f 98 80"],
    ["mixed", "a€😀", "08 61 e2 82 ac f0 9f 98 80"],
  ],
  (w, v) => w.string(v),
  (r) => r.string(),
);

describe("tags and nested messages", () => {
  it("writes the spec's Test1 { a: 150 } as 08 96 01", () => {
    const w = new Writer();
    w.tag(1, 0).int32(150);
    expect(hex(w.finish())).toBe("08 96 01");
  });

  it("writes the spec's Test3 { c: { a: 150 } } with fork/join", () => {
    const w = new Writer();
    w.tag(3, 2).fork().tag(1, 0).int32(150).join();
    expect(hex(w.finish())).toBe("1a 03 08 96 01");
  });

  it("moves a long body right to fit a 2-byte length", () => {
    const w = new Writer(4);
    const body = "x".repeat(200);
    w.tag(1, 2).fork().tag(2, 2).string(body).join().tag(3, 0).uint32(1);
    const out = w.finish();
    const r = new Reader(out);
    expect(r.tag()).toBe((1 << 3) | 2);
    const end = r.beginMessage();
    expect(r.tag()).toBe((2 << 3) | 2);
    expect(r.string()).toBe(body);
    r.endMessage(end);
    expect(r.tag()).toBe(3 << 3);
    expect(r.uint32()).toBe(1);
    expect(r.done()).toBe(true);
  });

  it("writes and reads packed varints (the spec's example 22 06 03 8e 02 9e a7 05)", () => {
    const w = new Writer();
    w.packed(4, [3, 270, 86942], (w, v) => w.int32(v));
    expect(hex(w.finish())).toBe("22 06 03 8e 02 9e a7 05");
    const r = new Reader(bytesOf("22 06 03 8e 02 9e a7 05"));
    expect(r.tag()).toBe(0x22);
    expect(r.packed<number>([], (r) => r.int32())).toEqual([3, 270, 86942]);
  });

  it("skips unknown fields of every wire type and captures their bytes", () => {
    const wire = "08 96 01 11 01 02 03 04 05 06 07 08 1a 02 68 69 23 08 01 24 2d 01 02 03 04 30 05";
    const r = new Reader(bytesOf(wire));
    const captured: string[] = [];
    while (!r.done()) captured.push(hex(r.unknown(r.tag())));
    expect(captured).toEqual(["08 96 01", "11 01 02 03 04 05 06 07 08", "1a 02 68 69", "23 08 01 24", "2d 01 02 03 04", "30 05"]);
    const w = new Writer();
    for (const c of captured) w.raw(bytesOf(c));
    expect(hex(w.finish())).toBe(wire);
  });

  it("accepts an over-long but valid varint encoding (non-canonical 0)", () => {
    expect(new Reader(bytesOf("80 80 00")).uint32()).toBe(0);
    expect(new Reader(bytesOf("81 80 80 80 80 80 80 80 80 00")).int64()).toBe(1n);
  });

  it("reads the low 32 bits of a 64-bit varint as a uint32 / int32", () => {
    // 2^32 + 5: a uint32 reader keeps 5, as the spec says for int32 from int64.
    const w = new Writer();
    w.uint64(4294967301n);
    expect(new Reader(w.finish()).uint32()).toBe(5);
  });

  it("round-trips 64-bit values at every boundary of the small-value fast paths", () => {
    // Table lookups below 2^8, one addition below 2^16, one number below 2^49
    // (7 varint bytes), halves beyond; sint64 maps small negatives to small numbers.
    const edges = [0n, 1n, 127n, 128n, 255n, 256n, 257n, 16383n, 16384n, 65535n, 65536n, 2n ** 32n - 1n, 2n ** 32n, 2n ** 49n - 1n, 2n ** 49n, 2n ** 56n];
    for (const e of edges) {
      for (const v of [e, -e]) {
        const w = new Writer();
        w.int64(v).sint64(v);
        if (v >= 0n) w.uint64(v);
        const r = new Reader(w.finish());
        expect([r.int64(), r.sint64()]).toEqual([v, v]);
        if (v >= 0n) expect(r.uint64()).toBe(v);
      }
    }
  });

  it("converts between number and bigint without losing precision around 2^53", () => {
    for (const v of [2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n, -(2n ** 53n), 2n ** 63n - 1n]) {
      const w = new Writer();
      w.int64(v).sint64(v).sfixed64(v);
      const r = new Reader(w.finish());
      expect([r.int64(), r.sint64(), r.sfixed64()]).toEqual([v, v, v]);
    }
  });
});
