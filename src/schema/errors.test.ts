/**
 * Errors a person understands: `file:line:col: reason`, with protoc's line,
 * column and wording. Each expected message below is what protoc 3.21 printed
 * for the same input (first line of its output), except where a comment says
 * otherwise.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ParseError } from "./errors.js";
import { loadProtoFilesWith } from "./loader.js";
import { parseProto } from "./parser.js";

/** Loads in-memory files, returning the ParseError thrown (or failing if none was). */
function errorOf(files: Record<string, string>, entry = "t.proto"): ParseError {
  const byName = new Map(Object.entries(files));
  try {
    loadProtoFilesWith([entry], (p) => byName.get(p));
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error("expected a ParseError");
}

const cases: [name: string, source: string, message: string][] = [
  ["dup_number", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n  string b = 1;\n}\n", "t.proto:4:14: Field number 1 has already been used in \"M\" by field \"a\"."],
  ["dup_name", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n  string a = 2;\n}\n", "t.proto:4:10: \"a\" is already defined in \"M\"."],
  ["dup_message", "syntax = \"proto3\";\npackage p;\nmessage M {}\nmessage M {}\n", "t.proto:4:9: \"M\" is already defined in \"p\"."],
  ["unknown_type", "syntax = \"proto3\";\npackage p;\nmessage M {\n  repeated Missing m = 1;\n}\n", "t.proto:4:12: \"Missing\" is not defined."],
  ["reserved_number", "syntax = \"proto3\";\nmessage M {\n  reserved 3 to 5;\n  int32 a = 4;\n}\n", "t.proto:4:13: Field \"a\" uses reserved number 4."], // protoc gives no position here; we point at the number
  ["reserved_name", "syntax = \"proto3\";\nmessage M {\n  reserved \"a\";\n  int32 a = 4;\n}\n", "t.proto:4:9: Field name \"a\" is reserved."],
  ["too_big", "syntax = \"proto3\";\nmessage M {\n  int32 a = 536870912;\n}\n", "t.proto:3:13: Field numbers cannot be greater than 536870911."],
  ["impl_reserved", "syntax = \"proto3\";\nmessage M {\n  int32 a = 19500;\n}\n", "t.proto:3:13: Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation."],
  ["map_key_float", "syntax = \"proto3\";\nmessage M {\n  map<float, string> m = 1;\n}\n", "t.proto:3:3: Key in map fields cannot be float/double, bytes or message types."],
  ["map_key_bytes", "syntax = \"proto3\";\nmessage M {\n  map<bytes, string> m = 1;\n}\n", "t.proto:3:3: Key in map fields cannot be float/double, bytes or message types."],
  ["map_key_message", "syntax = \"proto3\";\nmessage M {\n  map<M, string> m = 1;\n}\n", "t.proto:3:3: Key in map fields cannot be float/double, bytes or message types."],
  ["map_key_enum", "syntax = \"proto3\";\nenum E { Z = 0; }\nmessage M {\n  map<E, string> m = 1;\n}\n", "t.proto:4:3: Key in map fields cannot be enum types."],
  ["unexpected", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n  }\n}\n", "t.proto:5:1: Expected top-level statement (e.g. \"message\")."],
  ["unexpected_top", "syntax = \"proto3\";\nmesage M {}\n", "t.proto:2:1: Expected top-level statement (e.g. \"message\")."],
  ["missing_semicolon", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1\n  int32 b = 2;\n}\n", "t.proto:4:3: Expected \";\"."],
  ["unterminated_string", "syntax = \"proto3\";\nimport \"a.proto\n", "t.proto:2:16: String literals cannot cross line boundaries."],
  ["unterminated_comment", "syntax = \"proto3\";\nmessage M {}\n/* open\n\n", "t.proto:5:1: End-of-file inside block comment."],
  ["eof_in_message", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n", "t.proto:4:1: Reached end of input in message definition (missing '}')."],
  ["bad_escape", "syntax = \"proto2\";\nmessage M {\n  optional string a = 1 [default = \"\\q\"];\n}\n", "t.proto:3:38: Invalid escape sequence in string literal."],
  ["tab_column", "syntax = \"proto3\";\nmessage M {\n\tint32\ta = 0;\n}\n", "t.proto:3:21: Field numbers must be positive integers."],
  ["proto3_required", "syntax = \"proto3\";\nmessage M {\n  required int32 a = 1;\n}\n", "t.proto:3:12: Required fields are not allowed in proto3."],
  ["proto3_default", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1 [default = 2];\n}\n", "t.proto:3:26: Explicit default values are not allowed in proto3."],
  ["enum_first_zero", "syntax = \"proto3\";\nenum E {\n  A = 1;\n}\n", "t.proto:3:7: The first enum value must be zero in proto3."],
  ["enum_alias", "syntax = \"proto3\";\npackage p;\nenum E {\n  A = 0;\n  B = 0;\n}\n", "t.proto:5:7: \"p.B\" uses the same enum value as \"p.A\". If this is intended, set 'option allow_alias = true;' to the enum definition."],
  ["json_clash", "syntax = \"proto3\";\nmessage M {\n  int32 foo_bar = 1;\n  int32 fooBar = 2;\n}\n", "t.proto:4:9: The JSON camel-case name of field \"fooBar\" conflicts with field \"foo_bar\". This is not allowed in proto3."],
  ["not_a_type", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1;\n  a b = 2;\n}\n", "t.proto:4:3: \"a\" is not defined."],
  ["partial_scope", "syntax = \"proto3\";\npackage a.b;\nmessage M {\n  message b {}\n  b.X x = 1;\n}\n", "t.proto:5:3: \"b.X\" is resolved to \"a.b.M.b.X\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \".b.X\") to start from the outermost scope."],
  ["ext_range", "syntax = \"proto2\";\nmessage M {\n  extensions 10 to 20;\n}\nextend M {\n  optional int32 x = 21;\n}\n", "t.proto:6:22: \"M\" does not declare 21 as an extension number."],
  ["unknown_option", "syntax = \"proto3\";\noption java_pakage = \"x\";\n", "t.proto:2:8: Option \"java_pakage\" unknown. Ensure that your proto definition file imports the proto which defines the option."],
  ["bad_enum_default", "syntax = \"proto2\";\nenum E { A = 1; }\nmessage M {\n  optional E e = 1 [default = B];\n}\n", "t.proto:4:31: Enum type \"E\" has no value named \"B\"."],
  ["neg_number", "syntax = \"proto3\";\nmessage M {\n  int32 a = -1;\n}\n", "t.proto:3:13: Expected field number."],
  ["huge_number", "syntax = \"proto3\";\nmessage M {\n  int32 a = 99999999999;\n}\n", "t.proto:3:13: Integer out of range."],
  ["label_proto2", "syntax = \"proto2\";\nmessage M {\n  int32 a = 1;\n}\n", "t.proto:3:3: Expected \"required\", \"optional\", or \"repeated\"."],
  ["packed_string", "syntax = \"proto2\";\nmessage M {\n  repeated string a = 1 [packed = true];\n}\n", "t.proto:3:12: [packed = true] can only be specified for repeated primitive fields."],
  ["bad_syntax", "syntax = \"proto4\";\n", "t.proto:1:10: Unrecognized syntax identifier \"proto4\".  This parser only recognizes \"proto2\" and \"proto3\"."],
  ["number_letter", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1x;\n}\n", "t.proto:3:14: Need space between number and identifier."],
  ["option_type", "syntax = \"proto3\";\noption java_multiple_files = \"yes\";\n", "t.proto:2:30: Value must be identifier for boolean option \"google.protobuf.FileOptions.java_multiple_files\"."],
  ["method_type_shadow", "syntax = \"proto3\";\npackage p;\nmessage M {}\nservice S {\n  rpc M (M) returns (M);\n}\n", "t.proto:5:10: \"M\" is not a message type."],
  ["empty_oneof", "syntax = \"proto3\";\nmessage M {\n  oneof o {\n  }\n}\n", "t.proto:4:3: Expected type name."],
  ["empty_enum", "syntax = \"proto3\";\nenum E {\n}\n", "t.proto:2:6: Enums must contain at least one value."],
  ["unknown_custom_option", "syntax = \"proto3\";\nmessage M {\n  int32 a = 1 [(nope) = 1];\n}\n", "t.proto:3:16: Option \"(nope)\" unknown. Ensure that your proto definition file imports the proto which defines the option."],
  ["option_twice", "syntax = \"proto3\";\noption java_package = \"a\";\noption java_package = \"b\";\n", "t.proto:3:8: Option \"java_package\" was already set."],
  ["ext_not_option", "syntax = \"proto3\";\nimport \"p2m.proto\";\nextend M2 {\n  int32 x = 5;\n}\n", "t.proto:3:8: Extensions in proto3 are only allowed for defining options."],
  ["ext_json_name", "syntax = \"proto2\";\nmessage M { extensions 1 to 10; }\nextend M {\n  optional int32 x = 1 [json_name = \"y\"];\n}\n", "t.proto:4:25: option json_name is not allowed on extension fields."],
  ["ext_dup", "syntax = \"proto2\";\nmessage M { extensions 1 to 10; }\nextend M {\n  optional int32 x = 1;\n  optional int32 y = 1;\n}\n", "t.proto:5:22: Extension number 1 has already been used in \"M\" by extension \"x\"."],
  ["field_dup_message", "syntax = \"proto3\";\nmessage M {\n  message constructor {}\n  string constructor = 2;\n}\n", "t.proto:3:11: \"constructor\" is already defined in \"M\"."],
  ["group_lowercase", "syntax = \"proto2\";\nmessage M {\n  optional group g = 1 {}\n}\n", "t.proto:3:18: Group names must start with a capital letter."],
  ["map_label", "syntax = \"proto3\";\nmessage M {\n  repeated map<string, string> m = 1;\n}\n", "t.proto:3:15: Field labels (required/optional/repeated) are not allowed on map fields."],
  ["oneof_label", "syntax = \"proto3\";\nmessage M {\n  oneof o {\n    optional int32 a = 1;\n  }\n}\n", "t.proto:4:5: Fields in oneofs must not have labels (required / optional / repeated)."],
  ["bad_default_type", "syntax = \"proto2\";\nmessage M {\n  optional int32 a = 1 [default = \"x\"];\n}\n", "t.proto:3:35: Expected integer for field default value."],
  ["unsigned_negative", "syntax = \"proto2\";\nmessage M {\n  optional uint32 a = 1 [default = -1];\n}\n", "t.proto:3:37: Unsigned field can't have negative default value."],
  ["default_range", "syntax = \"proto2\";\nmessage M {\n  optional int32 a = 1 [default = 2147483648];\n}\n", "t.proto:3:35: Integer out of range."],
  ["bool_default", "syntax = \"proto2\";\nmessage M {\n  optional bool a = 1 [default = 1];\n}\n", "t.proto:3:34: Expected \"true\" or \"false\"."],
  ["repeated_default", "syntax = \"proto2\";\nmessage M {\n  repeated int32 a = 1 [default = 1];\n}\n", "t.proto:3:35: Repeated fields can't have default values."],
  ["message_default", "syntax = \"proto2\";\nmessage M {\n  optional M a = 1 [default = 1];\n}\n", "t.proto:3:31: Messages can't have default values."],
  ["multiple_package", "package a;\npackage b;\n", "t.proto:2:1: Multiple package definitions."],
  ["enum_reserved", "syntax = \"proto3\";\nenum E {\n  Z = 0;\n  reserved 1 to 3;\n  A = 2;\n}\n", "t.proto:5:7: Enum value \"A\" uses reserved number 2."], // protoc gives no position here
  ["enum_reserved_name", "syntax = \"proto3\";\nenum E {\n  Z = 0;\n  reserved \"A\";\n  A = 2;\n}\n", "t.proto:5:3: Enum value \"A\" is reserved."],
  ["closed_enum_in_proto3", "syntax = \"proto3\";\nimport \"p2.proto\";\nmessage M {\n  E2 e = 1;\n}\n", "t.proto:4:3: Enum type \"E2\" is not a proto3 enum, but is used in \"M\" which is a proto3 message type."],
  ["import_twice", "syntax = \"proto3\";\nimport \"p2.proto\";\nimport \"p2.proto\";\n", "t.proto:3:1: Import \"p2.proto\" was listed twice."],
  // Ranges. Where protoc gives no position we point at the range; for overlapping extension
  // ranges protoc points at the first range, we at the one that overlaps an earlier one.
  ["reserved_zero", "syntax = \"proto3\";\nmessage M {\n  reserved 0;\n}\n", "t.proto:3:12: Reserved numbers must be positive integers."],
  ["reserved_overlap", "syntax = \"proto3\";\nmessage M {\n  reserved 1 to 5;\n  reserved 3;\n}\n", "t.proto:4:12: Reserved range 3 to 3 overlaps with already-defined range 1 to 5."],
  ["ext_zero", "syntax = \"proto2\";\nmessage M {\n  extensions 0 to 5;\n}\n", "t.proto:3:14: Extension numbers must be positive integers."],
  ["ext_backwards", "syntax = \"proto2\";\nmessage M {\n  extensions 5 to 2;\n}\n", "t.proto:3:14: Extension range end number must be greater than start number."],
  ["ext_overlap", "syntax = \"proto2\";\nmessage M {\n  extensions 1 to 5;\n  extensions 3 to 8;\n}\n", "t.proto:4:14: Extension range 3 to 8 overlaps with already-defined range 1 to 5."],
  ["ext_reserved_overlap", "syntax = \"proto2\";\nmessage M {\n  extensions 1 to 5;\n  reserved 3;\n}\n", "t.proto:3:14: Extension range 1 to 5 overlaps with reserved range 3 to 3."],
  ["ext_too_big", "syntax = \"proto2\";\nmessage M {\n  extensions 1 to 536870912;\n}\n", "t.proto:3:14: Extension numbers cannot be greater than 536870911."],
  ["enum_reserved_overlap", "syntax = \"proto3\";\nenum E {\n  Z = 0;\n  reserved 1 to 5;\n  reserved 3;\n}\n", "t.proto:5:12: Reserved range 3 to 3 overlaps with already-defined range 1 to 5."],
  ["enum_reserved_backwards", "syntax = \"proto3\";\nenum E {\n  Z = 0;\n  reserved 5 to 2;\n}\n", "t.proto:4:12: Reserved range end number must be greater than start number."],
  ["ext_in_proto3", "syntax = \"proto3\";\nmessage M {\n  extensions 1 to 5;\n}\n", "t.proto:3:14: Extension ranges are not allowed in proto3."],
  ["option_on_wrong", "syntax = \"proto3\";\nimport \"google/protobuf/descriptor.proto\";\nextend google.protobuf.FileOptions { int32 fo = 50000; }\nmessage M {\n  option (fo) = 1;\n}\n", "t.proto:5:10: Option field \"(fo)\" is not a field or extension of message \"MessageOptions\"."],
  // protoc points past the end of the file here; we point at the enum's name.
  ["alias_without_aliases", "syntax = \"proto3\";\nenum E {\n  option allow_alias = true;\n  A = 0;\n  B = 1;\n}\n", "t.proto:2:6: \"E\" declares support for enum aliases but no enum values share field numbers. Please remove the unnecessary 'option allow_alias = true;' declaration."],
];

/** Imported by some cases above. */
const helpers = {
  "p2.proto": 'syntax = "proto2";\nenum E2 { A = 1; }\n',
  "p2m.proto": 'syntax = "proto2";\nmessage M2 { extensions 1 to 10; }\n',
};

describe("errors at protoc's positions", () => {
  it.each(cases)("%s", (_name, source, message) => {
    const err = errorOf({ "t.proto": source, ...helpers }).errors[0]!;
    expect(err.message).toBe(message);
    const m = /^t\.proto:(\d+):(\d+): (.*)$/s.exec(message)!;
    expect([err.file, err.line, err.column, err.reason]).toEqual(["t.proto", Number(m[1]), Number(m[2]), m[3]]);
  });

  it("rejects the seed's original reco.proto (user_id = 0)", () => {
    const source = readFileSync(join(import.meta.dirname, "../../test/schema/errors/seed_reco.proto"), "utf8");
    const err = errorOf({ "seed_reco.proto": source }, "seed_reco.proto");
    expect(err.message).toBe("seed_reco.proto:14:21: Field numbers must be positive integers.");
  });

  it("reports a missing import at the import statement", () => {
    const err = errorOf({ "t.proto": 'syntax = "proto3";\nimport "nope.proto";\nmessage M {}\n' });
    expect(err.message).toBe('t.proto:2:1: Import "nope.proto" was not found or had errors.');
  });

  it("reports a missing requested file", () => {
    expect(() => loadProtoFilesWith(["none.proto"], () => undefined)).toThrow("none.proto: File not found.");
  });

  it("reports an import cycle with the chain", () => {
    const err = errorOf(
      {
        "t.proto": 'syntax = "proto3";\nimport "u.proto";\n',
        "u.proto": 'syntax = "proto3";\n\nimport "t.proto";\n',
      },
      "t.proto",
    );
    expect(err.message).toBe("t.proto:2:1: File recursively imports itself: t.proto -> u.proto -> t.proto");
  });

  it("reports a file importing itself", () => {
    const err = errorOf({ "t.proto": 'import "t.proto";\n' });
    expect(err.message).toBe("t.proto:1:1: File recursively imports itself: t.proto -> t.proto");
  });

  it("says editions are not supported yet", () => {
    const err = errorOf({ "t.proto": '// new style\nedition = "2023";\nmessage M {}\n' });
    expect(err.line).toBe(2);
    expect(err.column).toBe(1);
    expect(err.reason).toMatch(/^Editions are not supported yet/);
  });

  it("counts columns like protoc: UTF-8 bytes, tabs to multiples of 8", () => {
    const err = errorOf({ "t.proto": 'syntax = "proto3";\nmessage M { string s = 1 [json_name = "é"]; int32 x = 0; }\n' });
    // "é" is two bytes in UTF-8.
    expect(err.message).toBe("t.proto:2:56: Field numbers must be positive integers.");
  });

  it("parseProto reports syntax errors the same way", () => {
    expect(() => parseProto("message M {\n  optional int32 a = 1\n}\n", "x.proto")).toThrow('x.proto:3:1: Expected ";".');
  });

  it("names a type that exists but is not imported", () => {
    const err = errorOf({
      "t.proto": 'syntax = "proto3";\nimport "u.proto";\nmessage M {\n  Hidden h = 1;\n}\n',
      "u.proto": 'syntax = "proto3";\nimport "v.proto";\n',
      "v.proto": 'syntax = "proto3";\nmessage Hidden {}\n',
    });
    expect(err.message).toBe(
      't.proto:4:3: "Hidden" seems to be defined in "v.proto", which is not imported by "t.proto".  To use it here, please add the necessary import.',
    );
  });
});
