// Generated modules import the runtime under `$` names, which no .proto
// identifier can take, so messages, enums and services named like runtime
// exports (Writer, Reader, DecodeError...) keep their names.
import { describe, expect, it } from "vitest";
import { moduleAlias, typeIdentifier } from "../../src/codegen/ts-names.js";
import * as dep from "./gen/file.js";
import * as names from "./gen/runtime_names.js";
import { generateTarget, loadTargets } from "./targets.js";

const RUNTIME_EXPORTS = ["Reader", "Writer", "DecodeError", "MessageCodec", "PartialMessage", "ServiceDefinition", "MethodDefinition", "embeddedFile", "filesOf", "withFieldContext", "withTagContext", "unknownEnumValue"];

describe("types named like runtime exports", () => {
  it("keep their names in the generated module", () => {
    for (const name of RUNTIME_EXPORTS) expect(Object.keys(names), name).toContain(name);
    expect(Object.keys(names).filter((k) => k.endsWith("$"))).toEqual([]);
    expect(names.Writer.typeName).toBe("names.v1.Writer");
    expect(names.DecodeError.typeName).toBe("names.v1.DecodeError");
    expect(names.Reader.READER_ONE).toBe(1);
    expect(dep.Reader.typeName).toBe("names.dep.Reader");
  });

  it("encode and decode, with a dependency's message of the same name", () => {
    const m = names.Writer.create({ reader: names.Reader.READER_ONE, dep: { n: 3 }, pick: { case: "error", value: { reason: "r" } } });
    const bytes = names.Writer.encode(m);
    expect(Buffer.from(bytes).toString("hex")).toBe("2a030a0172380142020803");
    expect(names.Writer.decode(bytes)).toStrictEqual(m);
  });

  it("serve as a service's messages", () => {
    expect(names.Transport.methods.write.input).toBe(names.Writer);
    expect([...names.Transport.files.keys()].sort()).toEqual(["file.proto", "runtime_names.proto"]);
  });
});

describe("generated modules", () => {
  const target = loadTargets().find((t) => t.out === "test/codegen/gen")!;
  const source = generateTarget(target).find((f) => f.path.endsWith("runtime_names.ts"))!.content;

  it("import every runtime name under a $ alias", () => {
    const block = /import \{\n([^}]*)\} from "[^"]*runtime\.js";/.exec(source)![1]!;
    const specifiers = block.split("\n").map((l) => l.trim()).filter(Boolean);
    expect(specifiers.length).toBeGreaterThan(0);
    for (const s of specifiers) expect(s).toMatch(/^(type )?[A-Za-z]+ as \$[A-Za-z]+,$/);
  });

  it("import other generated modules under $import_ aliases, apart from their own $file", () => {
    expect(source).toContain('import * as $import_file from "./file.js";');
    expect(source).toContain("[$import_file.$file]");
  });
});

describe("typeIdentifier and moduleAlias", () => {
  const names: [protoName: string, identifier: string][] = [
    ["Writer", "Writer"],
    ["Reader", "Reader"],
    ["DecodeError", "DecodeError"],
    ["Outer.Inner", "Outer_Inner"],
    // Keywords, and globals generated code itself uses, still cannot be identifiers.
    ["class", "class$"],
    ["Map", "Map$"],
    ["Uint8Array", "Uint8Array$"],
  ];
  it.each(names)("%s -> %s", (protoName, identifier) => {
    expect(typeIdentifier(protoName)).toBe(identifier);
  });

  it("never gives a module an alias a generated module uses for itself", () => {
    expect(moduleAlias("file.proto")).toBe("$import_file");
    expect(moduleAlias("Reader.proto")).toBe("$import_Reader");
    expect(moduleAlias("google/protobuf/timestamp.proto")).toBe("$import_google_protobuf_timestamp");
  });
});
