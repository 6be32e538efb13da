// A Node reflection client as Postman's is built (npm grpc-reflection-js,
// which Postman forked; v1alpha only, descriptors turned into a protobufjs
// Root), then a grpc-js client made from that Root with proto-loader's
// fromJSON, calling the multi-file service. For
// test/interop/reflection-grpc-reflection-js.test.ts.
// With a FileDescriptorSet that protoc wrote for the same files, it also
// builds a Root from that the same way, to show the two schemas are one.
//   node grpc-reflection-js-client.mjs <port> [protoc-set.binpb]
// Prints one JSON object with what it found and what it called.
import { readFileSync } from "node:fs";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";
import reflectionJs from "grpc-reflection-js";
import protobuf from "protobufjs";
import descriptorExt from "protobufjs/ext/descriptor/index.js";

const PKG = "wiregrpc.reflectiontest.v1";
const target = `127.0.0.1:${process.argv[2]}`;
const reflection = new reflectionJs.Client(target, grpc.credentials.createInsecure());

const services = await reflection.listServices();
const root = await reflection.fileContainingSymbol(`${PKG}.Shop`);
const shopService = root.lookupService(`${PKG}.Shop`);
const item = root.lookupType(`${PKG}.Item`);
const recoRoot = await reflection.fileContainingSymbol("UserRecommend");

function unary(client, method, request) {
  return new Promise((resolve, reject) => client[method](request, { deadline: Date.now() + 10_000 }, (err, res) => (err ? reject(err) : resolve(res))));
}

const options = { longs: String, enums: String, oneofs: true };
const Shop = grpc.loadPackageDefinition(protoLoader.fromJSON(root.toJSON(), options)).wiregrpc.reflectiontest.v1.Shop;
const shop = new Shop(target, grpc.credentials.createInsecure());
const getItem = await unary(shop, "GetItem", { id: "42", locale: "fr" });
const Reco = grpc.loadPackageDefinition(protoLoader.fromJSON(recoRoot.toJSON(), options)).UserRecommend;
const reco = new Reco(target, grpc.credentials.createInsecure());
const recommended = await unary(reco, "UserRecommend", { user_id: "1", article_num: 2 });
shop.close();
reco.close();

let unknown;
try {
  await reflection.fileContainingSymbol(`${PKG}.Nope`);
  unknown = "found?";
} catch (e) {
  unknown = "rejected";
}

// The same client code, fed protoc's descriptors instead of ours.
let sameAsProtoc;
if (process.argv[3] !== undefined) {
  const set = descriptorExt.FileDescriptorSet.decode(readFileSync(process.argv[3]));
  const fromProtoc = protobuf.Root.fromDescriptor(set);
  const names = [`${PKG}.Shop`, `${PKG}.Item`, `${PKG}.GetItemRequest`, `${PKG}.Extendable`, "google.protobuf.Timestamp"];
  sameAsProtoc = names.every((n) => JSON.stringify(fromProtoc.lookup(n).toJSON()) === JSON.stringify(root.lookup(n).toJSON()));
}

const toObject = (m) => JSON.parse(JSON.stringify(m, (_k, v) => (v instanceof Map ? Object.fromEntries(v) : v)));
console.log(
  JSON.stringify({
    services,
    methods: Object.keys(shopService.methods),
    oneofs: Object.keys(item.oneofs ?? {}),
    getItem: toObject(getItem),
    recommended: toObject(recommended),
    unknown,
    sameAsProtoc,
  }),
);
