import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { FrameType } from "./frame-type.js";
import { checkPadding } from "./padding.js";

describe("checkPadding (§6.1, §6.2, §6.6)", () => {
  // [Pad Length, bytes left after Pad Length and fixed fields, accepted]
  it.each([
    [0, 0, true],
    [1, 0, false],
    [1, 1, true],
    [2, 1, false],
    [2, 2, true], // all padding, empty content
    [255, 255, true],
    [255, 254, false],
  ])("Pad Length %i with %i bytes of room", (padLength, room, accepted) => {
    const error = checkPadding(FrameType.DATA, padLength, room, 1);
    if (accepted) expect(error).toBeUndefined();
    else expect([error?.code, error?.scope, error?.streamId]).toEqual([ErrorCode.PROTOCOL_ERROR, "connection", 1]);
  });

  it("names the frame and section", () => {
    expect(checkPadding(FrameType.HEADERS, 9, 1, 3)?.reason).toBe(
      "HEADERS frame with Pad Length 9 but only 1 bytes after its fixed fields (RFC 9113 §6.2)",
    );
  });
});
