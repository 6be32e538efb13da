/**
 * A file with several mistakes is reported in full, as protoc does: one
 * `file:line:col: reason` line per mistake, so a newcomer fixes them all in
 * one round. Each table lists what we report; when protoc 3.21 is installed,
 * every line protoc prints for the same file must be among ours (protoc stops
 * checking some rules after earlier errors, so ours may list more).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { INSTALL, protocAvailable, requirement } from "../../test/requirements.js";
import { ParseError, ParseErrors } from "./errors.js";
import { loadProtoFilesWith } from "./loader.js";

const cases: [name: string, source: string, ours: string[]][] = [
  [
    "names, numbers and enums",
    [
      'syntax = "proto3";',
      "package p;",
      "message M {",
      "  reserved 3;",
      '  reserved "z";',
      "  int32 a = 1;",
      "  int32 b = 1;",
      "  int32 c = 3;",
      "  Missing d = 4;",
      "  int32 z = 5;",
      "  Other e = 6;",
      "}",
      "enum E { A = 1; B = 1; }",
      "message M {}",
      "",
    ].join("\n"),
    [
      't.proto:14:9: "M" is already defined in "p".',
      't.proto:9:3: "Missing" is not defined.',
      't.proto:11:3: "Other" is not defined.',
      't.proto:7:13: Field number 1 has already been used in "p.M" by field "a".',
      't.proto:8:13: Field "c" uses reserved number 3.', // protoc gives no position here
      't.proto:10:9: Field name "z" is reserved.',
      "t.proto:13:14: The first enum value must be zero in proto3.",
      `t.proto:13:21: "p.B" uses the same enum value as "p.A". If this is intended, set 'option allow_alias = true;' to the enum definition.`,
    ],
  ],
  [
    "fields, extensions, enums and methods",
    [
      'syntax = "proto2";',
      "package q;",
      "message Host {",
      "  extensions 100 to 199;",
      "  optional Nope n = 1;",
      "  optional int32 big = 536870912;",
      '  repeated string s = 2 [default = "x"];',
      "  message Inner {",
      "    optional int32 x = 19001;",
      "    optional Inner y = 2 [default = 3];",
      "  }",
      "}",
      "extend Host {",
      "  optional int32 outside = 5;",
      "  required int32 req = 150;",
      "}",
      "extend Unknown {",
      "  optional int32 u = 1;",
      "}",
      "enum Empty {",
      "}",
      "service S {",
      "  rpc A (Gone) returns (Host);",
      "  rpc B (Host) returns (Lost);",
      "}",
      "message Opts {",
      "  option (no_such_option) = 1;", // not interpreted in a file with errors, as in protoc
      "}",
      "",
    ].join("\n"),
    [
      't.proto:5:12: "Nope" is not defined.',
      't.proto:17:8: "Unknown" is not defined.',
      't.proto:23:10: "Gone" is not defined.',
      't.proto:24:25: "Lost" is not defined.',
      "t.proto:6:24: Field numbers cannot be greater than 536870911.",
      "t.proto:7:36: Repeated fields can't have default values.",
      "t.proto:9:24: Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation.",
      "t.proto:10:37: Messages can't have default values.",
      "t.proto:20:6: Enums must contain at least one value.",
      't.proto:14:28: "q.Host" does not declare 5 as an extension number.',
      "t.proto:15:12: The extension q.req cannot be required.",
    ],
  ],
  [
    // A duplicate name is one mistake: its JSON name does not clash a second time.
    "a field name used twice",
    'syntax = "proto3";\nmessage M {\n  int32 a = 1;\n  string a = 2;\n}\n',
    ['t.proto:4:10: "a" is already defined in "M".'],
  ],
  [
    "both types of a method",
    'syntax = "proto3";\npackage p;\nmessage M {}\nservice S {\n  rpc M (M) returns (M);\n}\n',
    ['t.proto:5:10: "M" is not a message type.', 't.proto:5:22: "M" is not a message type.'],
  ],
];

function errorOf(source: string): ParseError {
  try {
    loadProtoFilesWith(["t.proto"], (p) => (p === "t.proto" ? source : undefined));
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error("expected a ParseError");
}

/** What protoc prints for `source` (its stderr lines), without its closing number hint. */
function protocLines(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "wiregrpc-errors-"));
  try {
    writeFileSync(join(dir, "t.proto"), source);
    execFileSync("protoc", ["-I", dir, "--descriptor_set_out=/dev/null", join(dir, "t.proto")], { stdio: "pipe" });
    throw new Error("protoc accepted the file");
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr;
    if (stderr === undefined) throw e;
    return stderr.toString().split("\n").filter((l) => l !== "" && !l.includes("Suggested field numbers"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("every error in a file", () => {
  it.each(cases)("%s", (_name, source, ours) => {
    const err = errorOf(source);
    expect(err.errors.map((e) => e.message)).toEqual(ours);
    expect(err.message).toBe(ours.join("\n"));
    expect(err instanceof ParseErrors).toBe(ours.length > 1);
    // The error itself is the first one found, position and all.
    const first = err.errors[0]!;
    expect([err.file, err.line, err.column, err.reason]).toEqual([first.file, first.line, first.column, first.reason]);
  });

  const haveProtoc = requirement("protoc (Debian protobuf-compiler)", protocAvailable(), INSTALL.protoc);
  it.skipIf(!haveProtoc).each(cases)("%s: every line protoc prints is among ours", (_name, source, ours) => {
    const reasons = ours.map((l) => l.replace(/^t\.proto:\d+:\d+: /, ""));
    const theirs = protocLines(source);
    expect(theirs.length).toBeGreaterThan(0);
    for (const line of theirs) {
      const positioned = /^t\.proto:\d+:\d+: /.test(line);
      if (positioned) expect(ours).toContain(line);
      else expect(reasons).toContain(line.replace(/^t\.proto: /, ""));
    }
  });
});
