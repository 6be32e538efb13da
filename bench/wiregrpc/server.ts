// The wiregrpc server the RPC benchmarks measure: the seed's UserRecommend
// logic plus the streaming service. Prints "listening <port>".
//   node dist/bench/wiregrpc/server.js [port]
import { createServer } from "../../src/rpc/index.js";
import { recommend } from "../../examples/reco/server.js";
import { UserRecommend } from "../../examples/reco/gen/reco.js";
import { Streamer } from "./gen/streamer.js";

const server = createServer({ maxReceiveMessageSize: 64 * 1024 * 1024, maxConcurrentStreams: 1000 });
server.add(UserRecommend, {
  userRecommend: (request) => recommend(request),
});
server.add(Streamer, {
  async *download(req) {
    const data = new Uint8Array(req.size).fill(120);
    for (let i = 0; i < req.count; i++) yield { data };
  },
  async *echo(chunks) {
    for await (const c of chunks) yield c;
  },
  mirror: (chunk) => chunk,
});
const port = await server.listen(`127.0.0.1:${process.argv[2] ?? 0}`);
console.log(`listening ${port}`);
process.on("SIGTERM", () => void server.close(100).then(() => process.exit(0)));
