import { describe, expect, it } from "vitest";
import { isReservedKey, Metadata } from "./metadata.js";

describe("Metadata", () => {
  it("lower-cases keys and keeps values in order", () => {
    const md = new Metadata().append("X-Trace", "a").append("x-trace", "b");
    expect(md.get("x-TRACE")).toBe("a");
    expect(md.getAll("x-trace")).toEqual(["a", "b"]);
    expect([...md]).toEqual([
      ["x-trace", "a"],
      ["x-trace", "b"],
    ]);
  });

  it("set replaces, delete removes", () => {
    const md = new Metadata({ a: ["1", "2"] });
    md.set("a", "3");
    expect(md.getAll("a")).toEqual(["3"]);
    expect(md.delete("a")).toBe(true);
    expect(md.has("a")).toBe(false);
    expect(md.size).toBe(0);
  });

  it("keeps bytes for -bin keys", () => {
    const md = new Metadata({ "trace-bin": Uint8Array.of(1, 2) });
    expect(md.getBinary("trace-bin")).toEqual(Uint8Array.of(1, 2));
    expect(md.get("trace-bin")).toBeUndefined();
    expect(md.toJSON()).toEqual({ "trace-bin": ["AQI="] });
  });

  it("accepts records, pair lists and other Metadata", () => {
    const a = new Metadata([["k", "v"]]);
    const b = new Metadata(a).append("k", "w");
    expect(a.getAll("k")).toEqual(["v"]);
    expect(b.getAll("k")).toEqual(["v", "w"]);
  });

  it.each([
    ["bad key", "x y", "v"],
    ["upper-case beyond ASCII", "\u00e9", "v"],
    ["empty key", "", "v"],
    ["reserved grpc- key", "grpc-status", "0"],
    ["pseudo-header", ":path", "/"],
    ["content-type", "content-type", "text/plain"],
    ["bytes under an ASCII key", "k", Uint8Array.of(1)],
    ["a string under a -bin key", "k-bin", "AQI"],
    ["a newline in a value", "k", "a\nb"],
    ["non-ASCII value", "k", "\u00e9"],
  ])("rejects %s", (_, key, value) => {
    expect(() => new Metadata().set(key, value)).toThrow(TypeError);
  });

  it("classifies reserved keys", () => {
    expect(isReservedKey("grpc-timeout")).toBe(true);
    expect(isReservedKey("te")).toBe(true);
    expect(isReservedKey("authorization")).toBe(false);
    expect(isReservedKey("user-agent")).toBe(false);
  });
});
