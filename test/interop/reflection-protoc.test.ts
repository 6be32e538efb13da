// What our reflection service serves, byte for byte, against what protoc
// (Debian protobuf-compiler) writes for the same .proto files with
// --descriptor_set_out: every file reachable from the server's services,
// the well-known types included. buf curl has no `describe`; this is it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, type Channel } from "../../src/rpc/index.js";
import { decodeFileDescriptorProto } from "../../src/schema/index.js";
import { ReflectionClient } from "../../src/services/index.js";
import { INSTALL, protocAvailable, requirement } from "../requirements.js";
import { repoRoot } from "./peers.js";
import { createShopServer } from "./reflection-shop-server.js";
import { rawFilesOfSet as rawFiles } from "../schema/corpus.js";

const haveProtoc = requirement("protoc (Debian protobuf-compiler)", protocAvailable(), INSTALL.protoc);

function protoc(includePaths: string[], files: string[]): Map<string, Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), "wiregrpc-protoc-"));
  try {
    const out = join(dir, "set.binpb");
    const args = [...includePaths.map((p) => `-I${join(repoRoot, p)}`), "--include_imports", `--descriptor_set_out=${out}`, ...files];
    const r = spawnSync("protoc", args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`protoc failed: ${r.stderr}`);
    return rawFiles(new Uint8Array(readFileSync(out)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A descriptor as JSON, bytes in hex, so toEqual shows a difference readably. */
function comparable(bytes: Uint8Array): unknown {
  return JSON.parse(JSON.stringify(decodeFileDescriptorProto(bytes), (_k, v: unknown) => (v instanceof Uint8Array ? `hex:${Buffer.from(v).toString("hex")}` : v)));
}

describe.skipIf(!haveProtoc)("served descriptors equal protoc's", () => {
  const { server } = createShopServer();
  let channel: Channel;
  const served = new Map<string, Uint8Array>();
  const expected = new Map<string, Uint8Array>();

  beforeAll(async () => {
    const port = await server.listen("127.0.0.1:0");
    channel = connect(`http://127.0.0.1:${port}`);
    for (const version of ["v1", "v1alpha"] as const) {
      const client = new ReflectionClient(channel, { version });
      for (const service of await client.listServices()) {
        for (const bytes of await client.fileBytesContainingSymbol(service)) {
          const name = decodeFileDescriptorProto(bytes).name!;
          const before = served.get(name);
          if (before !== undefined) expect(Buffer.from(bytes).equals(Buffer.from(before)), `${name} served twice, differently`).toBe(true);
          served.set(name, bytes);
        }
      }
    }
    const groups = [
      protoc(["test/interop/protos", "proto"], ["reflectiontest/v1/shop.proto"]),
      protoc(["proto"], ["reco.proto", "grpc/health/v1/health.proto", "grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto"]),
    ];
    for (const g of groups) for (const [name, bytes] of g) expected.set(name, bytes);
  });
  afterAll(async () => {
    await channel.close();
    await server.close(100);
  });

  it("serves every file its services need, under protoc's names", () => {
    expect([...served.keys()].sort()).toEqual([
      "google/protobuf/descriptor.proto",
      "google/protobuf/empty.proto",
      "google/protobuf/timestamp.proto",
      "google/protobuf/wrappers.proto",
      "grpc/health/v1/health.proto",
      "grpc/reflection/v1/reflection.proto",
      "grpc/reflection/v1alpha/reflection.proto",
      "reco.proto",
      "reflectiontest/v1/catalog.proto",
      "reflectiontest/v1/extras.proto",
      "reflectiontest/v1/shop.proto",
    ]);
    expect([...expected.keys()].sort()).toEqual([...served.keys()].sort());
  });

  it("each file equals protoc's, as a decoded message and byte for byte", () => {
    for (const [name, want] of expected) {
      const got = served.get(name)!;
      expect(comparable(got), name).toEqual(comparable(want));
      expect(Buffer.from(got).equals(Buffer.from(want)), name).toBe(true);
    }
  });

  it("map entries, proto3 optional and json_name are protoc's", () => {
    const catalog = decodeFileDescriptorProto(served.get("reflectiontest/v1/catalog.proto")!);
    const item = catalog.messageType.find((m) => m.name === "Item")!;
    const entries = item.nestedType.filter((n) => n.name!.endsWith("Entry")).map((n) => n.name);
    expect(entries).toEqual(["LabelsEntry", "VariantsBySizeEntry", "StatusByRegionEntry"]);
    // MessageOptions { map_entry = true } (field 7) is the whole options message.
    for (const n of item.nestedType.filter((m) => m.name!.endsWith("Entry"))) expect(Buffer.from(n.options!).toString("hex")).toBe("3801");
    const rating = item.field.find((f) => f.name === "rating")!;
    expect(rating.proto3Optional).toBe(true);
    expect(item.oneofDecl[rating.oneofIndex!]!.name).toBe("_rating");
    expect(item.field.map((f) => f.jsonName)).toEqual([
      "id",
      "displayName",
      "labels",
      "variantsBySize",
      "kind",
      "rating",
      "createdAt",
      "cents",
      "freeReason",
      "status",
      "tags",
      "skuV2",
      "code",
      "note",
      "statusByRegion",
    ]);
  });
});
