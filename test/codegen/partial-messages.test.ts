// Encoders accept partial messages: a missing (or undefined) field is its
// default, so `encode(partial)` writes exactly what `encode(create(partial))`
// writes, and decoding it gives `create(partial)`. Checked for generated and
// dynamic codecs over every kind of field, with the bytes protoc writes.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DynamicCodec } from "../../src/codec/dynamic.js";
import type { MessageType } from "../../src/codec/message-type.js";
import { typeLookup } from "../../src/codec/message-plan.js";
import { DescriptorPool, loadProtoFiles } from "../../src/schema/index.js";
import * as reco from "../../examples/reco/gen/reco.js";
import * as v3 from "../vectors/gen/scalars3.js";
import * as v2 from "../vectors/gen/proto2.js";
import * as names from "./gen/runtime_names.js";
import { repoRoot } from "./targets.js";

const loaded = loadProtoFiles(["reco.proto", "scalars3.proto", "proto2.proto", "runtime_names.proto"], {
  includePaths: [join(repoRoot, "proto"), join(repoRoot, "test", "vectors", "protos"), join(repoRoot, "test", "codegen", "protos")],
});
const pool = new DescriptorPool();
for (const f of loaded.all) pool.add(f);
const dynamic = new DynamicCodec(typeLookup(pool));

const generated: Record<string, MessageType<unknown>> = {
  UserRequest: reco.UserRequest,
  UserResponse: reco.UserResponse,
  "UserResponse.Article": reco.UserResponse_Article,
  "vectors.v3.Repeated": v3.Repeated,
  "vectors.v3.Maps": v3.Maps,
  "vectors.v3.Choice": v3.Choice,
  "vectors.v3.Optionals": v3.Optionals,
  "vectors.v3.Node": v3.Node,
  "vectors.v2.WithRequired": v2.WithRequired,
  "vectors.v2.Defaults": v2.Defaults,
  "vectors.v2.WithGroup": v2.WithGroup,
  "vectors.v2.Closed": v2.Closed,
  "names.v1.Writer": names.Writer,
};

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex").replace(/(..)(?!$)/g, "$1 ");
const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

const cases: [label: string, typeName: string, partial: object, wire: string][] = [
  ["nothing set", "UserRequest", {}, ""],
  ["one field", "UserRequest", { userId: 1n }, "08 01"],
  ["undefined is missing", "UserRequest", { userId: undefined, channelId: 2, articleNum: undefined }, "10 02"],
  ["unknown fields are written back", "UserRequest", { $unknown: [bytes(0x28, 0x01)] }, "28 01"],
  ["nested partial messages in a list", "UserResponse", { recommends: [{}, { track: {} }] }, "1a 00 1a 02 12 00"],
  ["a nested message's own partial fields", "UserResponse", { recommends: [{ track: { click: "c" } }] }, "1a 05 12 03 0a 01 63"],
  ["a message field two levels down", "vectors.v3.Node", { child: { child: {} } }, "12 02 12 00"],
  ["packed and string lists", "vectors.v3.Repeated", { rInt32: [1, 2], rString: ["a"] }, "2a 02 01 02 4a 01 61"],
  ["a list of empty messages", "vectors.v3.Repeated", { rMessage: [{}] }, "8a 01 00"],
  ["a map value at its default is written", "vectors.v3.Maps", { mInt32: new Map([[1, ""]]) }, "0a 04 08 01 12 00"],
  ["a map of partial messages", "vectors.v3.Maps", { mMessage: new Map([["k", {}]]) }, "6a 05 0a 01 6b 12 00"],
  ["a map of bytes", "vectors.v3.Maps", { mBytes: new Map([["k", bytes(1)]]) }, "7a 06 0a 01 6b 12 01 01"],
  ["a oneof holding a partial message", "vectors.v3.Choice", { pick: { case: "pMessage", value: {} } }, "22 00"],
  ["a oneof member at its default is written", "vectors.v3.Choice", { pick: { case: "pInt32", value: 0 } }, "18 00"],
  ["an unset oneof", "vectors.v3.Choice", { before: 0, pick: { case: undefined }, after: 1 }, "38 01"],
  ["proto3 optional at its default is written", "vectors.v3.Optionals", { oInt32: 0, oString: undefined }, "08 00"],
  ["proto3 optional empty bytes", "vectors.v3.Optionals", { oBytes: new Uint8Array(0) }, "32 00"],
  ["proto2 required fields missing are their defaults", "vectors.v2.WithRequired", {}, "08 00 12 00"],
  ["proto2 required, optional and lists", "vectors.v2.WithRequired", { name: "n", extra: undefined, values: [1], packedValues: [2] }, "08 00 12 01 6e 20 01 2a 01 02"],
  ["proto2 fields with declared defaults are not written when missing", "vectors.v2.Defaults", {}, ""],
  ["a proto2 field set to its declared default is written", "vectors.v2.Defaults", { dInt32: -42 }, "08 d6 ff ff ff ff ff ff ff ff 01"],
  ["an empty group", "vectors.v2.WithGroup", { item: {} }, "13 14"],
  ["a list of partial groups", "vectors.v2.WithGroup", { entry: [{}, { key: 1 }] }, "2b 2c 2b 30 01 2c"],
  ["a closed enum", "vectors.v2.Closed", { level: v2.Level.LOW }, "08 01"],
  ["a oneof and list of messages named like the runtime", "names.v1.Writer", { pick: { case: "error", value: { reason: "r" } }, errors: [{}] }, "2a 03 0a 01 72 4a 00"],
];

describe.each([
  ["generated", (name: string) => generated[name]!],
  ["dynamic", (name: string) => dynamic.messageType(name)],
])("partial messages (%s)", (_kind, typeOf) => {
  it.each(cases)("%s", (_label, typeName, partial, wire) => {
    const type = typeOf(typeName);
    const encoded = type.encode(partial);
    expect(hex(encoded)).toBe(wire);
    expect(hex(type.encode(type.create(partial)))).toBe(wire);
    expect(type.decode(encoded)).toStrictEqual(type.create(partial));
  });

  it("create() makes whole nested messages", () => {
    const type = typeOf("UserResponse");
    const m = type.create({ recommends: [{ track: {} }] }) as { recommends: { articleId: bigint; track: object }[] };
    expect(m.recommends[0]!.articleId).toBe(0n);
    expect({ ...m.recommends[0]!.track }).toEqual({ click: "", collect: "", share: "", read: "" });
  });

  it("create() copies lists, maps and nested messages", () => {
    const list = [1, 2];
    const track = { click: "c" };
    const map = new Map([["k", { name: "n" }]]);
    const repeated = typeOf("vectors.v3.Repeated").create({ rInt32: list }) as { rInt32: number[] };
    const article = typeOf("UserResponse.Article").create({ track }) as { track: { click: string } };
    const maps = typeOf("vectors.v3.Maps").create({ mMessage: map }) as { mMessage: Map<string, { name: string }> };
    list.push(3);
    track.click = "changed";
    map.get("k")!.name = "changed";
    map.set("other", { name: "o" });
    expect(repeated.rInt32).toEqual([1, 2]);
    expect(article.track.click).toBe("c");
    expect(maps.mMessage.get("k")!.name).toBe("n");
    expect(maps.mMessage.has("other")).toBe(false);
  });

  it("create() of a whole message is an equal, separate message", () => {
    const type = typeOf("vectors.v3.Choice");
    const original = type.decode(Uint8Array.from([0x08, 0x05, 0x22, 0x02, 0x0a, 0x00]));
    const copy = type.create(original as object) as { pick: { value: object } };
    expect(copy).toStrictEqual(original);
    expect(copy.pick.value).not.toBe((original as { pick: { value: object } }).pick.value);
  });
});

it("generated and dynamic codecs write the same bytes for every partial", () => {
  for (const [, typeName, partial] of cases) {
    expect(hex(dynamic.messageType(typeName).encode(partial)), typeName).toBe(hex(generated[typeName]!.encode(partial)));
  }
});
