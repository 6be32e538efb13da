import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { codeFromRstCode, http2ErrorName, rstMessage } from "./rst-code.js";

describe("codeFromRstCode (PROTOCOL-HTTP2.md, Errors)", () => {
  it.each([
    [0, Code.Internal],
    [1, Code.Internal],
    [2, Code.Internal],
    [3, Code.Internal],
    [4, Code.Internal],
    [6, Code.Internal],
    [7, Code.Unavailable],
    [8, Code.Cancelled],
    [9, Code.Internal],
    [10, Code.Internal],
    [11, Code.ResourceExhausted],
    [12, Code.PermissionDenied],
  ])("RST_STREAM %i -> %s", (rst, code) => {
    expect(codeFromRstCode(rst)).toBe(code);
  });

  it("names codes in messages", () => {
    expect(http2ErrorName(7)).toBe("REFUSED_STREAM");
    expect(http2ErrorName(0x42)).toBe("0x42");
    expect(rstMessage(2)).toBe("stream reset by the server with RST_STREAM code INTERNAL_ERROR (2)");
  });
});
