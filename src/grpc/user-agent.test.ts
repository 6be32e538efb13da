import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { codeName, Code, isCode } from "./code.js";
import { USER_AGENT, userAgent, VERSION } from "./user-agent.js";

describe("user-agent", () => {
  it("follows grpc-<language>-<variant>/<version>", () => {
    expect(USER_AGENT).toMatch(/^grpc-node-wiregrpc\/\d+\.\d+\.\d+ \(node v\d+/);
    expect(userAgent("app/1")).toBe(`app/1 ${USER_AGENT}`);
  });

  it("carries the package version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(VERSION).toBe(pkg.version);
  });
});

describe("Code", () => {
  it("has the 17 codes of doc/statuscodes.md", () => {
    expect(Code.Ok).toBe(0);
    expect(Code.Unauthenticated).toBe(16);
    expect(codeName(Code.DeadlineExceeded)).toBe("DEADLINE_EXCEEDED");
    expect(codeName(Code.Unauthenticated)).toBe("UNAUTHENTICATED");
    expect(isCode(16)).toBe(true);
    expect(isCode(17)).toBe(false);
  });
});
