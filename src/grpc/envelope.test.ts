import { describe, expect, it } from "vitest";
import { encodeEnvelope, ENVELOPE_HEADER_LENGTH, FLAG_COMPRESSED } from "./envelope.js";

describe("encodeEnvelope", () => {
  it.each([
    { body: [], compressed: false, hex: "0000000000" },
    { body: [0x08, 0x96, 0x01], compressed: false, hex: "0000000003089601" },
    { body: [0xaa], compressed: true, hex: "0100000001aa" },
  ])("frames $hex", ({ body, compressed, hex }) => {
    expect(encodeEnvelope(Uint8Array.from(body), compressed).toString("hex")).toBe(hex);
  });

  it("writes the length big-endian", () => {
    const frame = encodeEnvelope(new Uint8Array(0x01_02_03));
    expect([...frame.subarray(0, ENVELOPE_HEADER_LENGTH)]).toEqual([0, 0x00, 0x01, 0x02, 0x03]);
    expect(frame.length).toBe(ENVELOPE_HEADER_LENGTH + 0x010203);
  });

  it("uses bit 0 for the compressed flag", () => {
    expect(FLAG_COMPRESSED).toBe(1);
  });
});
