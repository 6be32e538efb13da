import { describe, expect, it } from "vitest";
import { decodeGrpcMessage, encodeGrpcMessage } from "./percent-encoding.js";

describe("grpc-message percent-encoding", () => {
  it.each([
    ["", ""],
    ["plain text: (ok) ~!", "plain text: (ok) ~!"],
    ["100%", "100%25"],
    ["line\nbreak\ttab", "line%0Abreak%09tab"],
    ["\u00e9t\u00e9", "%C3%A9t%C3%A9"],
    ["\u{1f600}", "%F0%9F%98%80"],
    ["\x7f", "%7F"],
  ])("%j <-> %j", (message, wire) => {
    expect(encodeGrpcMessage(message)).toBe(wire);
    expect(decodeGrpcMessage(wire)).toBe(message);
  });

  it("decodes lower-case hex", () => {
    expect(decodeGrpcMessage("%c3%a9")).toBe("\u00e9");
  });

  it.each([
    ["%", "%"],
    ["50%", "50%"],
    ["%zz", "%zz"],
    ["%4", "%4"],
    ["a%2", "a%2"],
  ])("keeps a broken escape %j as it is", (wire, message) => {
    expect(decodeGrpcMessage(wire)).toBe(message);
  });

  it("turns invalid UTF-8 into U+FFFD instead of failing", () => {
    expect(decodeGrpcMessage("%FFok")).toBe("\ufffdok");
  });

  it("reads raw bytes a peer forgot to encode (latin1 from node:http2)", () => {
    expect(decodeGrpcMessage("\u00c3\u00a9")).toBe("\u00e9");
  });
});
