import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { Flag } from "./flags.js";
import { checkFrameLength, checkMaxFrameSize, fixedFieldsSize } from "./frame-length-rule.js";
import { FrameType } from "./frame-type.js";

const { PADDED, PRIORITY, ACK } = Flag;

describe("checkFrameLength (§4.2, §6)", () => {
  // [type, flags, accepted lengths, refused lengths, scope of the refusal]
  it.each([
    ["PING", 0, [8], [0, 7, 9, 16], "connection"],
    ["RST_STREAM", 0, [4], [0, 3, 5], "connection"],
    ["WINDOW_UPDATE", 0, [4], [0, 3, 5, 8], "connection"],
    ["PRIORITY", 0, [5], [0, 4, 6], "stream"],
    ["SETTINGS", 0, [0, 6, 12, 36], [1, 5, 7, 13], "connection"],
    ["SETTINGS", ACK, [0], [1, 6], "connection"],
    ["GOAWAY", 0, [8, 9, 1000], [0, 7], "connection"],
    ["DATA", 0, [0, 1, 100], [], "connection"],
    ["DATA", PADDED, [1, 2], [0], "connection"],
    ["HEADERS", 0, [0, 1], [], "connection"],
    ["HEADERS", PADDED, [1], [0], "connection"],
    ["HEADERS", PRIORITY, [5, 6], [0, 4], "connection"],
    ["HEADERS", PRIORITY | PADDED, [6], [5], "connection"],
    ["PUSH_PROMISE", 0, [4, 5], [0, 3], "connection"],
    ["PUSH_PROMISE", PADDED, [5], [4], "connection"],
    ["CONTINUATION", 0, [0, 1], [], "connection"],
  ] as const)("%s with flags %i", (name, flags, accepted, refused, scope) => {
    const type = FrameType[name];
    for (const length of accepted) expect(checkFrameLength(type, flags, length, 1)).toBeUndefined();
    for (const length of refused) {
      const error = checkFrameLength(type, flags, length, 1);
      expect([error?.code, error?.scope]).toEqual([ErrorCode.FRAME_SIZE_ERROR, scope]);
    }
  });

  it("ignores flags a type does not define (PRIORITY on DATA, PADDED on PING)", () => {
    expect(checkFrameLength(FrameType.DATA, PRIORITY, 0, 1)).toBeUndefined();
    expect(checkFrameLength(FrameType.PING, PADDED, 8, 0)).toBeUndefined();
    expect(fixedFieldsSize(FrameType.DATA, PRIORITY)).toBe(0);
  });

  it("does not check unknown types", () => {
    expect(checkFrameLength(0x2a, 0xff, 0, 0)).toBeUndefined();
  });
});

describe("checkMaxFrameSize (§4.2)", () => {
  it("accepts up to the limit and refuses one byte more, as a connection error", () => {
    expect(checkMaxFrameSize(FrameType.DATA, 16_384, 16_384, 1)).toBeUndefined();
    const error = checkMaxFrameSize(FrameType.DATA, 16_385, 16_384, 1);
    expect([error?.code, error?.scope, error?.streamId]).toEqual([ErrorCode.FRAME_SIZE_ERROR, "connection", 1]);
  });
});
