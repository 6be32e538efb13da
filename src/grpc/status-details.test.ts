import { describe, expect, it } from "vitest";
import { DecodeError } from "../wire/decode-error.js";
import { decodeStatusDetails, encodeStatusDetails } from "./status-details.js";

describe("google.rpc.Status in grpc-status-details-bin", () => {
  it("matches the bytes protoc would write", () => {
    const bytes = encodeStatusDetails({
      code: 3,
      message: "bad",
      details: [{ typeUrl: "t/x", value: Uint8Array.of(8, 1) }],
    });
    // 08 03 | 12 03 "bad" | 1a 09 (0a 03 "t/x" 12 02 08 01)
    expect(Buffer.from(bytes).toString("hex")).toBe("0803" + "1203626164" + "1a09" + "0a03742f78" + "12020801");
    expect(decodeStatusDetails(bytes)).toEqual({
      code: 3,
      message: "bad",
      details: [{ typeUrl: "t/x", value: Uint8Array.of(8, 1) }],
    });
  });

  it("skips unknown fields", () => {
    expect(decodeStatusDetails(Uint8Array.of(0x20, 0x05, 0x08, 0x07))).toEqual({ code: 7, message: "", details: [] });
  });

  it("throws DecodeError on truncated input", () => {
    expect(() => decodeStatusDetails(Uint8Array.of(0x12, 0x05, 0x61))).toThrow(DecodeError);
  });
});
