// A strict reflection client: Python grpcio with protobuf's C++ descriptor
// pool (protoc's own checks), stubs generated at test time from Debian's
// grpc-proto. It fetches every service's files from our server, builds them,
// makes message classes from them and calls the multi-file service.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { debianPython, interopDir, pythonGrpc } from "./peers.js";
import { run } from "./process-helpers.js";
import { createShopServer } from "./reflection-shop-server.js";

const python = pythonGrpc();
const PKG = "wiregrpc.reflectiontest.v1";

describe.skipIf(!python.available)("Python grpcio reflection client (C++ descriptor pool) -> our server", () => {
  const { server } = createShopServer();
  let port = 0;
  let dir = "";
  beforeAll(async () => {
    port = await server.listen("127.0.0.1:0");
    dir = mkdtempSync(join(tmpdir(), "wiregrpc-reflection-py-"));
    cpSync(join(interopDir, "reflection-peers", "python_client.py"), join(dir, "python_client.py"));
    const gen = await run(
      debianPython,
      ["-m", "grpc_tools.protoc", "-I/usr/share/grpc-proto/grpc/reflection", "--python_out=.", "--grpc_python_out=.", "v1/reflection.proto", "v1alpha/reflection.proto"],
      { cwd: dir },
    );
    expect(gen.code, gen.stderr).toBe(0);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server.close(100);
  });

  for (const version of ["v1", "v1alpha"]) {
    it(`builds every served file, makes message classes, calls the service (${version})`, async () => {
      const r = await run(debianPython, ["python_client.py", String(port), version], { cwd: dir, timeoutMs: 60_000 });
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out["services"]).toEqual(["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "grpc.health.v1.Health", "UserRecommend", `${PKG}.Shop`]);
      expect(out["files"]).toEqual([
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
      expect((out["methods"] as Record<string, string[]>)[`${PKG}.Shop`]).toEqual(["GetItem", "ListItems", "WatchItems", "Ping", "Annotate"].map((m) => `${PKG}.Shop.${m}`));
      expect(out["getItem"]).toMatchObject({
        id: "42",
        displayName: "Item 42 (fr)",
        labels: { color: "red" },
        variantsBySize: { "42": { sku: "sku-42", stock: "7" } },
        kind: "KIND_BOOK",
        rating: 0,
        createdAt: "2023-11-14T22:13:20.005Z",
        cents: "1999",
        code: "L-1",
        note: "hello",
        statusByRegion: { eu: "STATUS_RETIRED" },
      });
      expect(out["mapEntries"]).toEqual(["LabelsEntry", "VariantsBySizeEntry", "StatusByRegionEntry"]);
      expect(out["oneofs"]).toEqual(["price", "_rating"]);
      expect((out["jsonNames"] as Record<string, string>)["legacy_code"]).toBe("code");
      expect(out["extension"]).toBe(`${PKG}.Extendable`);
      expect(out["extensionNumbers"]).toEqual([100, 101]);
      expect(out["extensionFile"]).toBe("reflectiontest/v1/extras.proto");
      expect(out["unknown"]).toEqual([5, "list_services_response"]);
    });
  }
});
