import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { FrameType } from "./frame-type.js";
import { checkPadding } from "./padding.js";

describe("checkPadding (§6.1, §6.2, §6.6)", () => {
  // [payload, fixed fields after Pad Length, accepted]
  it.each([
    ["00", 0, true],
    ["01", 0, false],
    ["03 61 00", 0, false],
    ["02 61 00", 0, true], // padding is not checked for zeros (§6.1 lets a receiver skip that)
    ["01 61 00", 0, true],
    ["02 00 00", 0, true], // all padding, empty content
    ["ff" + "00".repeat(255), 0, true],
    ["ff" + "00".repeat(254), 0, false],
    ["00 0000000010", 5, true],
    ["01 0000000010", 5, false],
    ["01 0000000010 00", 5, true],
    ["01 00000002", 4, false],
    ["01 00000002 00", 4, true],
  ])("%s with %i fixed bytes", (hex, fixed, accepted) => {
    const error = checkPadding(FrameType.DATA, Buffer.from(hex.replace(/\s+/g, ""), "hex"), fixed, 1);
    if (accepted) expect(error).toBeUndefined();
    else expect([error?.code, error?.scope]).toEqual([ErrorCode.PROTOCOL_ERROR, "connection"]);
  });

  it("names the frame and section", () => {
    expect(checkPadding(FrameType.HEADERS, Uint8Array.of(9, 0), 0, 3)?.reason).toBe(
      "HEADERS frame with Pad Length 9 but only 1 bytes after its fixed fields (RFC 9113 §6.2)",
    );
  });
});
