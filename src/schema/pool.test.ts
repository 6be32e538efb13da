import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeFileDescriptorSet, encodeFileDescriptorSet } from "./descriptor-codec.js";
import { loadProtoFiles } from "./loader.js";
import { DescriptorPool } from "./pool.js";

const protos = join(import.meta.dirname, "../../test/schema/protos");

describe("DescriptorPool", () => {
  // Rebuild a pool from bytes, as a reflection client would.
  const loaded = loadProtoFiles(["proto2_all.proto", "custom_options.proto", "proto3_all.proto"], { includePaths: [protos] });
  const set = decodeFileDescriptorSet(encodeFileDescriptorSet(loaded.all));
  const pool = new DescriptorPool();
  for (const fd of set.file) pool.add(fd);

  it("holds the files in dependency order", () => {
    expect(pool.files().map((f) => f.name)).toEqual(loaded.all.map((f) => f.name));
    expect(pool.file("proto2_all.proto")!.package).toBe("wiregrpc.test.p2");
    expect(pool.file("nope.proto")).toBeUndefined();
  });

  it("finds messages, enums and services by full name", () => {
    const m = pool.message("wiregrpc.test.p2.Labels.Result.Inner")!;
    expect(m.fullName).toBe("wiregrpc.test.p2.Labels.Result.Inner");
    expect(m.descriptor.field[0]!.name).toBe("depth");
    expect(m.file.name).toBe("proto2_all.proto");
    expect(pool.enum("wiregrpc.test.p2.Color")!.descriptor.value.length).toBe(6);
    expect(pool.service("wiregrpc.test.p3.Streams")!.descriptor.method.map((x) => x.name)).toEqual([
      "Unary", "ServerStream", "ClientStream", "Bidi", "Empty",
    ]);
    expect(pool.message("wiregrpc.test.p2.Color")).toBeUndefined();
    expect(pool.message(".wiregrpc.test.p2.Labels")).toBeUndefined();
  });

  it("finds every kind of symbol, enum values as siblings of their enum", () => {
    const file = (n: string): string | undefined => pool.findSymbol(n)?.name;
    expect(file("wiregrpc.test.p2.Labels")).toBe("proto2_all.proto"); // message
    expect(file("wiregrpc.test.p2.Labels.req")).toBe("proto2_all.proto"); // field
    expect(file("wiregrpc.test.p2.Labels.choice")).toBe("proto2_all.proto"); // oneof
    expect(file("wiregrpc.test.p2.Labels.nested_ext")).toBe("proto2_all.proto"); // nested extension
    expect(file("wiregrpc.test.p2.top_ext")).toBe("proto2_all.proto"); // extension
    expect(file("wiregrpc.test.p2.CRIMSON")).toBe("proto2_all.proto"); // enum value
    expect(file("wiregrpc.test.p2.Color.CRIMSON")).toBeUndefined();
    expect(file("wiregrpc.test.p2.Legacy")).toBe("proto2_all.proto"); // service
    expect(file("wiregrpc.test.p2.Legacy.Call")).toBe("proto2_all.proto"); // method
    expect(file("wiregrpc.test.p3.Presence._count")).toBe("proto3_all.proto"); // synthetic oneof
    expect(file("wiregrpc.test")).toBeDefined(); // package
    expect(file("google.protobuf.FieldOptions")).toBe("google/protobuf/descriptor.proto");
  });

  it("finds extensions by extendee and number", () => {
    const ext = pool.extension("wiregrpc.test.p2.Labels", 150)!;
    expect(ext.fullName).toBe("wiregrpc.test.p2.top_ext");
    expect(ext.file.name).toBe("proto2_all.proto");
    expect(pool.extensionsOf("wiregrpc.test.p2.Labels").map((e) => e.fullName)).toEqual([
      "wiregrpc.test.p2.Labels.nested_ext",
      "wiregrpc.test.p2.Labels.extgroup",
      "wiregrpc.test.p2.top_ext",
      "wiregrpc.test.p2.top_repeated",
      "wiregrpc.test.p2.ext_color",
    ]);
    expect(pool.extensionsOf("google.protobuf.FileOptions").map((e) => e.descriptor.number)).toEqual([50001, 50002]);
    expect(pool.extension("wiregrpc.test.p2.Labels", 199)).toBeUndefined();
  });

  it("lists transitive dependencies in dependency order, the file last", () => {
    expect(pool.dependenciesOf("proto3_all.proto").map((f) => f.name)).toEqual([
      "google/protobuf/timestamp.proto",
      "google/protobuf/any.proto",
      "proto3_all.proto",
    ]);
    expect(pool.dependenciesOf("proto2_all.proto").map((f) => f.name)).toEqual(["imports_base.proto", "imports_weak.proto", "proto2_all.proto"]);
  });

  it("refuses a file whose dependency is missing, and a file added twice", () => {
    const p = new DescriptorPool();
    const fd = set.file.find((f) => f.name === "proto3_all.proto")!;
    expect(() => p.add(fd)).toThrow('proto3_all.proto: Depends on "google/protobuf/timestamp.proto", which was not added before it.');
    const base = set.file.find((f) => f.name === "imports_base.proto")!;
    p.add(base);
    expect(() => p.add(base)).toThrow('File "imports_base.proto" was already added');
  });

  it("refuses a symbol defined twice", () => {
    const p = new DescriptorPool();
    const base = set.file.find((f) => f.name === "imports_base.proto")!;
    p.add(base);
    expect(() => p.add({ ...base, name: "copy.proto" })).toThrow(
      'copy.proto: "wiregrpc.test.base.Base" is already defined in file "imports_base.proto".',
    );
  });
});
