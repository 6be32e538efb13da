// The ceiling of our own HTTP/2 engine, as bench/bare-http2-server.mjs is
// node:http2's: an Http2Server (src/http2) answering every request with the
// same pre-encoded gRPC response (the seed's 10-article UserResponse) and
// grpc-status 0. No routing, no decoding, no encoding. Prints "listening <port>".
//   node dist/bench/wiregrpc/bare-engine-server.js [port]
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Http2Server } from "../../src/http2/endpoint/server.js";

const body = readFileSync(fileURLToPath(new URL("../../../test/vectors/reco/user_response_10.bin", import.meta.url)));
const frame = Buffer.alloc(5 + body.length);
frame.writeUInt32BE(body.length, 1);
body.copy(frame, 5);
const headers = Object.freeze({ ":status": "200", "content-type": "application/grpc" });
const trailers = Object.freeze({ "grpc-status": "0" });

const server = new Http2Server({
  limits: { maxConcurrentStreams: 1000 },
  onStream(stream) {
    stream.attach({
      onData() {},
      onEnd() {
        stream.respond(headers, false);
        stream.end(frame, trailers);
      },
      onDrain() {},
      onClose() {},
    });
  },
});
const port = await server.listen("127.0.0.1", Number(process.argv[2] ?? 0));
console.log(`listening ${port}`);
process.on("SIGTERM", () => process.exit(0));
