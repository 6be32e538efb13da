// A grpc-js health client (proto-loader, as grpc-js users load health.proto)
// for test/interop/health-grpc-js.test.ts. Prints one JSON line per event;
// the test changes statuses and closes the server as the lines come in.
//   node grpc-js-client.mjs <port> <service>
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const [port, service] = [process.argv[2], process.argv[3]];
const protoPath = fileURLToPath(new URL("../../../proto/grpc/health/v1/health.proto", import.meta.url));
const definition = protoLoader.loadSync(protoPath, { enums: String, defaults: true });
const { Health } = grpc.loadPackageDefinition(definition).grpc.health.v1;
const client = new Health(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
const print = (event) => process.stdout.write(JSON.stringify(event) + "\n");

function check(name) {
  return new Promise((resolve) =>
    client.Check({ service: name }, (err, res) => {
      print(err ? { check: name, code: err.code } : { check: name, status: res.status });
      resolve();
    }),
  );
}

/** Watches `name`, printing each status under `key`; cancels once `cancelOn` arrives. */
function watch(key, name, cancelOn) {
  return new Promise((resolve) => {
    const call = client.Watch({ service: name });
    call.on("data", (res) => {
      print({ [key]: res.status });
      if (res.status === cancelOn) call.cancel();
    });
    call.on("error", (err) => {
      print({ [`${key}End`]: err.code });
      resolve();
    });
    call.on("status", (s) => {
      if (s.code === grpc.status.OK) {
        print({ [`${key}End`]: s.code });
        resolve();
      }
    });
  });
}

await check("");
await check(service);
await check("nope.Nothing");
await watch("watch", service, "NOT_SERVING");
await watch("watchUnknown", "nope.Nothing", "SERVICE_UNKNOWN");
// The test closes the server once this watch has its first status.
await watch("watchAll", "", "never");
client.close();
