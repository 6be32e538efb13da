import { describe, expect, it } from "vitest";
import { CLIENT_PREFACE, matchClientPreface, prefaceMismatch } from "./preface.js";

describe("matchClientPreface (§3.4)", () => {
  it("matches the whole preface at once, or piece by piece", () => {
    expect(matchClientPreface(CLIENT_PREFACE, 0, 0)).toBe(24);
    let matched = 0;
    for (const byte of CLIENT_PREFACE) matched += matchClientPreface(Uint8Array.of(byte), 0, matched);
    expect(matched).toBe(24);
  });

  it("takes only the preface's bytes from a chunk that goes on with frames", () => {
    const chunk = Buffer.concat([Buffer.from("xx"), CLIENT_PREFACE.subarray(10), Buffer.from("000000", "hex")]);
    expect(matchClientPreface(chunk, 2, 10)).toBe(14);
  });

  it("returns -1 at a differing byte", () => {
    expect(matchClientPreface(Buffer.from("PRI * HTTP/1.1"), 0, 0)).toBe(-1);
    expect(matchClientPreface(Buffer.from("X"), 0, 23)).toBe(-1);
  });

  it("quotes what arrived in the error", () => {
    const error = prefaceMismatch(Buffer.from("\x16\x03\x01\x02"), 0);
    expect(error.code).toBe(1);
    expect(error.scope).toBe("connection");
    expect(error.reason).toContain('received "\\x16\\x03\\x01\\x02" (RFC 9113 §3.4)');
  });
});
