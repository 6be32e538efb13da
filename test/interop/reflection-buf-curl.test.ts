// buf curl (the real binary from npm @bufbuild/buf) in reflection mode: no
// --schema, so everything it knows about our services it learns from our
// reflection service (v1, and v1alpha when asked), then lists, encodes its
// JSON input and decodes our answers with those descriptors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecoServer } from "../../examples/reco/server.js";
import { bufBinary, bufCurl } from "./peers.js";
import { run } from "./process-helpers.js";
import { createShopServer } from "./reflection-shop-server.js";

const buf = bufCurl();
const PKG = "wiregrpc.reflectiontest.v1";

function curl(port: number, args: string[], path = "") {
  return run(bufBinary, ["curl", "--protocol", "grpc", ...args, `http://127.0.0.1:${port}/${path}`], { timeoutMs: 30_000 });
}

/** buf curl prints one JSON document per response message. */
function jsonDocuments(out: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < out.length; i++) {
    const c = out[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && --depth === 0) docs.push(JSON.parse(out.slice(start, i + 1)));
  }
  return docs;
}

describe.skipIf(!buf.available)("buf curl with server reflection: the example UserRecommend server", () => {
  const server = createRecoServer();
  let port = 0;
  beforeAll(async () => {
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close(100));

  for (const reflect of ["grpc-v1", "grpc-v1alpha"]) {
    it(`lists services and methods (${reflect})`, async () => {
      const services = await curl(port, ["--reflect-protocol", reflect, "--list-services"]);
      expect(services.code, services.stderr).toBe(0);
      expect(services.stdout.trim().split("\n").sort()).toEqual([
        "UserRecommend",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
      ]);
      const methods = await curl(port, ["--reflect-protocol", reflect, "--list-methods"]);
      expect(methods.code, methods.stderr).toBe(0);
      expect(methods.stdout.trim().split("\n")).toContain("UserRecommend/UserRecommend");
      expect(methods.stdout.trim().split("\n")).toContain("grpc.health.v1.Health/Watch");
    });

    it(`calls UserRecommend with JSON and gets JSON back (${reflect})`, async () => {
      const r = await curl(port, ["--reflect-protocol", reflect, "-d", '{"user_id": 1, "channel_id": 2, "article_num": 2}'], "UserRecommend/UserRecommend");
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { exposer: string; timeStamp: string; recommends: { articleId: string; track: Record<string, string> }[] };
      expect(out.exposer).toBe("exposure");
      expect(out.timeStamp).toMatch(/^\d{13}$/);
      expect(out.recommends.map((a) => a.articleId)).toEqual(["1", "2"]);
      expect(out.recommends[1]!.track).toEqual({ click: "click param", collect: "collect param", read: "read param" });
    });
  }

  it("checks health through reflection too", async () => {
    const r = await curl(port, ["-d", '{"service": "UserRecommend"}'], "grpc.health.v1.Health/Check");
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ status: "SERVING" });
    const unknown = await curl(port, ["-d", '{"service": "nope.Nothing"}'], "grpc.health.v1.Health/Check");
    expect(unknown.code).toBe(5 << 3); // buf curl exits with the gRPC code shifted left by 3
    expect(unknown.stderr + unknown.stdout).toContain("not_found");
  });

  it("reports a method the server does not describe", async () => {
    const r = await curl(port, ["-d", "{}"], "UserRecommend/Nothing");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/Nothing/);
  });
});

describe.skipIf(!buf.available)("buf curl with server reflection: a service across files, importing well-known types", () => {
  const { server } = createShopServer();
  let port = 0;
  beforeAll(async () => {
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close(100));

  it("lists the services and the service's methods", async () => {
    const services = await curl(port, ["--list-services"]);
    expect(services.code, services.stderr).toBe(0);
    expect(services.stdout.trim().split("\n")).toContain(`${PKG}.Shop`);
    const methods = await curl(port, ["--list-methods"]);
    expect(methods.code, methods.stderr).toBe(0);
    const shop = methods.stdout
      .trim()
      .split("\n")
      .filter((m) => m.startsWith(`${PKG}.Shop/`));
    expect(shop.sort()).toEqual(["Annotate", "GetItem", "ListItems", "Ping", "WatchItems"].map((m) => `${PKG}.Shop/${m}`));
  });

  for (const reflect of ["grpc-v1", "grpc-v1alpha"]) {
    it(`calls GetItem: maps, enums, nested messages, proto3 optional, oneof, Timestamp, wrappers, json_name (${reflect})`, async () => {
      const r = await curl(port, ["--reflect-protocol", reflect, "-d", '{"id": "42", "locale": "fr"}'], `${PKG}.Shop/GetItem`);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({
        id: "42",
        displayName: "Item 42 (fr)",
        labels: { color: "red" },
        variantsBySize: { "42": { sku: "sku-42", stock: "7" } },
        kind: "KIND_BOOK",
        rating: 0, // proto3 optional: set to 0, so present
        createdAt: "2023-11-14T22:13:20.005Z",
        cents: "1999",
        status: "STATUS_ACTIVE",
        tags: ["a", "b"],
        skuV2: "v2",
        code: "L-1", // [json_name = "code"]
        note: "hello",
        statusByRegion: { eu: "STATUS_RETIRED" },
      });
    });
  }

  it("sends JSON with an enum name and a Timestamp, gets a repeated message back", async () => {
    const r = await curl(port, ["-d", '{"kind": "KIND_GAME", "since": "2024-01-02T03:04:05Z"}'], `${PKG}.Shop/ListItems`);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { items: { id: string; kind: string }[]; total: number };
    expect(out.total).toBe(2);
    expect(out.items.map((i) => [i.id, i.kind])).toEqual([
      ["1", "KIND_GAME"],
      ["2", "KIND_GAME"],
    ]);
  });

  it("reads a server stream of messages, and calls with google.protobuf.Empty", async () => {
    const stream = await curl(port, [], `${PKG}.Shop/WatchItems`);
    expect(stream.code, stream.stderr).toBe(0);
    expect(jsonDocuments(stream.stdout)).toEqual([{ id: "w1" }, { id: "w2" }]);
    const ping = await curl(port, ["-d", "{}"], `${PKG}.Shop/Ping`);
    expect(ping.code, ping.stderr).toBe(0);
    expect(JSON.parse(ping.stdout)).toEqual({});
  });

  it("resolves a proto2 extension in JSON through reflection, both ways", async () => {
    const r = await curl(port, ["-d", `{"name": "x", "[${PKG}.note]": "hi", "[${PKG}.Holder.nested_number]": 3}`], `${PKG}.Shop/Annotate`);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: "x", [`[${PKG}.note]`]: "hi", [`[${PKG}.Holder.nested_number]`]: 3 });
  });

  it("rejects JSON that does not fit the served schema (the schema is really used)", async () => {
    const r = await curl(port, ["-d", '{"id": "1", "no_such_field": 1}'], `${PKG}.Shop/GetItem`);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("no_such_field");
  });
});
