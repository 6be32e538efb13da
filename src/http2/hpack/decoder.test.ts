import { describe, expect, it } from "vitest";
import { ByteSink } from "./byte-sink.js";
import { HpackDecoder, type HpackDecoderOptions } from "./decoder.js";
import { HeaderListTooLargeError, HpackError } from "./hpack-error.js";
import { writeInteger } from "./integer.js";
import { writeString } from "./string-literal.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));

/** Builds header blocks by hand, one representation at a time. */
class Block {
  private readonly sink = new ByteSink();
  indexed(index: number): this {
    writeInteger(this.sink, index, 7, 0x80);
    return this;
  }
  /** Literal with incremental indexing, new name (§6.2.1). */
  indexedLiteral(name: string, value: string): this {
    writeInteger(this.sink, 0, 6, 0x40);
    writeString(this.sink, name, false);
    writeString(this.sink, value, false);
    return this;
  }
  /** Literal without (0x00) or never (0x10) indexing, name by index. */
  literal(pattern: 0x00 | 0x10, nameIndex: number, value: string): this {
    writeInteger(this.sink, nameIndex, 4, pattern);
    writeString(this.sink, value, false);
    return this;
  }
  sizeUpdate(size: number): this {
    writeInteger(this.sink, size, 5, 0x20);
    return this;
  }
  raw(bytes: string): this {
    const b = hex(bytes);
    this.sink.ensure(b.length);
    this.sink.buf.set(b, this.sink.pos);
    this.sink.pos += b.length;
    return this;
  }
  bytes(): Uint8Array {
    return this.sink.buf.slice(0, this.sink.pos);
  }
}

function hpackError(decoder: HpackDecoder, block: Uint8Array): HpackError {
  try {
    decoder.decode(block);
  } catch (e) {
    if (e instanceof HpackError) return e;
    throw e;
  }
  throw new Error("decoded without an error");
}

const fresh = (options?: HpackDecoderOptions): HpackDecoder => new HpackDecoder(options);

describe("HpackDecoder", () => {
  describe("representations (RFC 7541 §6)", () => {
    it("decodes an empty block to no fields", () => {
      expect(fresh().decode(new Uint8Array(0))).toEqual([]);
    });

    it("reports never-indexed fields by the position of their name", () => {
      const d = fresh();
      const never: number[] = [];
      const block = new Block().indexed(2).literal(0x10, 23, "secret").literal(0x00, 4, "/a")
        .literal(0x10, 32, "c=1").bytes();
      expect(d.decode(block, never)).toEqual([
        ":method", "GET", "authorization", "secret", ":path", "/a", "cookie", "c=1",
      ]);
      expect(never).toEqual([2, 6]);
    });

    it("appends to a given list with decodeInto", () => {
      const out = ["x", "y"];
      const never: number[] = [];
      fresh().decodeInto(new Block().literal(0x10, 23, "t").bytes(), out, never);
      expect(out).toEqual(["x", "y", "authorization", "t"]);
      expect(never).toEqual([2]);
    });

    it("keeps octets 0x80..0xff as chars U+0080..U+00FF", () => {
      const block = new Block().raw("01 03 e9 ff 80").bytes();
      expect(fresh().decode(block)).toEqual([":authority", "\u00e9\u00ff\u0080"]);
    });
  });

  describe("malformed blocks are HpackErrors with the offset", () => {
    const cases: [string, string, string, number][] = [
      ["index 0", "82 80", "index 0 is not a table entry", 1],
      ["index 62 with an empty dynamic table", "be", "index 62 is past the tables (61 static + 0 dynamic entries)", 0],
      ["a huge index", "ff 80 ff ff ff 0f", "index 4294967295 is past the tables (61 static + 0 dynamic entries)", 0],
      ["a literal's name index past the tables", "7f 00 01 61", "index 63 is past the tables (61 static + 0 dynamic entries)", 0],
      ["name index 62 on a never-indexed literal", "1f 2f 01 61", "index 62 is past the tables (61 static + 0 dynamic entries)", 0],
      ["a truncated index", "82 ff", "truncated integer", 1],
      ["a truncated name length", "40 7f", "truncated integer", 1],
      ["a truncated name", "40 05 61 62", "truncated string: 5 octets declared, 2 left", 1],
      ["a missing value", "40 01 61", "truncated integer", 3],
      ["a truncated value", "04 03 2f", "truncated string: 3 octets declared, 1 left", 1],
      ["an overlong integer", "ff 80 80 80 80 80 01", "integer longer than 5 continuation octets", 0],
      ["an integer past 2^32-1", "0f ff ff ff ff 7f", "integer larger than 2^32-1", 0],
      ["bad Huffman padding in a value", "04 81 00", "Huffman padding longer than 7 bits or not all 1s", 2],
      ["EOS in a Huffman name", "00 84 ff ff ff ff 00", "EOS symbol inside a Huffman-coded string", 5],
      ["a size update after a field", "82 20", "dynamic table size update after the first field (RFC 7541 §4.2)", 1],
      ["a size update above SETTINGS_HEADER_TABLE_SIZE", "3f e2 1f",
        "dynamic table size update to 4097 exceeds SETTINGS_HEADER_TABLE_SIZE 4096", 0],
    ];
    it.each(cases)("%s", (_, wire, reason, offset) => {
      const e = hpackError(fresh(), hex(wire));
      expect(e.reason).toBe(reason);
      expect(e.offset).toBe(offset);
      expect(e.message).toBe(`${reason} at byte ${offset} of the header block`);
    });

    it("finds dynamic indices that were valid before an eviction out of range after it", () => {
      const d = fresh({ maxTableSize: 100 });
      d.decode(new Block().indexedLiteral("a", "1").indexedLiteral("b", "2").bytes());
      expect(d.decode(new Block().indexed(63).bytes())).toEqual(["a", "1"]);
      d.decode(new Block().indexedLiteral("c", "3").bytes());
      expect(d.decode(new Block().indexed(63).bytes())).toEqual(["b", "2"]);
      expect(hpackError(d, new Block().indexed(64).bytes()).reason).toMatch(/^index 64 is past the tables/);
    });
  });

  describe("dynamic table size updates (§4.2, §6.3)", () => {
    it("are allowed at the start of a block, several in a row", () => {
      const d = fresh();
      d.decode(new Block().indexedLiteral("k", "v").bytes());
      const block = new Block().sizeUpdate(0).sizeUpdate(100).sizeUpdate(4096).indexed(2).bytes();
      expect(d.decode(block)).toEqual([":method", "GET"]);
      expect(d.dynamicTable.maxSize).toBe(4096);
      expect(d.dynamicTable.length).toBe(0); // emptied by the update to 0
    });

    it("evict entries that no longer fit", () => {
      const d = fresh();
      d.decode(new Block().indexedLiteral("a", "1").indexedLiteral("b", "2").bytes());
      d.decode(new Block().sizeUpdate(40).bytes());
      expect(d.dynamicTable.length).toBe(1);
      expect(d.decode(new Block().indexed(62).bytes())).toEqual(["b", "2"]);
    });

    it("are rejected mid-block, even right after another update's field", () => {
      const d = fresh();
      const e = hpackError(d, new Block().sizeUpdate(100).indexed(2).sizeUpdate(100).bytes());
      expect(e.offset).toBe(3);
    });

    it("may not exceed the limit in effect; a raised limit allows more", () => {
      const d = fresh({ maxTableSize: 1000 });
      expect(hpackError(d, new Block().sizeUpdate(1001).bytes()).reason).toBe(
        "dynamic table size update to 1001 exceeds SETTINGS_HEADER_TABLE_SIZE 1000",
      );
      const raised = fresh({ maxTableSize: 1000 });
      raised.setMaxTableSize(8192);
      raised.decode(new Block().sizeUpdate(8192).bytes());
      expect(raised.dynamicTable.maxSize).toBe(8192);
    });

    it("must follow a lowered SETTINGS_HEADER_TABLE_SIZE in the next block", () => {
      const d = fresh();
      d.setMaxTableSize(1000);
      const e = hpackError(d, new Block().indexed(2).bytes());
      expect(e.reason).toBe(
        "missing dynamic table size update to at most 1000 after SETTINGS_HEADER_TABLE_SIZE went down",
      );
      expect(e.offset).toBe(0);
      const ok = fresh();
      ok.setMaxTableSize(1000);
      expect(ok.decode(new Block().sizeUpdate(500).indexed(2).bytes())).toEqual([":method", "GET"]);
      expect(ok.decode(new Block().indexed(2).bytes())).toEqual([":method", "GET"]); // owed only once
    });

    it("must go to the lowest value when the setting went down and up between blocks", () => {
      const d = fresh();
      d.setMaxTableSize(0);
      d.setMaxTableSize(4096);
      expect(hpackError(d, new Block().sizeUpdate(4096).indexed(2).bytes()).reason).toMatch(
        /^missing dynamic table size update to at most 0/,
      );
      const ok = fresh();
      ok.setMaxTableSize(0);
      ok.setMaxTableSize(4096);
      expect(ok.decode(new Block().sizeUpdate(0).sizeUpdate(4096).indexed(2).bytes())).toEqual([":method", "GET"]);
    });

    it("are not owed when the setting only went up", () => {
      const d = fresh();
      d.setMaxTableSize(8192);
      expect(d.decode(new Block().indexed(2).bytes())).toEqual([":method", "GET"]);
      expect(d.dynamicTable.maxSize).toBe(4096);
    });
  });

  describe("the header list size limit (RFC 9113 §6.5.2)", () => {
    const fields = (n: number): Block => {
      const b = new Block();
      for (let i = 0; i < n; i++) b.literal(0x00, 4, "/".repeat(9)); // ":path" + 9 + 32 = 46 octets
      return b;
    };

    it("accepts a list of exactly the limit", () => {
      expect(fresh({ maxHeaderListSize: 460 }).decode(fields(10).bytes()).length).toBe(20);
    });

    it("refuses a larger one with HeaderListTooLargeError, not an HpackError", () => {
      let caught: unknown;
      try {
        fresh({ maxHeaderListSize: 459 }).decode(fields(10).bytes());
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(HeaderListTooLargeError);
      expect(caught).not.toBeInstanceOf(HpackError);
      expect((caught as HeaderListTooLargeError).size).toBe(460);
      expect((caught as HeaderListTooLargeError).limit).toBe(459);
    });

    it("defaults to 64 KiB", () => {
      const big = "x".repeat(65536 - 32 - 10);
      expect(fresh().decode(new Block().literal(0x00, 1, big).bytes())[1]).toBe(big);
      expect(() => fresh().decode(new Block().literal(0x00, 1, `${big}x`).bytes())).toThrow(HeaderListTooLargeError);
    });

    it("keeps the table in step past the limit, so the next block decodes", () => {
      const d = fresh({ maxHeaderListSize: 100 });
      const block = new Block().indexedLiteral("a", "x".repeat(100)).indexedLiteral("b", "y").bytes();
      expect(() => d.decode(block)).toThrow(HeaderListTooLargeError);
      expect(d.dynamicTable.length).toBe(2);
      expect(d.decode(new Block().indexed(62).bytes())).toEqual(["b", "y"]);
      expect(() => d.decode(new Block().indexed(63).bytes())).toThrow(HeaderListTooLargeError);
    });

    it("still reports a malformed block as an HpackError after the limit is passed", () => {
      const d = fresh({ maxHeaderListSize: 50 });
      const block = new Block().literal(0x00, 4, "x".repeat(40)).raw("00").bytes();
      expect(() => d.decode(block)).toThrow(HpackError);
    });

    it("survives an HPACK bomb: a small block referencing a large entry many times", () => {
      const value = "b".repeat(4000);
      const bomb = new Block().indexedLiteral("bomb", value);
      for (let i = 0; i < 20_000; i++) bomb.indexed(62);
      const block = bomb.bytes();
      expect(block.length).toBeLessThan(25_000); // would decode to 80 MB of header list
      const d = fresh({ maxHeaderListSize: 16_384 });
      const out: string[] = [];
      let caught: unknown;
      try {
        d.decodeInto(block, out);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(HeaderListTooLargeError);
      expect((caught as HeaderListTooLargeError).size).toBe(20_001 * (4 + 4000 + 32));
      // Fields stopped being collected at the limit: 4 copies fit in 16 KiB.
      expect(out.length).toBe(8);
      expect(d.decode(new Block().indexed(62).bytes())).toEqual(["bomb", value]);
    });
  });

  describe("the string length limit", () => {
    it("refuses a literal longer than maxStringLength before decoding it", () => {
      const d = fresh({ maxStringLength: 10 });
      expect(d.decode(new Block().literal(0x00, 4, "/".repeat(10)).bytes())).toEqual([":path", "/".repeat(10)]);
      const e = hpackError(d, new Block().literal(0x00, 4, "/".repeat(11)).bytes());
      expect(e.reason).toBe("string literal of 11 octets exceeds the limit of 10");
      expect(e.offset).toBe(1);
    });

    it("applies to names too", () => {
      const e = hpackError(fresh({ maxStringLength: 3 }), new Block().indexedLiteral("abcd", "").bytes());
      expect(e.reason).toBe("string literal of 4 octets exceeds the limit of 3");
    });

    it("defaults to the header list limit", () => {
      const d = fresh({ maxHeaderListSize: 64 });
      expect(hpackError(d, new Block().literal(0x00, 4, "/".repeat(65)).bytes()).reason).toBe(
        "string literal of 65 octets exceeds the limit of 64",
      );
    });

    it("never trusts a declared length beyond the block", () => {
      const e = hpackError(fresh(), hex("04 7f 80 ff ff ff 0f 61"));
      expect(e.reason).toBe("truncated string: 4294967295 octets declared, 1 left");
    });
  });
});
