// Server reflection (v1 and v1alpha) over a real connection, asked with our
// own ReflectionClient. The served descriptors are compared with what our
// schema layer builds from the same .proto files (itself checked against
// protoc file by file in src/schema/conformance.test.ts; the interop tests
// compare with protoc directly).
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UserRecommend } from "../../examples/reco/gen/reco.js";
import { createShopServer } from "../../test/interop/reflection-shop-server.js";
import type { DynamicMessage } from "../codec/dynamic.js";
import { Code } from "../grpc/code.js";
import { connect, type Channel } from "../rpc/channel.js";
import { RpcError } from "../rpc/rpc-error.js";
import { createServer, type Server } from "../rpc/server.js";
import { decodeFileDescriptorProto, encodeFileDescriptorProto } from "../schema/descriptor-codec.js";
import type { FileDescriptorProto } from "../schema/descriptor.js";
import { loadProtoFiles } from "../schema/loader.js";
import { DescriptorPool } from "../schema/pool.js";
import { serviceFromPool } from "./dynamic-service.js";
import { addHealth } from "./health.js";
import { ReflectionClient, poolOf } from "./reflection-client.js";
import { addReflection, ServerReflection, ServerReflectionV1Alpha } from "./reflection.js";

const root = join(import.meta.dirname, "../..");
const PKG = "wiregrpc.reflectiontest.v1";
const SHOP = "reflectiontest/v1/shop.proto";
const CATALOG = "reflectiontest/v1/catalog.proto";
const EXTRAS = "reflectiontest/v1/extras.proto";
const SHOP_FILES = [SHOP, "google/protobuf/descriptor.proto", "google/protobuf/empty.proto", "google/protobuf/timestamp.proto", CATALOG, "google/protobuf/wrappers.proto", EXTRAS];

/** The files as our schema layer builds them from the .proto sources, by name. */
const expected = new Map(
  loadProtoFiles([SHOP], { includePaths: [join(root, "test/interop/protos")] }).all.map((f) => [f.name!, encodeFileDescriptorProto(f)]),
);

function names(files: readonly FileDescriptorProto[]): string[] {
  return files.map((f) => f.name!);
}

async function listen(server: Server): Promise<Channel> {
  const port = await server.listen("127.0.0.1:0");
  return connect(`http://127.0.0.1:${port}`);
}

describe("server reflection", () => {
  const { server } = createShopServer();
  let channel: Channel;
  let client: ReflectionClient;
  beforeAll(async () => {
    channel = await listen(server);
    client = new ReflectionClient(channel);
  });
  afterAll(async () => {
    await channel.close();
    await server.close(100);
  });

  it("lists every registered service, reflection and health included", async () => {
    expect(await client.listServices()).toEqual([
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "grpc.health.v1.Health",
      "UserRecommend",
      `${PKG}.Shop`,
    ]);
  });

  it("serves a file by name with every file it imports, transitively, each under its import path", async () => {
    const bytes = await client.fileBytesByFilename(SHOP);
    const files = bytes.map(decodeFileDescriptorProto);
    expect(names(files)).toEqual(SHOP_FILES);
    for (const [i, f] of files.entries()) expect(Buffer.from(bytes[i]!).equals(Buffer.from(expected.get(f.name!)!)), f.name).toBe(true);
    // The files build a pool: nothing missing, nothing conflicting.
    expect(poolOf(files).service(`${PKG}.Shop`)).toBeDefined();
  });

  it("serves a well-known type's file alone (it imports nothing)", async () => {
    expect(names(await client.fileByFilename("google/protobuf/timestamp.proto"))).toEqual(["google/protobuf/timestamp.proto"]);
    expect(names(await client.fileContainingSymbol("google.protobuf.Timestamp"))).toEqual(["google/protobuf/timestamp.proto"]);
  });

  const symbols: [string, string, string][] = [
    ["service", `${PKG}.Shop`, SHOP],
    ["method", `${PKG}.Shop.GetItem`, SHOP],
    ["message", `${PKG}.GetItemRequest`, SHOP],
    ["field", `${PKG}.GetItemRequest.locale`, SHOP],
    ["synthetic oneof of a proto3 optional field", `${PKG}.GetItemRequest._locale`, SHOP],
    ["extension (custom option)", `${PKG}.http_path`, SHOP],
    ["message of the same package in another file", `${PKG}.Item`, CATALOG],
    ["nested message", `${PKG}.Item.Variant`, CATALOG],
    ["map entry", `${PKG}.Item.LabelsEntry`, CATALOG],
    ["nested enum", `${PKG}.Item.Kind`, CATALOG],
    ["nested enum value (sibling of its enum)", `${PKG}.Item.KIND_BOOK`, CATALOG],
    ["nested enum value (inside its enum)", `${PKG}.Item.Kind.KIND_BOOK`, CATALOG],
    ["enum", `${PKG}.Status`, CATALOG],
    ["enum value", `${PKG}.STATUS_ACTIVE`, CATALOG],
    ["oneof", `${PKG}.Item.price`, CATALOG],
    ["field of a nested message", `${PKG}.Item.Variant.stock`, CATALOG],
    ["proto2 extension", `${PKG}.note`, EXTRAS],
    ["extension declared in a message", `${PKG}.Holder.nested_number`, EXTRAS],
    ["a message of an imported well-known file", "google.protobuf.MethodOptions", "google/protobuf/descriptor.proto"],
    ["a service without a package", "UserRecommend", "reco.proto"],
    ["a method without a package", "UserRecommend.UserRecommend", "reco.proto"],
    ["the reflection service itself", "grpc.reflection.v1.ServerReflection", "grpc/reflection/v1/reflection.proto"],
    ["v1alpha", "grpc.reflection.v1alpha.ServerReflectionResponse", "grpc/reflection/v1alpha/reflection.proto"],
    ["the health service", "grpc.health.v1.Health.Watch", "grpc/health/v1/health.proto"],
    ["a leading dot", `.${PKG}.Item`, CATALOG],
  ];
  for (const [what, symbol, file] of symbols) {
    it(`finds the file declaring a ${what}: ${symbol}`, async () => {
      const files = await client.fileContainingSymbol(symbol);
      expect(files[0]!.name).toBe(file);
      // Each file once, with all of its imports.
      const got = names(files);
      expect(new Set(got).size).toBe(got.length);
      for (const f of files) for (const dep of f.dependency) expect(got).toContain(dep);
    });
  }

  it("finds extensions by extendee and number, and lists an extendee's extension numbers", async () => {
    expect(names(await client.fileContainingExtension(`${PKG}.Extendable`, 100))[0]).toBe(EXTRAS);
    expect(names(await client.fileContainingExtension(`${PKG}.Extendable`, 101))[0]).toBe(EXTRAS);
    expect(names(await client.fileContainingExtension("google.protobuf.MethodOptions", 50001))).toEqual(SHOP_FILES);
    expect(await client.allExtensionNumbersOfType(`${PKG}.Extendable`)).toEqual([100, 101]);
    expect(await client.allExtensionNumbersOfType("google.protobuf.MethodOptions")).toEqual([50001]);
    expect(await client.allExtensionNumbersOfType(`${PKG}.Item`)).toEqual([]);
  });

  it("answers unknown names with NOT_FOUND in the stream, and the stream goes on", async () => {
    const responses = await client.exchange([
      { host: "example", messageRequest: { case: "fileContainingSymbol", value: `${PKG}.Nope` } },
      { messageRequest: { case: "fileByFilename", value: "nope.proto" } },
      { messageRequest: { case: "fileContainingExtension", value: { containingType: `${PKG}.Extendable`, extensionNumber: 150 } } },
      { messageRequest: { case: "allExtensionNumbersOfType", value: `${PKG}.Nope` } },
      { messageRequest: { case: "fileContainingSymbol", value: PKG } },
      { messageRequest: { case: "fileContainingSymbol", value: "__proto__" } },
      { messageRequest: { case: undefined } },
      { messageRequest: { case: "fileContainingSymbol", value: `${PKG}.Item` } },
    ]);
    const kinds = responses.map((r) => (r.messageResponse.case === "errorResponse" ? r.messageResponse.value.errorCode : r.messageResponse.case));
    expect(kinds).toEqual([Code.NotFound, Code.NotFound, Code.NotFound, Code.NotFound, Code.NotFound, Code.NotFound, Code.InvalidArgument, "fileDescriptorResponse"]);
    // Each response echoes its request and host (reflection.proto: valid_host, original_request).
    expect(responses[0]!.validHost).toBe("example");
    expect(responses[0]!.originalRequest?.messageRequest).toEqual({ case: "fileContainingSymbol", value: `${PKG}.Nope` });
    const e = await client.fileContainingSymbol(`${PKG}.Nope`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe(Code.NotFound);
    expect((e as RpcError).message).toContain(`${PKG}.Nope`);
  });

  it("v1alpha answers exactly as v1 does", async () => {
    const alpha = new ReflectionClient(channel, { version: "v1alpha" });
    expect(await alpha.listServices()).toEqual(await client.listServices());
    expect(await alpha.fileBytesContainingSymbol(`${PKG}.Shop`)).toEqual(await client.fileBytesContainingSymbol(`${PKG}.Shop`));
    expect(await alpha.allExtensionNumbersOfType(`${PKG}.Extendable`)).toEqual([100, 101]);
  });

  it("describes every service it lists (what grpcurl describe does)", async () => {
    const { services, pool, missing } = await client.loadServices();
    expect(missing).toEqual([]);
    for (const s of services) expect(pool.service(s), s).toBeDefined();
    const item = pool.message(`${PKG}.Item`)!.descriptor;
    const labels = item.nestedType.find((n) => n.name === "LabelsEntry")!;
    expect(labels.field.map((f) => f.name)).toEqual(["key", "value"]);
    expect(item.field.find((f) => f.name === "legacy_code")!.jsonName).toBe("code");
    expect(item.field.find((f) => f.name === "sku_v2")!.jsonName).toBe("skuV2");
    expect(item.oneofDecl.map((o) => o.name)).toEqual(["price", "_rating"]);
  });

  it("many requests on one stream, answered in order", async () => {
    const symbols = [...expected.keys()];
    const responses = await client.exchange(symbols.map((value) => ({ messageRequest: { case: "fileByFilename", value } })));
    expect(responses.map((r) => r.originalRequest?.messageRequest.value)).toEqual(symbols);
  });
});

describe("reflection setup", () => {
  it("serves services added after it was turned on, and can register one version only", async () => {
    const server = createServer();
    addReflection(server, { versions: ["v1alpha"] });
    const channel = await listen(server);
    const client = new ReflectionClient(channel, { version: "v1alpha" });
    expect(await client.listServices()).toEqual(["grpc.reflection.v1alpha.ServerReflection"]);
    server.add(UserRecommend, { userRecommend: () => ({}) });
    expect(await client.listServices()).toEqual(["grpc.reflection.v1alpha.ServerReflection", "UserRecommend"]);
    expect(names(await client.fileContainingSymbol("UserRequest"))).toEqual(["reco.proto"]);
    const e = (await new ReflectionClient(channel).listServices().catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Unimplemented);
    expect(server.getService(ServerReflection.typeName)).toBeUndefined();
    expect(server.getService(ServerReflectionV1Alpha.typeName)).toBeDefined();
    await channel.close();
    await server.close(100);
  });

  it("serves files of the dynamic path: descriptors, bytes, or a pool (read again on each request)", async () => {
    const loaded = loadProtoFiles([SHOP], { includePaths: [join(root, "test/interop/protos")] });
    const pool = new DescriptorPool();
    for (const f of loaded.all) pool.add(f);
    // A service defined at run time, from descriptors: its definition carries the files.
    const shop = serviceFromPool(pool, `${PKG}.Shop`);
    expect(shop.fileName).toBe(SHOP);
    expect([...shop.files!.keys()].sort()).toEqual([...SHOP_FILES].sort());

    for (const files of [loaded.all, loaded.all.map(encodeFileDescriptorProto), pool]) {
      const server = createServer();
      addReflection(server, { files });
      server.add({ typeName: `${PKG}.Shop`, methods: shop.methods }, { getItem: () => ({}) });
      const channel = await listen(server);
      const client = new ReflectionClient(channel);
      expect(await client.listServices()).toContain(`${PKG}.Shop`);
      const bytes = await client.fileBytesContainingSymbol(`${PKG}.Shop`);
      expect(bytes.map((b) => decodeFileDescriptorProto(b).name)).toEqual(SHOP_FILES);
      for (const b of bytes) expect(Buffer.from(b).equals(Buffer.from(expected.get(decodeFileDescriptorProto(b).name!)!))).toBe(true);
      await channel.close();
      await server.close(100);
    }

    // Files added to a pool after the server started are served too.
    const later = new DescriptorPool();
    const server = createServer();
    addReflection(server, { files: later });
    const channel = await listen(server);
    const client = new ReflectionClient(channel);
    expect(((await client.fileByFilename("reco.proto").catch((x: unknown) => x)) as RpcError).code).toBe(Code.NotFound);
    for (const f of loadProtoFiles(["reco.proto"], { includePaths: [join(root, "proto")] }).all) later.add(f);
    expect(names(await client.fileByFilename("reco.proto"))).toEqual(["reco.proto"]);
    await channel.close();
    await server.close(100);
  });

  it("a dynamic service answers calls with the dynamic codec, and reflection describes it from its definition", async () => {
    const pool = new DescriptorPool();
    for (const f of loadProtoFiles([SHOP], { includePaths: [join(root, "test/interop/protos")] }).all) pool.add(f);
    const shop = serviceFromPool(pool, `${PKG}.Shop`);
    const server = createServer();
    addReflection(server);
    addHealth(server);
    server.add(shop, {
      getItem: (req: DynamicMessage) => ({ id: req["id"], displayName: "dynamic", labels: new Map([["k", "v"]]) }),
    });
    const channel = await listen(server);
    const item = await channel.unary(shop.methods["getItem"]!, { id: "7" });
    expect(item["displayName"]).toBe("dynamic");
    expect(item["labels"]).toEqual(new Map([["k", "v"]]));
    expect(names(await new ReflectionClient(channel).fileContainingSymbol(`${PKG}.Shop.GetItem`))).toEqual(SHOP_FILES);
    await channel.close();
    await server.close(100);
  });
});
