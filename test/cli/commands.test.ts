// The `wiregrpc` command as a user runs it (bin/wiregrpc.js over dist/):
// --version, help, and one line with a non-zero exit for every mistake.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { INSTALL, requirement } from "../requirements.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const bin = `${root}bin/wiregrpc.js`;
const built = requirement("dist/ (the build)", existsSync(`${root}dist/src/cli/main.js`), INSTALL.build);
const version = (JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string }).version;

function wiregrpc(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", cwd: root, timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!built)("the wiregrpc command", () => {
  it.each([["--version"], ["version"], ["-V"]])("%s prints the package's version", (flag) => {
    const r = wiregrpc(flag);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`wiregrpc ${version}\n`);
  });

  it.each([["help"], ["--help"], ["-h"]])("%s lists the commands", (flag) => {
    const r = wiregrpc(flag);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: wiregrpc <command>/);
    for (const command of ["gen", "help", "version"]) expect(r.stdout).toMatch(new RegExp(`^  ${command} `, "m"));
  });

  it("help gen shows gen's flags", () => {
    const r = wiregrpc("help", "gen");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: wiregrpc gen/);
  });

  it("no command prints the usage and exits 1", () => {
    const r = wiregrpc();
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Usage: wiregrpc <command>/);
  });

  it.each([
    [["bogus"], /^wiregrpc: unknown command "bogus" \(wiregrpc help lists the commands\)$/],
    [["gen", "--bogus"], /^wiregrpc gen: unknown option --bogus \(see --help\)$/],
    [["gen", "--out"], /^wiregrpc gen: --out needs a value$/],
    [["gen", "-I", "proto", "--out", "/tmp/unused", "no-such-file.proto"], /^no-such-file\.proto: File not found\.$/],
    [["gen", "-I", "proto", "--out", "/dev/null/x", "proto/reco.proto"], /^wiregrpc: ENOTDIR: not a directory/],
  ])("%j prints one line and exits 1", (args, line) => {
    const r = wiregrpc(...args);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(line);
    expect(r.stdout).toBe("");
  });
});
