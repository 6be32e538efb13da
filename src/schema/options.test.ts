import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FieldType } from "./descriptor.js";
import { loadProtoFiles } from "./loader.js";
import { enumOptions, enumValueOptions, fieldOptions, fileOptions, messageOptions, methodOptions, serviceOptions } from "./options.js";
import { STANDARD_OPTIONS } from "./standard-options.js";

const protos = join(import.meta.dirname, "../../test/schema/protos");
const { pool } = loadProtoFiles(["proto2_all.proto", "proto3_all.proto", "custom_options.proto"], { includePaths: [protos] });

describe("standard options read back from descriptor bytes", () => {
  const labels = pool.message("wiregrpc.test.p2.Labels")!.descriptor;
  const field = (name: string) => labels.field.find((f) => f.name === name)!;

  it("field options", () => {
    expect(fieldOptions(field("packed_ints").options)).toEqual({ packed: true });
    expect(fieldOptions(field("unpacked_ints").options)).toEqual({ packed: false });
    expect(fieldOptions(field("deprecated_field").options)).toEqual({ deprecated: true, ctype: 1 });
    expect(fieldOptions(field("lazy_msg").options)).toEqual({ jstype: 0 });
    expect(fieldOptions(field("recursive").options)).toEqual({ lazy: true });
    expect(fieldOptions(field("req").options)).toEqual({});
    expect(fieldOptions(undefined)).toEqual({});
  });

  it("message, enum, enum value, file, service and method options", () => {
    expect(messageOptions(pool.message("wiregrpc.test.p2.Set")!.descriptor.options)).toEqual({ messageSetWireFormat: true });
    expect(messageOptions(pool.message("wiregrpc.test.p3.Maps.ByInt32Entry")!.descriptor.options)).toEqual({ mapEntry: true });
    expect(messageOptions(pool.message("wiregrpc.test.opts.Annotated")!.descriptor.options)).toEqual({ deprecated: true });
    expect(enumOptions(pool.enum("wiregrpc.test.p2.Color")!.descriptor.options)).toEqual({ allowAlias: true });
    const labeled = pool.enum("wiregrpc.test.opts.Labeled")!.descriptor;
    expect(enumValueOptions(labeled.value[1]!.options)).toEqual({ deprecated: true });
    expect(fileOptions(pool.file("proto2_all.proto")!.options)).toEqual({
      javaPackage: "dev.wiregrpc.p2",
      optimizeFor: 3,
      ccEnableArenas: false,
    });
    expect(fileOptions(pool.file("proto3_all.proto")!.options)).toEqual({ goPackage: "example.com/p3;p3" });
    const streams = pool.service("wiregrpc.test.p3.Streams")!.descriptor;
    expect(serviceOptions(streams.options)).toEqual({ deprecated: true });
    expect(methodOptions(streams.method[2]!.options)).toEqual({ deprecated: true });
    expect(methodOptions(streams.method[3]!.options)).toEqual({ idempotencyLevel: 1 });
    expect(methodOptions(pool.service("wiregrpc.test.opts.Svc")!.descriptor.method[0]!.options)).toEqual({ idempotencyLevel: 2 });
  });
});

describe("the table of standard options", () => {
  it("matches the shipped descriptor.proto", () => {
    const desc = pool.file("google/protobuf/descriptor.proto")!;
    for (const [kind, table] of STANDARD_OPTIONS) {
      const msg = desc.messageType.find((m) => m.name === kind)!;
      const fields = msg.field.filter((f) => f.name !== "uninterpreted_option");
      expect([...table.keys()].sort(), kind).toEqual(fields.map((f) => f.name!).sort());
      for (const f of fields) {
        const entry = table.get(f.name!)!;
        expect(entry.number, `${kind}.${f.name}`).toBe(f.number);
        expect(entry.type, `${kind}.${f.name}`).toBe(f.type);
        if (f.type === FieldType.Enum) {
          const e = pool.enum(f.typeName!.slice(1))!.descriptor;
          expect([...entry.values!.entries()]).toEqual(e.value.map((v) => [v.name, v.number]));
        }
      }
    }
  });
});
