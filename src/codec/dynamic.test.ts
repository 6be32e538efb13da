// The dynamic codec compiles each message to JavaScript at run time: names
// from descriptors must stay data (never code), and fields named like
// Object.prototype's properties must stay plain fields.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DescriptorPool, FieldLabel, FieldType, loadProtoFiles, type DescriptorProto, type FieldDescriptorProto } from "../schema/index.js";
import { DynamicCodec, type DynamicMessage } from "./dynamic.js";
import { typeLookup, type TypeLookup } from "./message-plan.js";

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

describe("fields named like Object.prototype's properties", () => {
  const { all } = loadProtoFiles(["hostile.proto"], { includePaths: [join(import.meta.dirname, "../../test/schema/protos")] });
  const pool = new DescriptorPool();
  for (const f of all) pool.add(f);
  const codec = new DynamicCodec(typeLookup(pool));
  const Proto = codec.messageType("constructor.__proto__.__proto__");
  const before = Object.getOwnPropertyNames(Object.prototype).sort();

  it("are plain own fields of messages whose prototype chain lacks Object.prototype", () => {
    const m = Proto.create();
    expect(Object.getPrototypeOf(Object.getPrototypeOf(m))).toBeNull();
    // `int32 __proto__` is "Proto" in lowerCamelCase (protoc's JSON name).
    expect(Object.keys(m)).toEqual(["Proto", "constructor", "toString", "hasOwnProperty", "prototype", "isPrototypeOf"]);
    expect(m["constructor"]).toBe("");
    expect(m["toString"]).toBe(false);
  });

  it("round-trip, including a map of messages and a oneof", () => {
    const inner = Proto.create({ Proto: 7 });
    const m = Proto.create({
      Proto: 150,
      constructor: "c",
      toString: true,
      hasOwnProperty: new Uint8Array([1, 2]),
      prototype: new Map([["k", inner]]),
      valueOf: 0,
      isPrototypeOf: { case: "propertyIsEnumerable", value: "p" },
    });
    const bytes = Proto.encode(m);
    const back = Proto.decode(bytes);
    expect(back["Proto"]).toBe(150);
    expect(back["constructor"]).toBe("c");
    expect(back["toString"]).toBe(true);
    expect([...(back["hasOwnProperty"] as Uint8Array)]).toEqual([1, 2]);
    expect(((back["prototype"] as Map<string, DynamicMessage>).get("k") as DynamicMessage)["Proto"]).toBe(7);
    expect(back["valueOf"]).toBe(0);
    expect(back["isPrototypeOf"]).toEqual({ case: "propertyIsEnumerable", value: "p" });
    expect(hex(Proto.encode(back))).toBe(hex(bytes));
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it("reads a plain object's inherited constructor and toString as missing fields", () => {
    expect(hex(Proto.encode({}))).toBe("");
    expect(hex(Proto.encode({ toString: true }))).toBe("1801");
  });

  it("compiles a type that refers to another one", () => {
    const T = codec.messageType("constructor.__proto__.toString");
    const m = T.create({ Proto: Proto.create({ Proto: 1 }), e: 1 });
    const back = T.decode(T.encode(m));
    expect((back["Proto"] as DynamicMessage)["Proto"]).toBe(1);
    expect(back["e"]).toBe(1);
  });
});

describe("names that would be code if printed as they are", () => {
  // Descriptors can come from anywhere (a reflection server, a descriptor
  // set file) with names no .proto parser would accept.
  const evil = [
    'a"]; globalThis.pwned = 1; m["',
    "b\n}); globalThis.pwned = 2; ({\n",
    "c`${globalThis.pwned = 3}`",
    "d*/ globalThis.pwned = 4; /*",
    "e\u2028globalThis.pwned = 5",
  ];
  const field = (name: string, number: number, type: FieldType, typeName?: string): FieldDescriptorProto => ({
    name,
    number,
    label: FieldLabel.Optional,
    type,
    ...(typeName === undefined ? {} : { typeName }),
  });
  const message = (name: string, field: FieldDescriptorProto[]): DescriptorProto => ({
    name,
    field,
    extension: [],
    nestedType: [],
    enumType: [],
    extensionRange: [],
    oneofDecl: [],
    reservedRange: [],
    reservedName: [],
  });
  const outerName = 'x"); globalThis.pwned = 6; ("';
  const innerName = "y\n globalThis.pwned = 7;";
  const inner = message(innerName, [field(evil[0]!, 1, FieldType.String)]);
  const outer = message(outerName, [
    ...evil.map((name, i) => field(name, i + 1, FieldType.Int32)),
    field("child", 9, FieldType.Message, `.${innerName}`),
  ]);
  const types: TypeLookup = {
    message: (n) => (n === outerName ? { descriptor: outer, syntax: "proto3" } : n === innerName ? { descriptor: inner, syntax: "proto3" } : undefined),
    enum: () => undefined,
  };

  it("stay strings: compiling and using the codec runs no code from them", () => {
    const T = new DynamicCodec(types).messageType(outerName);
    const m = T.create();
    // (No underscores: each name is its own lowerCamelCase.)
    evil.forEach((name, i) => (m[name] = i + 1));
    m["child"] = { [evil[0]!]: "s" };
    const back = T.decode(T.encode(m));
    evil.forEach((name, i) => expect(back[name]).toBe(i + 1));
    expect(back["child"]).toEqual({ [evil[0]!]: "s" });
    expect(T.typeName).toBe(outerName);
    expect((globalThis as { pwned?: unknown }).pwned).toBeUndefined();
  });
});
