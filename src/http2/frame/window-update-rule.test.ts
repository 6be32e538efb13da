import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { checkWindowIncrement } from "./window-update-rule.js";

describe("checkWindowIncrement (§6.9)", () => {
  it.each([
    [0, 0, "connection"],
    [5, 0, "stream"],
    [0, 1, undefined],
    [5, 2 ** 31 - 1, undefined],
  ])("stream %i, increment %i", (streamId, increment, scope) => {
    const error = checkWindowIncrement(streamId, increment);
    if (scope === undefined) expect(error).toBeUndefined();
    else expect([error?.code, error?.scope, error?.streamId]).toEqual([ErrorCode.PROTOCOL_ERROR, scope, streamId]);
  });
});
