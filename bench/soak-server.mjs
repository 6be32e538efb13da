// The server side of the memory soak benchmark (bench/soak.bench.mjs): the
// same services and options as dist/bench/wiregrpc/server.js, plus one extra
// behaviour for the cancel and deadline paths — a UserRecommend request with
// channel_id 99 never answers; it waits for ctx.signal (client cancel or
// deadline) and then rejects with its reason.
//
// Run with --expose-gc and an IPC channel; it prints "listening <port>" and
// answers messages on the IPC channel (a side channel that adds nothing to
// the HTTP/2 traffic being measured):
//   {cmd: "mem"}               -> after two forced GCs: process.memoryUsage(),
//                                 the server's live calls and sessions, and the
//                                 process's active handles by kind (Timeout, TCPSocketWrap...)
//   {cmd: "snapshot", path}    -> v8.writeHeapSnapshot(path)
//   {cmd: "exit"}              -> server.close(), then exit
import { getHeapStatistics, writeHeapSnapshot } from "node:v8";
import { createServer } from "../dist/src/rpc/index.js";
import { recommend } from "../dist/examples/reco/server.js";
import { UserRecommend } from "../dist/examples/reco/gen/reco.js";
import { Streamer } from "../dist/bench/wiregrpc/gen/streamer.js";

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
if (typeof process.send !== "function") throw new Error("run with an IPC channel (spawn with stdio [..., 'ipc'])");

/** channel_id that makes UserRecommend wait until the call is cancelled or its deadline passes. */
const HANG_CHANNEL = 99;

const server = createServer({ maxReceiveMessageSize: 64 * 1024 * 1024, maxConcurrentStreams: 1000 });
server.add(UserRecommend, {
  userRecommend(request, ctx) {
    if (request.channelId !== HANG_CHANNEL) return recommend(request);
    return new Promise((_, reject) => {
      const signal = ctx.signal;
      if (signal.aborted) reject(signal.reason);
      else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
  },
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

/** What the server keeps per call and per connection (private fields, read for the benchmark only). */
function serverCounts() {
  return { calls: server["calls"]?.size ?? null, sessions: server["sessions"]?.size ?? null };
}

function activeResources() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

process.on("message", (msg) => {
  switch (msg?.cmd) {
    case "mem": {
      // Two passes: the first can leave weak/finalizable objects for the second.
      globalThis.gc();
      globalThis.gc();
      const mem = process.memoryUsage();
      const heap = getHeapStatistics();
      process.send({
        id: msg.id,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        heapTotal: mem.heapTotal,
        external: mem.external,
        arrayBuffers: mem.arrayBuffers,
        nativeContexts: heap.number_of_native_contexts,
        ...serverCounts(),
        resources: activeResources(),
      });
      break;
    }
    case "snapshot":
      globalThis.gc();
      process.send({ id: msg.id, path: writeHeapSnapshot(msg.path) });
      break;
    case "exit":
      void server.close(100).then(() => process.exit(0));
      break;
  }
});
// The parent is gone: do not linger.
process.on("disconnect", () => process.exit(0));

console.log(`listening ${port}`);
