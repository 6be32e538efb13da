import { describe, expect, it } from "vitest";
import { ErrorCode, errorCodeName } from "./error-code.js";

describe("error codes (RFC 9113 §7)", () => {
  // The registry of §7, value by value.
  it.each([
    [0x0, "NO_ERROR"],
    [0x1, "PROTOCOL_ERROR"],
    [0x2, "INTERNAL_ERROR"],
    [0x3, "FLOW_CONTROL_ERROR"],
    [0x4, "SETTINGS_TIMEOUT"],
    [0x5, "STREAM_CLOSED"],
    [0x6, "FRAME_SIZE_ERROR"],
    [0x7, "REFUSED_STREAM"],
    [0x8, "CANCEL"],
    [0x9, "COMPRESSION_ERROR"],
    [0xa, "CONNECT_ERROR"],
    [0xb, "ENHANCE_YOUR_CALM"],
    [0xc, "INADEQUATE_SECURITY"],
    [0xd, "HTTP_1_1_REQUIRED"],
  ])("0x%s is %s", (code, name) => {
    expect(errorCodeName(code)).toBe(name);
    expect(ErrorCode[name as keyof typeof ErrorCode]).toBe(code);
  });

  it("names an unknown code by its hex value", () => {
    expect(errorCodeName(0xe)).toBe("0xe");
    expect(errorCodeName(0xdeadbeef)).toBe("0xdeadbeef");
  });
});
