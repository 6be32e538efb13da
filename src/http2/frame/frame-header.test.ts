import { describe, expect, it } from "vitest";
import { readUint31, readUint32, writeFrameHeader, writeUint32 } from "./frame-header.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("frame header fields (§4.1)", () => {
  it.each([
    ["00000001", 1, 1],
    ["7fffffff", 2 ** 31 - 1, 2 ** 31 - 1],
    ["80000001", 1, 2 ** 31 + 1],
    ["ffffffff", 2 ** 31 - 1, 2 ** 32 - 1],
  ])("%s reads as %i with the reserved bit ignored, %i as 32 bits", (bytes, uint31, uint32) => {
    const b = Buffer.from(bytes, "hex");
    expect(readUint31(b, 0)).toBe(uint31);
    expect(readUint32(b, 0)).toBe(uint32);
  });

  it("writes length, type, flags and stream, with the reserved bit cleared", () => {
    const b = new Uint8Array(10);
    writeFrameHeader(b, 1, 0x123456, 0x01, 0x25, 0xffff_ffff);
    expect(hex(b)).toBe("00123456" + "0125" + "7fffffff");
  });

  it("writes 32-bit values big-endian", () => {
    const b = new Uint8Array(4);
    writeUint32(b, 0, 0xdeadbeef);
    expect(hex(b)).toBe("deadbeef");
  });
});
