import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import {
  BUILTIN_COMPRESSIONS,
  decompressMessage,
  DEFLATE,
  findCompression,
  formatAcceptEncoding,
  GZIP,
  parseAcceptEncoding,
} from "./compression.js";

describe("compression", () => {
  it.each([GZIP, DEFLATE])("$name round-trips", async (c) => {
    const data = Buffer.from("hello hello hello hello");
    const packed = await c.compress(data);
    expect(Buffer.from(await c.decompress(packed, 1000)).toString()).toBe("hello hello hello hello");
    expect(Buffer.from((await decompressMessage(c, packed, 1000)) as Uint8Array).toString()).toBe("hello hello hello hello");
  });

  it("deflate is the zlib format (RFC 1950), as in HTTP", async () => {
    const packed = await DEFLATE.compress(Buffer.from("x"));
    expect(packed[0]! & 0x0f).toBe(8); // CM = 8 (deflate) in the zlib header
  });

  it("never inflates a bomb past the limit", async () => {
    const bomb = gzipSync(Buffer.alloc(64 << 20)); // 64 MiB of zeros, ~64 KiB packed
    const status = await decompressMessage(GZIP, bomb, 4 << 20);
    expect(status).toMatchObject({ code: Code.ResourceExhausted });
  });

  it("accepts a message of exactly the limit", async () => {
    const out = await decompressMessage(GZIP, gzipSync(Buffer.alloc(100)), 100);
    expect(out).toHaveLength(100);
  });

  it("reports garbage as INTERNAL", async () => {
    expect(await decompressMessage(GZIP, Uint8Array.of(1, 2, 3), 100)).toMatchObject({ code: Code.Internal });
  });

  it("formats and parses grpc-accept-encoding", () => {
    expect(formatAcceptEncoding(BUILTIN_COMPRESSIONS)).toBe("gzip,deflate");
    expect(parseAcceptEncoding("gzip, deflate,,identity ")).toEqual(["gzip", "deflate", "identity"]);
    expect(parseAcceptEncoding(undefined)).toEqual([]);
    expect(findCompression(BUILTIN_COMPRESSIONS, "deflate")).toBe(DEFLATE);
    expect(findCompression(BUILTIN_COMPRESSIONS, "snappy")).toBeUndefined();
  });
});
