// `wiregrpc gen`: flags, generated files, errors, and --descriptor-set-out
// read back by protoc itself.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { repoRoot } from "../codegen/targets.js";
import { INSTALL, protocAvailable, requirement } from "../requirements.js";

const tmp = mkdtempSync(join(tmpdir(), "wiregrpc-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => void out.push(a.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => void err.push(a.join(" ")));
  try {
    return { code: main(args), out: out.join("\n"), err: err.join("\n") };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}


describe("wiregrpc gen", () => {
  it("--help explains every flag", () => {
    const r = run(["gen", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of ["-I", "--out", "--descriptor-set-out", "--include-imports", "--runtime", "--help"]) expect(r.out).toContain(flag);
  });

  it("generates reco.proto exactly as committed", () => {
    const out = join(tmp, "gen");
    const r = run(["gen", "-I", join(repoRoot, "proto"), "--out", out, "--runtime", "../../../src/runtime.js", join(repoRoot, "proto", "reco.proto")]);
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, "reco.ts"), "utf8")).toBe(readFileSync(join(repoRoot, "examples", "reco", "gen", "reco.ts"), "utf8"));
  });

  it("reports the seed's original field number 0 as file:line:col and exits 1", () => {
    const dir = join(tmp, "seed");
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(join(dir, "seed.proto"), 'syntax = "proto3";\nmessage UserRequest {\n    int64 user_id = 0;\n}\n');
    const r = run(["gen", "-I", dir, "--out", join(tmp, "never"), join(dir, "seed.proto")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^seed\.proto:3:\d+: .*positive/m);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(tmp, "never"))).toBe(false);
  });

  it("prints every error of a file, one line each, and exits 1", () => {
    const dir = join(tmp, "several");
    execFileSync("mkdir", ["-p", dir]);
    writeFileSync(join(dir, "bad.proto"), 'syntax = "proto3";\nmessage M {\n  Missing a = 1;\n  int32 b = 1;\n  int32 c = 0;\n}\n');
    const r = run(["gen", "-I", dir, "--out", join(tmp, "never"), join(dir, "bad.proto")]);
    expect(r.code).toBe(1);
    expect(r.err.split("\n")).toEqual([
      'bad.proto:3:3: "Missing" is not defined.',
      'bad.proto:4:13: Field number 1 has already been used in "M" by field "a".',
      "bad.proto:5:13: Field numbers must be positive integers.",
    ]);
    expect(existsSync(join(tmp, "never"))).toBe(false);
  });

  it("rejects unknown flags and missing inputs with exit code 1", () => {
    expect(run(["gen", "--bogus", "x.proto"]).code).toBe(1);
    expect(run(["gen"]).code).toBe(1);
    expect(run(["gen", "reco.proto"]).err).toMatch(/nothing to do/);
  });

  it("reports an import that cannot be found", () => {
    writeFileSync(join(tmp, "imports.proto"), 'syntax = "proto3";\nimport "nowhere/missing.proto";\n');
    const r = run(["gen", "-I", tmp, "--descriptor-set-out", join(tmp, "x.pb"), join(tmp, "imports.proto")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^imports\.proto:2:\d+: .*nowhere\/missing\.proto/m);
  });

  it.skipIf(!requirement("protoc (Debian protobuf-compiler)", protocAvailable(), INSTALL.protoc))("--descriptor-set-out --include-imports is what protoc writes, as protoc reads it", () => {
    // A file with imports (public ones too), custom options, maps and the well-known types.
    const includes = ["-I", join(repoRoot, "test", "schema", "protos")];
    const file = "proto3_all.proto";
    const ours = join(tmp, "ours.pb");
    const r = run(["gen", ...includes, "--descriptor-set-out", ours, "--include-imports", file]);
    expect(r.code, r.err).toBe(0);
    const theirs = join(tmp, "theirs.pb");
    execFileSync("protoc", [...includes, "-I", join(repoRoot, "proto"), `--descriptor_set_out=${theirs}`, "--include_imports", file]);
    const decode = (path: string): string =>
      execFileSync("protoc", ["-I", join(repoRoot, "proto"), "--decode=google.protobuf.FileDescriptorSet", "google/protobuf/descriptor.proto"], { input: readFileSync(path) }).toString();
    expect(decode(ours)).toBe(decode(theirs));
  });
});

describe("imports of the well-known types", () => {
  it("come from the package (wiregrpc/wkt/<name>) unless generated in the same run", () => {
    writeFileSync(join(tmp, "uses_wkt.proto"), 'syntax = "proto3";\nimport "google/protobuf/timestamp.proto";\nmessage At { google.protobuf.Timestamp when = 1; }\n');
    const out = join(tmp, "wkt-out");
    const r = run(["gen", "-I", tmp, "--out", out, join(tmp, "uses_wkt.proto")]);
    expect(r.code, r.err).toBe(0);
    const code = readFileSync(join(out, "uses_wkt.ts"), "utf8");
    expect(code).toContain('import * as $import_google_protobuf_timestamp from "wiregrpc/wkt/timestamp";');
    expect(code).toContain('from "wiregrpc";');
  });
});
