import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { codeFromHttpStatus } from "./http-status.js";

describe("codeFromHttpStatus (doc/http-grpc-status-mapping.md)", () => {
  it.each([
    [400, Code.Internal],
    [401, Code.Unauthenticated],
    [403, Code.PermissionDenied],
    [404, Code.Unimplemented],
    [429, Code.Unavailable],
    [431, Code.Internal],
    [502, Code.Unavailable],
    [503, Code.Unavailable],
    [504, Code.Unavailable],
    [200, Code.Unknown],
    [500, Code.Unknown],
    [418, Code.Unknown],
  ])("%i -> %s", (status, code) => {
    expect(codeFromHttpStatus(status)).toBe(code);
  });
});
