import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { FrameType } from "./frame-type.js";
import { checkStreamId } from "./stream-id-rule.js";

describe("checkStreamId (§6)", () => {
  // [type, allowed on stream 0, allowed on a stream]
  it.each([
    ["DATA", false, true],
    ["HEADERS", false, true],
    ["PRIORITY", false, true],
    ["RST_STREAM", false, true],
    ["SETTINGS", true, false],
    ["PUSH_PROMISE", false, true],
    ["PING", true, false],
    ["GOAWAY", true, false],
    ["WINDOW_UPDATE", true, true],
    ["CONTINUATION", false, true],
  ] as const)("%s: stream 0 %s, a stream %s", (name, onZero, onStream) => {
    const type = FrameType[name];
    for (const [streamId, allowed] of [
      [0, onZero],
      [7, onStream],
    ] as const) {
      const error = checkStreamId(type, streamId);
      if (allowed) expect(error).toBeUndefined();
      else expect([error?.code, error?.scope]).toEqual([ErrorCode.PROTOCOL_ERROR, "connection"]);
    }
  });

  it("does not check unknown types", () => {
    expect(checkStreamId(0x2a, 0)).toBeUndefined();
    expect(checkStreamId(0x2a, 1)).toBeUndefined();
  });

  it("names the frame, the stream and the section", () => {
    expect(checkStreamId(FrameType.GOAWAY, 9)?.reason).toBe("GOAWAY frame on stream 9 (must be on stream 0, RFC 9113 §6.8)");
    expect(checkStreamId(FrameType.CONTINUATION, 0)?.reason).toBe("CONTINUATION frame on stream 0 (must be on a stream, RFC 9113 §6.10)");
  });
});
