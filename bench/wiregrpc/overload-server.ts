// The wiregrpc server bench/overload.bench.mjs saturates: UserRecommend with a
// handler that burns CPU for a fixed time per call before answering, so the
// event loop is the bottleneck. Prints "listening <port>", then, once a
// second, one JSON line: how many handlers ran in total, and how long the
// requests of the handlers run since the last line had waited before their
// handler ran (now minus the request's time_stamp, which the load generator
// sets to its Date.now() as it sends: a queue that grows shows here), as
// [send time, wait] pairs in milliseconds.
//   node dist/bench/wiregrpc/overload-server.js [port] [--burn-ms 2] [--max-concurrent-streams N]
import { createServer, type ServerOptions } from "../../src/rpc/index.js";
import { recommend } from "../../examples/reco/server.js";
import { UserRecommend } from "../../examples/reco/gen/reco.js";

const argv = process.argv.slice(2);
const flag = (name: string): number | undefined => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : undefined);
const burnMs = flag("--burn-ms") ?? 2;
const maxConcurrentStreams = flag("--max-concurrent-streams");
const port = argv[0] !== undefined && !argv[0].startsWith("--") ? Number(argv[0]) : 0;

/** Keeps the CPU busy for `ms` milliseconds (the event loop is blocked meanwhile). */
function burn(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

let ran = 0;
let waits: number[] = [];
const options: ServerOptions = maxConcurrentStreams === undefined ? {} : { maxConcurrentStreams };
const server = createServer(options);
server.add(UserRecommend, {
  userRecommend(request) {
    ran++;
    if (request.timeStamp > 0n) waits.push(Number(request.timeStamp), Date.now() - Number(request.timeStamp));
    burn(burnMs);
    return recommend(request);
  },
});
const bound = await server.listen(`127.0.0.1:${port}`);
console.log(`listening ${bound}`);
setInterval(() => {
  console.log(JSON.stringify({ ran, waits }));
  waits = [];
}, 1000).unref();
process.on("SIGTERM", () => void server.close(100).then(() => process.exit(0)));
