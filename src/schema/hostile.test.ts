/**
 * Hostile input: names that are properties of every JavaScript object never
 * become keys of plain objects, and deep nesting is an error, not a stack
 * overflow.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeFileDescriptorProto, encodeFileDescriptorProto } from "./descriptor-codec.js";
import { ParseError } from "./errors.js";
import { loadProtoFiles, loadProtoFilesWith } from "./loader.js";
import { jsonName } from "./names.js";
import { parseProto } from "./parser.js";

const protos = join(import.meta.dirname, "../../test/schema/protos");

describe("names that are Object.prototype properties", () => {
  const before = Object.getOwnPropertyNames(Object.prototype).sort();

  it("loads a file whose messages, fields, enums and services are named __proto__, constructor, toString, hasOwnProperty", () => {
    const { files, pool } = loadProtoFiles(["hostile.proto"], { includePaths: [protos] });
    const fd = files[0]!;
    expect(fd.package).toBe("constructor.__proto__");
    const proto = pool.message("constructor.__proto__.__proto__")!;
    expect(proto.descriptor.field.map((f) => f.name)).toEqual([
      "__proto__", "constructor", "toString", "hasOwnProperty", "prototype", "valueOf", "propertyIsEnumerable",
    ]);
    expect(pool.message("constructor.__proto__.toString")!.descriptor.field[0]!.typeName).toBe(".constructor.__proto__.__proto__");
    expect(pool.enum("constructor.__proto__.hasOwnProperty")!.descriptor.value.map((v) => v.name)).toEqual(["valueOf", "__lookupGetter__"]);
    expect(pool.service("constructor.__proto__.constructor")!.descriptor.method.map((m) => m.name)).toEqual(["__proto__", "hasOwnProperty"]);
    expect(pool.findSymbol("constructor.__proto__.__proto__.constructor")).toBe(fd);
    expect(pool.findSymbol("constructor.__proto__.valueOf")).toBe(fd); // an enum value, sibling of its enum
    expect(pool.findSymbol("constructor.__proto__.constructor.hasOwnProperty")).toBe(fd); // a method
    expect(pool.findSymbol("toString")).toBeUndefined();
    expect(pool.findSymbol("__proto__")).toBeUndefined();
    expect(pool.message("constructor")).toBeUndefined(); // a package, not a message
    // The map entry generated for `prototype`.
    expect(pool.message("constructor.__proto__.__proto__.PrototypeEntry")).toBeDefined();
    // Round trip through bytes.
    expect(decodeFileDescriptorProto(encodeFileDescriptorProto(fd))).toEqual(fd);
  });

  it("leaves Object.prototype untouched", () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    const plain: Record<string, unknown> = {};
    expect(typeof plain.toString).toBe("function");
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
  });

  it("accepts such names as file names and JSON names", () => {
    const files = new Map([
      ["__proto__", 'syntax = "proto3"; import "constructor"; message A { B b = 1; }'],
      ["constructor", 'syntax = "proto3"; message B { string __proto__ = 1; }'],
    ]);
    const { all } = loadProtoFilesWith(["__proto__"], (p) => files.get(p));
    expect(all.map((f) => f.name)).toEqual(["constructor", "__proto__"]);
    expect(all[0]!.messageType[0]!.field[0]!.jsonName).toBe("Proto");
    expect(jsonName("__proto__")).toBe("Proto");
    expect(() => loadProtoFilesWith(["toString"], (p) => files.get(p))).toThrow("toString: File not found.");
  });
});

describe("deep nesting", () => {
  const expectParseError = (source: string): ParseError => {
    let caught: unknown;
    try {
      parseProto(source, "deep.proto");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ParseError);
    return caught as ParseError;
  };

  it("10,000 nested messages is an error, not a stack overflow", () => {
    const err = expectParseError("message A { ".repeat(10_000) + "}".repeat(10_000));
    expect(err.reason).toMatch(/nested more than 64 levels/);
  });

  it("10,000 nested braces in an option value is an error", () => {
    const err = expectParseError("option (x) = " + "{ a ".repeat(10_000) + "}".repeat(10_000) + ";");
    expect(err.reason).toMatch(/recursion limit/);
  });

  it("10,000 nested groups is an error", () => {
    expectParseError('syntax = "proto2"; message M { ' + "optional group G = 1 { ".repeat(10_000) + "}".repeat(10_001));
  });

  it("10,000 bare braces is an error", () => {
    expectParseError("{".repeat(10_000));
    expectParseError("message M " + "{".repeat(10_000));
  });

  it("64 levels are fine", () => {
    const fd = parseProto("message A { ".repeat(64) + "}".repeat(64), "ok.proto");
    let depth = 0;
    for (let m = fd.messageType[0]; m !== undefined; m = m.nestedType[0]) depth++;
    expect(depth).toBe(64);
    expect(decodeFileDescriptorProto(encodeFileDescriptorProto(fd))).toEqual(fd);
  });
});
