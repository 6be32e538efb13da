import { describe, expect, it } from "vitest";
import { FieldLabel, FieldType } from "./descriptor.js";
import { join } from "node:path";
import { loadProtoFiles, loadProtoFilesWith } from "./loader.js";
import { parseProto } from "./parser.js";
import { stringLiteralBytes, Tok, Tokenizer } from "./tokenizer.js";

describe("tokenizer", () => {
  const tokens = (src: string): [number, string][] => {
    const t = new Tokenizer(src, "t.proto");
    const out: [number, string][] = [];
    while (t.kind !== Tok.End) {
      out.push([t.kind, t.text]);
      t.next();
    }
    return out;
  };

  it("splits identifiers, numbers, strings and symbols, skipping both kinds of comments", () => {
    expect(tokens("a.b_1 = 0x1F; // c\n/* d\n*/ 1.5e3 .5 'x\\'y' 017 -2")).toEqual([
      [Tok.Ident, "a"], [Tok.Symbol, "."], [Tok.Ident, "b_1"], [Tok.Symbol, "="], [Tok.Int, "0x1F"], [Tok.Symbol, ";"],
      [Tok.Float, "1.5e3"], [Tok.Float, ".5"], [Tok.String, "'x\\'y'"], [Tok.Int, "017"], [Tok.Symbol, "-"], [Tok.Int, "2"],
    ]);
  });

  it.each([
    ['"a\\tb"', [97, 9, 98]],
    ['"\\x41\\101\\0"', [65, 65, 0]],
    ['"\\u00e9"', [0xc3, 0xa9]],
    ['"\\U0001F600"', [0xf0, 0x9f, 0x98, 0x80]],
    ['"\\a\\b\\f\\n\\r\\v\\\\\\?\\\'\\""', [7, 8, 12, 10, 13, 11, 92, 63, 39, 34]],
    ['"é"', [0xc3, 0xa9]],
  ])("string %s", (literal, bytes) => {
    const out: number[] = [];
    stringLiteralBytes(literal, out);
    expect(out).toEqual(bytes);
  });

  it.each([
    ["1x", "1:2: Need space between number and identifier."],
    ["09", "1:2: Numbers starting with leading zero must be in octal."],
    ['"\\z"', "1:3: Invalid escape sequence in string literal."],
    ['"abc', "1:5: Unexpected end of string."],
    ["1e", "1:3: \"e\" must be followed by exponent."],
  ])("rejects %s", (src, where) => {
    expect(() => tokens(src)).toThrow(`t.proto:${where}`);
  });
});

describe("parseProto (one file, names unresolved)", () => {
  const fd = parseProto(
    `syntax = "proto3";
package p;
import "other.proto";
option java_package = "x";
option (custom.opt) = 1;
message M {
  optional int32 a = 1;
  other.T t = 2;
  map<string, .q.V> values = 3;
  reserved 10 to max;
}
`,
    "m.proto",
  );

  it("keeps type names as written", () => {
    const m = fd.messageType[0]!;
    expect(m.field[1]!.typeName).toBe("other.T");
    expect(m.field[1]!.type).toBeUndefined();
    expect(m.nestedType[0]!.field[1]!.typeName).toBe(".q.V");
  });

  it("builds synthetic oneofs and map entries as protoc does", () => {
    const m = fd.messageType[0]!;
    expect(m.oneofDecl).toEqual([{ name: "_a" }]);
    expect(m.field[0]).toMatchObject({ name: "a", label: FieldLabel.Optional, proto3Optional: true, oneofIndex: 0, jsonName: "a" });
    expect(m.field[2]).toMatchObject({ label: FieldLabel.Repeated, typeName: "ValuesEntry" });
    expect(m.nestedType[0]!.name).toBe("ValuesEntry");
    expect(m.nestedType[0]!.field[0]).toMatchObject({ name: "key", number: 1, type: FieldType.String, jsonName: "key" });
    expect(m.nestedType[0]!.options).toEqual(Uint8Array.of(0x38, 1));
    expect(m.reservedRange).toEqual([{ start: 10, end: 536870912 }]);
  });

  it("encodes standard options and leaves custom ones for resolution", () => {
    expect(fd.options).toEqual(Uint8Array.of(10, 1, 120));
  });
});

describe("loadProtoFiles (from disk)", () => {
  it("names a file given by its path after the include path it lies in, as protoc does", () => {
    const proto = join(import.meta.dirname, "../../proto");
    const { files } = loadProtoFiles([join(proto, "reco.proto")], { includePaths: [proto] });
    expect(files[0]!.name).toBe("reco.proto");
    expect(files[0]!.service[0]!.method[0]!.inputType).toBe(".UserRequest");
    // google/protobuf files come from the shipped proto/ folder when no include path has them.
    const wkt = loadProtoFiles(["google/protobuf/api.proto"], { includePaths: [join(import.meta.dirname)] });
    expect(wkt.all.map((f) => f.name)).toEqual([
      "google/protobuf/source_context.proto",
      "google/protobuf/any.proto",
      "google/protobuf/type.proto",
      "google/protobuf/api.proto",
    ]);
  });
});

describe("loadProtoFilesWith (in memory)", () => {
  it("resolves imports through the reader and the shipped well-known types", () => {
    const files = new Map([
      ["a.proto", 'syntax = "proto3"; package a; import "b.proto"; import "google/protobuf/empty.proto"; message A { b.B b = 1; google.protobuf.Empty e = 2; }'],
      ["b.proto", 'syntax = "proto3"; package b; message B {}'],
    ]);
    const r = loadProtoFilesWith(["a.proto"], (p) => files.get(p));
    expect(r.files.map((f) => f.name)).toEqual(["a.proto"]);
    expect(r.all.map((f) => f.name)).toEqual(["b.proto", "google/protobuf/empty.proto", "a.proto"]);
    expect(r.files[0]!.messageType[0]!.field.map((f) => f.typeName)).toEqual([".b.B", ".google.protobuf.Empty"]);
    expect(() => loadProtoFilesWith(["a.proto"], (p) => files.get(p), { builtins: false })).toThrow(
      'a.proto:1:49: Import "google/protobuf/empty.proto" was not found or had errors.',
    );
  });
});
