// RPC benchmarks, wiregrpc next to @grpc/grpc-js (and next to a bare
// node:http2 server, the ceiling), in one run. Every server and every load
// generator is its own process; rounds are interleaved and medians printed.
//
//   npm run build && (cd bench && npm install)     # once
//   node bench/rpc.bench.mjs [--rounds 3] [--seconds 5]
//
// 1. Unary server throughput: h2load (Debian nghttp2-client) -c 10 -m 10
//    posting a gRPC-framed UserRequest (article_num 10) to UserRecommend.
// 2. Unary end to end: client -> server, 100 calls in flight on one connection;
//    and p50/p99 latency at a fixed rate.
// 3. Streaming: server-streaming and bidi 1 KiB messages; a 4 MiB unary message both ways.
import { spawn, execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const ROUNDS = opt("--rounds", 3);
const SECONDS = opt("--seconds", 5);

const servers = {
  wiregrpc: [process.execPath, [join(root, "dist/bench/wiregrpc/server.js")]],
  "grpc-js": [process.execPath, [join(here, "grpc-js/server.mjs")]],
  "bare node:http2": [process.execPath, [join(here, "bare-http2-server.mjs")]],
};
const loads = {
  wiregrpc: [process.execPath, [join(root, "dist/bench/wiregrpc/load.js")]],
  "grpc-js": [process.execPath, [join(here, "grpc-js/load.mjs")]],
};

function startServer(name) {
  const [cmd, args] = servers[name];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGKILL"))) });
    });
    child.once("exit", (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
}

function runLoad(name, port, ...args) {
  const [cmd, base] = loads[name];
  const out = execFileSync(cmd, [...base, String(port), ...args.map(String)], { maxBuffer: 1 << 20 }).toString();
  return JSON.parse(out.trim().split("\n").pop());
}

// A gRPC-framed UserRequest { user_id: 1, channel_id: 2, article_num: 10 } for h2load.
const tmp = mkdtempSync(join(tmpdir(), "wiregrpc-bench-"));
const request = Buffer.from([0, 0, 0, 0, 6, 0x08, 0x01, 0x10, 0x02, 0x18, 0x0a]);
const requestFile = join(tmp, "request.bin");
writeFileSync(requestFile, request);

// The gRPC-framed 10-article UserResponse: 5-byte prefix + 477 bytes.
const EXPECTED_RESPONSE_BYTES = 5 + 477;

/** Every server must answer with the same message: 200 calls, DATA bytes counted exactly. */
function verifyResponses(port) {
  const out = execFileSync("h2load", [
    "-n", "200", "-c", "2", "-m", "10",
    "-d", requestFile, "-H", "content-type: application/grpc", "-H", "te: trailers",
    `http://127.0.0.1:${port}/UserRecommend/UserRecommend`,
  ]).toString();
  const data = /\((\d+)\) data/.exec(out);
  if (!data || Number(data[1]) !== 200 * EXPECTED_RESPONSE_BYTES) throw new Error(`server answered ${data?.[1]} DATA bytes for 200 calls, expected ${200 * EXPECTED_RESPONSE_BYTES}`);
}

function h2load(port) {
  verifyResponses(port);
  const out = execFileSync("h2load", [
    "-D", String(SECONDS), "--warm-up-time", "1", "-c", "10", "-m", "10",
    "-d", requestFile, "-H", "content-type: application/grpc", "-H", "te: trailers",
    `http://127.0.0.1:${port}/UserRecommend/UserRecommend`,
  ]).toString();
  const rps = /finished in [\d.]+s, ([\d.]+) req\/s/.exec(out);
  const done = /requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(out);
  if (!rps || !done || Number(done[3]) + Number(done[4]) > 0) throw new Error(`h2load failed:\n${out}`);
  return Number(rps[1]);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = new Map();
const record = (key, value) => (results.has(key) ? results.get(key) : results.set(key, []).get(key)).push(value);

for (let round = 1; round <= ROUNDS; round++) {
  console.error(`round ${round}/${ROUNDS}`);
  for (const name of Object.keys(servers)) {
    const s = await startServer(name);
    try {
      record(`unary server req/s|${name}`, h2load(s.port));
      if (name !== "bare node:http2") {
        record(`unary end to end calls/s|${name}`, runLoad(name, s.port, "unary", SECONDS, 100).callsPerSecond);
        const lat = runLoad(name, s.port, "latency", SECONDS, 1000);
        record(`latency p50 ms @1000/s|${name}`, lat.p50Ms);
        record(`latency p99 ms @1000/s|${name}`, lat.p99Ms);
        record(`server streaming 1 KiB msg/s|${name}`, runLoad(name, s.port, "download", 100_000, 1024).messagesPerSecond);
        record(`bidi 1 KiB msg/s|${name}`, runLoad(name, s.port, "echo", 50_000, 1024).messagesPerSecond);
        record(`4 MiB unary both ways MB/s|${name}`, runLoad(name, s.port, "mirror", 20, 4 * 1024 * 1024).megabytesPerSecond);
      }
    } finally {
      await s.stop();
    }
  }
}

const fmt = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(2));
const rows = new Map();
for (const [key, values] of results) {
  const [metric, name] = key.split("|");
  if (!rows.has(metric)) rows.set(metric, {});
  rows.get(metric)[name] = median(values);
}
console.log(`\nmedians of ${ROUNDS} rounds, ${SECONDS} s each (node ${process.version}, ${execFileSync("nproc").toString().trim()} cores)\n`);
console.log("| benchmark | wiregrpc | grpc-js | bare node:http2 | wiregrpc / grpc-js | wiregrpc / bare |");
console.log("|---|---|---|---|---|---|");
for (const [metric, v] of rows) {
  const lowerIsBetter = metric.startsWith("latency");
  const vsJs = lowerIsBetter ? v["grpc-js"] / v.wiregrpc : v.wiregrpc / v["grpc-js"];
  const vsBare = v["bare node:http2"] ? `${(v.wiregrpc / v["bare node:http2"]).toFixed(2)}x` : "";
  console.log(`| ${metric} | ${fmt(v.wiregrpc)} | ${fmt(v["grpc-js"])} | ${v["bare node:http2"] ? fmt(v["bare node:http2"]) : ""} | **${vsJs.toFixed(2)}x**${lowerIsBetter ? " (lower is better)" : ""} | ${vsBare} |`);
}

