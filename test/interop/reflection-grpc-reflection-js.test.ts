// A Node reflection client built as Postman's is (npm grpc-reflection-js:
// v1alpha, served descriptors turned into a protobufjs Root), then a grpc-js
// client made from that Root, calling the multi-file service and the example
// service (its own node process). Node tools are where reflection has been
// known to break on imports, map entries and well-known types.
//
// protobufjs's Root.fromDescriptor keeps proto field names and reads a map
// field as its repeated XxxEntry messages (wire-compatible), whoever wrote the
// descriptors: the client also builds a Root from protoc's descriptors of the
// same files and must get the very same schema.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INSTALL, protocAvailable, requirement } from "../requirements.js";
import { grpcJs, interopDir, repoRoot } from "./peers.js";
import { run } from "./process-helpers.js";
import { createShopServer } from "./reflection-shop-server.js";

const haveReflectionJs = requirement(
  "grpc-reflection-js (test/interop)",
  grpcJs().available && existsSync(join(interopDir, "node_modules", "grpc-reflection-js")),
  INSTALL.interopPeers,
);
const PKG = "wiregrpc.reflectiontest.v1";
const haveProtoc = requirement("protoc (Debian protobuf-compiler)", protocAvailable(), INSTALL.protoc);

describe.skipIf(!haveReflectionJs)("grpc-reflection-js (Postman's reflection client) -> our server", () => {
  const { server } = createShopServer();
  let out: Record<string, unknown> = {};
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wiregrpc-reflection-js-"));
    const protocSet = join(dir, "shop.binpb");
    if (haveProtoc) {
      const protoc = spawnSync("protoc", [`-I${join(repoRoot, "test/interop/protos")}`, `-I${join(repoRoot, "proto")}`, "--include_imports", `--descriptor_set_out=${protocSet}`, "reflectiontest/v1/shop.proto"], { encoding: "utf8" });
      expect(protoc.status, protoc.stderr).toBe(0);
    }
    const port = await server.listen("127.0.0.1:0");
    const args = [join(interopDir, "reflection-peers", "grpc-reflection-js-client.mjs"), String(port), ...(haveProtoc ? [protocSet] : [])];
    const r = await run(process.execPath, args, { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    out = JSON.parse(r.stdout) as Record<string, unknown>;
  });
  afterAll(async () => {
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
    await server.close(100);
  });

  it("lists the services", () => {
    expect(out["services"]).toEqual(["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "grpc.health.v1.Health", "UserRecommend", `${PKG}.Shop`]);
  });

  it("describes the service across files: methods, oneofs", () => {
    expect(out["methods"]).toEqual(["GetItem", "ListItems", "WatchItems", "Ping", "Annotate"]);
    expect(out["oneofs"]).toEqual(["price", "_rating"]);
  });

  it.skipIf(!haveProtoc)("builds the same schema from our descriptors as from protoc's", () => expect(out["sameAsProtoc"]).toBe(true));

  it("calls GetItem and UserRecommend with clients made from the reflected schema", () => {
    // As this client sees messages: proto field names, map entries as { key, value } lists.
    expect(out["getItem"]).toEqual({
      id: "42",
      display_name: "Item 42 (fr)",
      labels: [{ key: "color", value: "red" }],
      variants_by_size: [{ key: 42, value: { sku: "sku-42", stock: { value: "7" } } }],
      kind: "KIND_BOOK",
      rating: 0,
      _rating: "rating",
      created_at: { seconds: "1700000000", nanos: 5000000 },
      cents: "1999",
      price: "cents",
      status: "STATUS_ACTIVE",
      tags: ["a", "b"],
      sku_v2: "v2",
      legacy_code: "L-1",
      note: { value: "hello" },
      status_by_region: [{ key: "eu", value: "STATUS_RETIRED" }],
    });
    const reco = out["recommended"] as { exposer: string; recommends: { article_id: string }[] };
    expect(reco.exposer).toBe("exposure");
    expect(reco.recommends.map((a) => a.article_id)).toEqual(["1", "2"]);
  });

  it("gets an error for an unknown symbol", () => expect(out["unknown"]).toBe("rejected"));
});
