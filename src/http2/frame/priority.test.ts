import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { checkPriority, readPriority, writePriorityFields } from "./priority.js";

describe("priority fields (§6.3)", () => {
  it.each([
    ["0000000000", { exclusive: false, dependency: 0, weight: 1 }],
    ["80000003ff", { exclusive: true, dependency: 3, weight: 256 }],
    ["7fffffff0f", { exclusive: false, dependency: 2 ** 31 - 1, weight: 16 }],
    ["ffffffff0f", { exclusive: true, dependency: 2 ** 31 - 1, weight: 16 }],
  ])("%s", (hex, priority) => {
    expect(readPriority(Buffer.from(hex, "hex"), 0)).toEqual(priority);
    const written = new Uint8Array(5);
    writePriorityFields(written, 0, priority);
    expect(Buffer.from(written).toString("hex")).toBe(hex);
  });

  it("refuses a stream that depends on itself, as a stream error (§5.3.1)", () => {
    expect(checkPriority(3, { exclusive: false, dependency: 1, weight: 16 })).toBeUndefined();
    const error = checkPriority(3, { exclusive: true, dependency: 3, weight: 16 });
    expect([error?.code, error?.scope, error?.streamId]).toEqual([ErrorCode.PROTOCOL_ERROR, "stream", 3]);
  });
});
