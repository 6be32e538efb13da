// A grpc-js Echo server for the interop tests. Prints "listening <port>".
//   node server.mjs [port]
// Behaviour, the same as our own Echo server in the tests:
// - statusCode != 0: fail with that code and statusMessage;
// - delayMs: sleep first;
// - request metadata "x-echo-initial" comes back as a response header,
//   "x-echo-trailing-bin" as a trailer.
import { EchoService, grpc } from "./echo-service.mjs";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function echoMetadata(call) {
  const initial = call.metadata.get("x-echo-initial");
  if (initial.length > 0) {
    const md = new grpc.Metadata();
    for (const v of initial) md.add("x-echo-initial", v);
    call.sendMetadata(md);
  }
  const trailer = new grpc.Metadata();
  for (const v of call.metadata.get("x-echo-trailing-bin")) trailer.add("x-echo-trailing-bin", v);
  return trailer;
}

function statusOf(req, trailer) {
  if (!req.statusCode) return undefined;
  return { code: req.statusCode, details: req.statusMessage, metadata: trailer };
}

const server = new grpc.Server();
server.addService(EchoService.service, {
  async Unary(call, callback) {
    const trailer = echoMetadata(call);
    if (call.request.delayMs) await sleep(call.request.delayMs);
    const status = statusOf(call.request, trailer);
    if (status) return callback(status);
    callback(null, { message: call.request.message, index: 0, payload: call.request.payload }, trailer);
  },
  async ServerStream(call) {
    const trailer = echoMetadata(call);
    const status = statusOf(call.request, trailer);
    if (status) return call.emit("error", status);
    for (let i = 0; i < call.request.count; i++) {
      call.write({ message: call.request.message, index: i });
      if (call.request.delayMs) await sleep(call.request.delayMs);
    }
    call.end(trailer);
  },
  ClientStream(call, callback) {
    const trailer = echoMetadata(call);
    const parts = [];
    call.on("data", (req) => parts.push(req.message));
    call.on("end", () => callback(null, { message: parts.join(","), index: parts.length }, trailer));
  },
  Bidi(call) {
    const trailer = echoMetadata(call);
    let i = 0;
    call.on("data", (req) => call.write({ message: req.message, index: i++ }));
    call.on("end", () => call.end(trailer));
  },
});

const port = Number(process.argv[2] ?? 0);
server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) => {
  if (err) {
    console.error(err.message);
    process.exit(1);
  }
  console.log(`listening ${bound}`);
});
process.on("SIGTERM", () => server.tryShutdown(() => process.exit(0)));
