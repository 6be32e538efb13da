// The ceiling for any gRPC server on node:http2: a bare http2 server that
// answers every request with the same pre-encoded gRPC response (the
// seed's 10-article UserResponse) and grpc-status 0. No routing, no
// decoding, no encoding, no date header. Prints "listening <port>".
import http2 from "node:http2";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";

const body = readFileSync(fileURLToPath(new URL("../test/vectors/reco/user_response_10.bin", import.meta.url)));
const frame = Buffer.alloc(5 + body.length);
frame.writeUInt32BE(body.length, 1);
body.copy(frame, 5);
const headers = { ":status": 200, "content-type": "application/grpc" };
const trailers = { "grpc-status": "0" };

const server = http2.createServer({ settings: { maxConcurrentStreams: 1000 } });
server.on("stream", (stream) => {
  stream.on("data", () => {});
  stream.on("end", () => {
    // Without node's default `date` header, as wiregrpc answers: gRPC does not
    // use it, and it cost our server 15-20% of its CPU time per call. A
    // ceiling should be the cheapest way to answer on node:http2.
    stream.respond(headers, { waitForTrailers: true, sendDate: false });
    stream.on("wantTrailers", () => stream.sendTrailers(trailers));
    stream.end(frame);
  });
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(`listening ${server.address().port}`));
process.on("SIGTERM", () => process.exit(0));
