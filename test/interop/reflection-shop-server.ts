// The multi-file test service of the reflection tests
// (test/interop/protos/reflectiontest/v1/*.proto, generated into
// test/interop/reflection-gen), served with reflection and health next to
// the example UserRecommend service.
import { UserRecommend } from "../../examples/reco/gen/reco.js";
import { recommend } from "../../examples/reco/server.js";
import { createServer, type Server } from "../../src/rpc/index.js";
import { addHealth, addReflection, type HealthService, type ReflectionOptions } from "../../src/services/index.js";
import { Item_Kind, Status, type Item } from "./reflection-gen/reflectiontest/v1/catalog.js";
import { Shop } from "./reflection-gen/reflectiontest/v1/shop.js";

/** The item GetItem answers with: every kind of field set. */
export function sampleItem(id: string): Item {
  return {
    id,
    displayName: `Item ${id}`,
    labels: new Map([["color", "red"]]),
    variantsBySize: new Map([[42, { sku: "sku-42", stock: { value: 7n } }]]),
    kind: Item_Kind.KIND_BOOK,
    rating: 0,
    createdAt: { seconds: 1_700_000_000n, nanos: 5_000_000 },
    price: { case: "cents", value: 1999n },
    status: Status.STATUS_ACTIVE,
    tags: ["a", "b"],
    skuV2: "v2",
    legacyCode: "L-1",
    note: { value: "hello" },
    statusByRegion: new Map([["eu", Status.STATUS_RETIRED]]),
  };
}

export function createShopServer(reflection?: ReflectionOptions): { server: Server; health: HealthService } {
  const server = createServer();
  addReflection(server, reflection);
  const health = addHealth(server);
  server.add(UserRecommend, { userRecommend: (request) => recommend(request) });
  server.add(Shop, {
    getItem: (request) => ({ ...sampleItem(request.id), displayName: request.locale === undefined ? `Item ${request.id}` : `Item ${request.id} (${request.locale})` }),
    listItems: (request) => ({ items: [{ ...sampleItem("1"), kind: request.kind }, { id: "2", kind: request.kind }], total: 2 }),
    async *watchItems() {
      yield { id: "w1" };
      yield { id: "w2" };
    },
    ping: () => ({}),
    annotate: (request) => request,
  });
  health.setStatus(Shop.typeName, "SERVING");
  health.setStatus(UserRecommend.typeName, "SERVING");
  return { server, health };
}
