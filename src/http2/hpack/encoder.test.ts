import { describe, expect, it } from "vitest";
import { HpackDecoder } from "./decoder.js";
import { HpackEncoder } from "./encoder.js";

const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** The headers a gRPC client sends on each call. */
function grpcRequest(method: string, timeout: string): string[] {
  return [
    ":method", "POST",
    ":scheme", "http",
    ":path", `/helloworld.Greeter/${method}`,
    ":authority", "localhost:50051",
    "content-type", "application/grpc",
    "te", "trailers",
    "grpc-accept-encoding", "identity,deflate,gzip",
    "user-agent", "grpc-node-js/1.10.0",
    "grpc-timeout", timeout,
  ];
}

/** Encodes with `encoder`, decodes with `decoder`, and checks the round trip. */
function roundTrip(encoder: HpackEncoder, decoder: HpackDecoder, headers: string[]): Uint8Array {
  const block = encoder.encode(headers).slice();
  expect(decoder.decode(block)).toEqual(headers);
  return block;
}

describe("HpackEncoder", () => {
  describe("gRPC steady state", () => {
    it("sends repeated request headers as one-octet references", () => {
      const encoder = new HpackEncoder();
      const decoder = new HpackDecoder();
      const first = roundTrip(encoder, decoder, grpcRequest("SayHello", "99m"));
      const second = roundTrip(encoder, decoder, grpcRequest("SayHello", "98m"));
      // :method POST and :scheme http are static (3, 6); the next six are
      // dynamic entries of the first block (68..63); grpc-timeout is a
      // literal without indexing naming entry 62 (0f 2f), value "98m" in Huffman.
      expect(toHex(second)).toBe("8386c4c3c2c1c0bf0f2f837dea7f");
      expect(first.length).toBeGreaterThan(100);
    });

    it("indexes :path per method and grpc-status: 0 on responses", () => {
      const encoder = new HpackEncoder();
      const decoder = new HpackDecoder();
      roundTrip(encoder, decoder, grpcRequest("A", "1S"));
      const b = roundTrip(encoder, decoder, grpcRequest("B", "1S"));
      expect(b.length).toBeGreaterThan(14); // a new :path literal
      // Nine one-octet references: even the timeout, the same value as before.
      expect(roundTrip(encoder, decoder, grpcRequest("A", "1S")).length).toBe(9);
      expect(roundTrip(encoder, decoder, grpcRequest("B", "1S")).length).toBe(9);
      roundTrip(encoder, decoder, ["grpc-status", "0"]);
      expect(toHex(roundTrip(encoder, decoder, ["grpc-status", "0"]))).toBe("be");
    });

    it("does not index values that change on every call", () => {
      const encoder = new HpackEncoder();
      const decoder = new HpackDecoder();
      const changing: [string, string, string][] = [
        ["date", "Mon, 21 Oct 2013 20:13:21 GMT", "Mon, 21 Oct 2013 20:13:22 GMT"],
        ["content-length", "42", "43"],
        ["x-big", "z".repeat(2000), "y".repeat(2000)],
      ];
      for (const [name, ...values] of changing) {
        for (const value of values) {
          const block = roundTrip(encoder, decoder, [name, value]);
          expect(block[0]! & 0xf0).toBe(0x00); // §6.2.2 literal without indexing
        }
      }
      expect(encoder.dynamicTable.length).toBe(0);
    });

    it("indexes the first value of a changing field whose name is in no table, then refers to that name", () => {
      const encoder = new HpackEncoder();
      const decoder = new HpackDecoder();
      for (const [name, first, second] of [
        ["grpc-timeout", "5S", "4S"],
        ["grpc-message", "not found", "no such user"],
        ["trace-context-bin", "AAECAwQFBgc", "BwYFBAMCAQA"],
      ]) {
        expect(roundTrip(encoder, decoder, [name!, first!])[0]).toBe(0x40);
        const block = roundTrip(encoder, decoder, [name!, second!]);
        expect(toHex(block.subarray(0, 2))).toBe("0f2f"); // name = entry 62
      }
      expect(encoder.dynamicTable.length).toBe(3);
    });
  });

  describe("sensitive fields (§7.1.3)", () => {
    const cases: [string, string][] = [
      ["authorization", "Bearer token"],
      ["proxy-authorization", "Basic Zm9vOmJhcg=="],
      ["cookie", "id=1234567890"],
      ["x-api-key", "k3y"],
    ];
    it.each(cases)("%s is sent never-indexed", (name, value) => {
      const encoder = new HpackEncoder({ sensitiveNames: ["x-api-key"] });
      const decoder = new HpackDecoder();
      for (let i = 0; i < 2; i++) {
        const block = encoder.encode([name, value]);
        expect(block[0]! & 0xf0).toBe(0x10);
        const never: number[] = [];
        expect(decoder.decode(block, never)).toEqual([name, value]);
        expect(never).toEqual([0]);
      }
      expect(encoder.dynamicTable.length).toBe(0);
    });

    it("a long cookie is indexed like any field", () => {
      const encoder = new HpackEncoder();
      encoder.encode(["cookie", "session=0123456789abcdef0123"]);
      expect(toHex(encoder.encode(["cookie", "session=0123456789abcdef0123"]))).toBe("be");
    });
  });

  describe("dynamic table size (§4.2, §6.3)", () => {
    it("announces a lowered peer setting at the start of the next block, once", () => {
      const encoder = new HpackEncoder();
      encoder.encode(["x-a", "1"]);
      encoder.setMaxTableSize(30);
      expect(toHex(encoder.encode([":method", "GET"]))).toBe("3e82");
      expect(encoder.dynamicTable.maxSize).toBe(30);
      expect(encoder.dynamicTable.length).toBe(0);
      expect(toHex(encoder.encode([":method", "GET"]))).toBe("82");
    });

    it("announces the lowest size first when it went down and up between blocks", () => {
      const encoder = new HpackEncoder();
      const decoder = new HpackDecoder();
      roundTrip(encoder, decoder, ["x-a", "1"]);
      for (const size of [1000, 0, 2000, 4096]) {
        encoder.setMaxTableSize(size);
        decoder.setMaxTableSize(size);
      }
      const block = roundTrip(encoder, decoder, [":method", "GET"]);
      expect(toHex(block)).toBe("203fe11f82"); // update to 0, update to 4096, :method GET
      expect(decoder.dynamicTable.length).toBe(0);
    });

    it("says nothing when the setting comes back unchanged", () => {
      const encoder = new HpackEncoder();
      encoder.setMaxTableSize(4096);
      expect(toHex(encoder.encode([":method", "GET"]))).toBe("82");
    });

    it("uses no more than its own cap, however large the peer's setting", () => {
      const encoder = new HpackEncoder({ maxTableSize: 8192 });
      expect(encoder.dynamicTable.maxSize).toBe(4096); // the initial size, until the peer's SETTINGS
      encoder.setMaxTableSize(65536);
      expect(toHex(encoder.encode([":method", "GET"]))).toBe("3fe13f82");
      expect(encoder.dynamicTable.maxSize).toBe(8192);
    });

    it("announces a cap below 4096 in its first block", () => {
      const encoder = new HpackEncoder({ maxTableSize: 0 });
      const decoder = new HpackDecoder();
      expect(toHex(roundTrip(encoder, decoder, [":method", "GET"]))).toBe("2082");
      const block = roundTrip(encoder, decoder, ["x-a", "1", "x-a", "1"]);
      expect(toHex(block)).toBe("0083f2b0ff810f0083f2b0ff810f"); // two literals without indexing
      expect(decoder.dynamicTable.maxSize).toBe(0);
    });

    it("keeps its lookups right as entries are evicted", () => {
      const encoder = new HpackEncoder({ maxTableSize: 200 });
      const decoder = new HpackDecoder();
      decoder.setMaxTableSize(200);
      for (let i = 0; i < 300; i++) {
        roundTrip(encoder, decoder, ["x-n", String(i % 7), "x-m", String(i % 5), "x-n", String(i % 7)]);
        expect(encoder.dynamicTable.size).toBe(decoder.dynamicTable.size);
      }
    });
  });

  describe("the result", () => {
    it("leaves headroom for a frame header before the block", () => {
      const encoder = new HpackEncoder();
      const plain = toHex(encoder.encode([":method", "GET", ":path", "/"]));
      const framed = encoder.encode([":method", "GET", ":path", "/"], 9);
      expect(framed.length).toBe(9 + plain.length / 2);
      expect(toHex(framed.subarray(9))).toBe(plain);
    });

    it("is a view of the encoder's buffer, overwritten by the next call", () => {
      const encoder = new HpackEncoder();
      const first = encoder.encode([":method", "GET"]);
      encoder.encode([":method", "POST"]);
      expect(toHex(first)).toBe("83");
    });

    it("codes literals with Huffman unless asked not to", () => {
      expect(toHex(new HpackEncoder().encode(["x-k", "www.example.com"]))).toBe(
        "4083f2b75f8cf1e3c2e5f23a6ba0ab90f4ff",
      );
      expect(toHex(new HpackEncoder({ huffman: false }).encode(["x-k", "abc"]))).toBe("4003782d6b03616263");
    });

    it("references a field repeated within one block", () => {
      expect(toHex(new HpackEncoder({ huffman: false }).encode(["x-k", "v", "x-k", "v"]))).toBe("4003782d6b0176be");
    });
  });

  describe("bad input", () => {
    it("refuses an odd-length list, changing nothing", () => {
      const encoder = new HpackEncoder();
      expect(() => encoder.encode(["x-a", "1", "x-b"])).toThrow(TypeError);
      expect(encoder.dynamicTable.length).toBe(0);
      expect(toHex(encoder.encode([":method", "GET"]))).toBe("82");
    });

    it("refuses uppercase names", () => {
      expect(() => new HpackEncoder().encode(["Content-Type", "x"])).toThrow(/uppercase/);
    });

    it("after a refused char, empties both tables so they stay in step", () => {
      const encoder = new HpackEncoder();
      const decoder = new HpackDecoder();
      roundTrip(encoder, decoder, ["x-a", "1"]);
      expect(() => encoder.encode(["x-b", "2", "x-c", "\u20ac"])).toThrow(RangeError);
      expect(encoder.dynamicTable.length).toBe(0);
      const block = roundTrip(encoder, decoder, ["x-a", "1", "x-b", "2"]);
      expect(toHex(block.subarray(0, 4))).toBe("203fe11f");
      expect(decoder.dynamicTable.length).toBe(2);
      expect(toHex(roundTrip(encoder, decoder, ["x-a", "1", "x-b", "2"]))).toBe("bfbe");
    });
  });
});
