// A grpc-js grpc.testing.TestService server for the interop matrix, with the
// standard interop server flags (doc/interop-test-descriptions.md, "Server"):
//   node interop-server.mjs --port=0 [--use_tls=true] [--host=127.0.0.1]
// Prints "listening on port N". Implements what grpc-js lets a server
// express: every method and feature but CompressedRequest (grpc-js
// decompresses before the handler and hides grpc-encoding, so a handler
// cannot tell whether a message was compressed) and CompressedResponse
// (grpc-js servers never compress). UnimplementedCall is left out, so grpc-js
// answers it UNIMPLEMENTED; UnimplementedService is not served.
import { setTimeout as sleep } from "node:timers/promises";
import { ECHO_INITIAL_KEY, ECHO_TRAILING_KEY, grpc, parseFlags, testCerts, TestService } from "./test-service.mjs";

const flags = parseFlags(process.argv.slice(2), { port: "int", use_tls: "bool", host: "string" });

/** Echo Metadata: the initial key back as a header now, the trailing one returned for the trailers. */
function echoMetadata(call) {
  const initial = call.metadata.get(ECHO_INITIAL_KEY);
  if (initial.length > 0) {
    const header = new grpc.Metadata();
    for (const v of initial) header.add(ECHO_INITIAL_KEY, v);
    call.sendMetadata(header);
  }
  const trailer = new grpc.Metadata();
  for (const v of call.metadata.get(ECHO_TRAILING_KEY)) trailer.add(ECHO_TRAILING_KEY, v);
  return trailer;
}

/** Echo Status: the status to end the call with, or undefined. */
function echoStatus(status, trailer) {
  if (!status || status.code === 0) return undefined;
  return { code: status.code, details: status.message, metadata: trailer };
}

const payload = (size) => ({ type: 0, body: Buffer.alloc(size) });

/** Writes the responses one request asks for, sleeping interval_us before each. */
async function respond(call, req) {
  for (const params of req.responseParameters) {
    if (params.intervalUs > 0) await sleep(params.intervalUs / 1000);
    if (call.cancelled) return;
    call.write({ payload: payload(params.size) });
  }
}

/**
 * Handles a request stream one message at a time (each handled before the
 * next), ending the call with a request's response_status or, after the
 * last one, with OK. (Not `for await (const req of call)`: ending that loop
 * destroys the duplex stream, writable side included, before call.end().)
 */
function forEachRequest(call, trailer, handle, atEnd = async () => {}) {
  let queue = Promise.resolve();
  let over = false;
  const step = (fn) => {
    queue = queue.then(async () => {
      if (over || call.cancelled) return;
      try {
        await fn();
      } catch (status) {
        over = true;
        call.emit("error", status);
      }
    });
  };
  call.on("data", (req) =>
    step(async () => {
      const status = echoStatus(req.responseStatus, trailer);
      if (status) throw status;
      await handle(req);
    }),
  );
  call.on("end", () =>
    step(async () => {
      await atEnd();
      over = true;
      call.end(trailer);
    }),
  );
}

const server = new grpc.Server();
server.addService(TestService.service, {
  EmptyCall(_call, callback) {
    callback(null, {});
  },
  UnaryCall(call, callback) {
    const trailer = echoMetadata(call);
    const status = echoStatus(call.request.responseStatus, trailer);
    if (status) return callback(status);
    callback(null, { payload: payload(call.request.responseSize) }, trailer);
  },
  CacheableUnaryCall(call, callback) {
    const header = new grpc.Metadata();
    header.set("cache-control", "max-age=60, public");
    call.sendMetadata(header);
    callback(null, { payload: { type: 0, body: Buffer.from(String(process.hrtime.bigint())) } });
  },
  async StreamingOutputCall(call) {
    const trailer = echoMetadata(call);
    const status = echoStatus(call.request.responseStatus, trailer);
    if (status) return call.emit("error", status);
    await respond(call, call.request);
    call.end(trailer);
  },
  StreamingInputCall(call, callback) {
    const trailer = echoMetadata(call);
    let aggregatedPayloadSize = 0;
    call.on("data", (req) => (aggregatedPayloadSize += req.payload?.body.length ?? 0));
    call.on("end", () => callback(null, { aggregatedPayloadSize }, trailer));
  },
  FullDuplexCall(call) {
    const trailer = echoMetadata(call);
    forEachRequest(call, trailer, (req) => respond(call, req));
  },
  HalfDuplexCall(call) {
    const trailer = echoMetadata(call);
    const all = [];
    forEachRequest(call, trailer, async (req) => void all.push(req), async () => {
      for (const req of all) await respond(call, req);
    });
  },
});

const credentials = flags.use_tls
  ? grpc.ServerCredentials.createSsl(null, [{ private_key: testCerts().key, cert_chain: testCerts().cert }])
  : grpc.ServerCredentials.createInsecure();
const host = flags.host ?? "0.0.0.0";
server.bindAsync(`${host.includes(":") ? `[${host}]` : host}:${flags.port ?? 0}`, credentials, (err, port) => {
  if (err) {
    console.error(err.message);
    process.exit(1);
  }
  console.log(`listening on port ${port}`);
});
const stop = () => server.tryShutdown(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
