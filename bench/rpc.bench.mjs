// RPC benchmarks in one run: wiregrpc on our own HTTP/2 engine, the same
// wiregrpc on node:http2, @grpc/grpc-js, and two ceilings that answer every
// call with the same pre-encoded response: a bare server on our engine and a
// bare node:http2 server. Every server and every load generator is its own
// process.
//
//   npm run build && (cd bench && npm install)     # once
//   node bench/rpc.bench.mjs [--rounds 9] [--seconds 3]
//
// 1. Unary server throughput: h2load (Debian nghttp2-client) -c 10 -m 10
//    posting a gRPC-framed UserRequest (article_num 10) to UserRecommend;
//    and the server's CPU time per call, read from /proc around each h2load run.
// 2. Unary end to end: client -> server, 100 calls in flight on one connection;
//    and p50/p99 latency at a fixed rate.
// 3. Streaming: server-streaming and bidi 1 KiB messages; a 4 MiB unary message both ways.
//
// Made for a shared, noisy machine, where the speed of the same code moves by
// 20-30% from minute to minute: the servers start once and stay up (warmed
// before the first round); each round measures every benchmark for every
// contender back to back, in an order that rotates from round to round; a
// ratio is the median of the rounds' ratios (each pairs measurements taken
// seconds apart), not a ratio of medians taken minutes apart.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const ROUNDS = opt("--rounds", 9);
const SECONDS = opt("--seconds", 3);

/** The same wiregrpc server and load generator run on each transport (WIREGRPC_TRANSPORT). */
const onTransport = (transport) => ({ ...process.env, WIREGRPC_TRANSPORT: transport });
const servers = {
  wiregrpc: [process.execPath, [join(root, "dist/bench/wiregrpc/server.js")], onTransport("wiregrpc")],
  "wiregrpc on node:http2": [process.execPath, [join(root, "dist/bench/wiregrpc/server.js")], onTransport("node:http2")],
  "grpc-js": [process.execPath, [join(here, "grpc-js/server.mjs")], process.env],
  "bare engine": [process.execPath, [join(root, "dist/bench/wiregrpc/bare-engine-server.js")], process.env],
  "bare node:http2": [process.execPath, [join(here, "bare-http2-server.mjs")], process.env],
};
const loads = {
  wiregrpc: [process.execPath, [join(root, "dist/bench/wiregrpc/load.js")], onTransport("wiregrpc")],
  "wiregrpc on node:http2": [process.execPath, [join(root, "dist/bench/wiregrpc/load.js")], onTransport("node:http2")],
  "grpc-js": [process.execPath, [join(here, "grpc-js/load.mjs")], process.env],
};

function startServer(name) {
  const [cmd, args, env] = servers[name];
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"], env });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), pid: child.pid, stop: () => new Promise((r) => (child.once("exit", r), child.kill("SIGKILL"))) });
    });
    child.once("exit", (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
}

function runLoad(name, port, ...args) {
  const [cmd, base, env] = loads[name];
  const out = execFileSync(cmd, [...base, String(port), ...args.map(String)], { maxBuffer: 1 << 20, env }).toString();
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

/** Total CPU time (user + system, all threads) of a process so far, in seconds; proc(5), fields 14 and 15. */
const TICKS = Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim());
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // field 3 onwards
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/** One h2load run of `seconds` against a warm server: req/s and the server's CPU µs per call. */
function h2load(server, seconds) {
  const cpu0 = cpuSeconds(server.pid);
  const out = execFileSync("h2load", [
    "-D", String(seconds), "-c", "10", "-m", "10",
    "-d", requestFile, "-H", "content-type: application/grpc", "-H", "te: trailers",
    `http://127.0.0.1:${server.port}/UserRecommend/UserRecommend`,
  ]).toString();
  const cpu = cpuSeconds(server.pid) - cpu0;
  const rps = /finished in [\d.]+s, ([\d.]+) req\/s/.exec(out);
  const done = /requests: \d+ total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(out);
  if (!rps || !done || Number(done[3]) + Number(done[4]) > 0) throw new Error(`h2load failed:\n${out}`);
  return { rps: Number(rps[1]), cpuMicrosPerCall: (cpu * 1e6) / Number(done[2]) };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor((s.length - 1) / 4)], s[Math.ceil(((s.length - 1) * 3) / 4)]];
};
/** metric -> contender -> one value per round. */
const results = new Map();
const record = (metric, name, value) => {
  if (!results.has(metric)) results.set(metric, {});
  (results.get(metric)[name] ??= []).push(value);
};

const names = Object.keys(servers);
const running = {};
try {
  for (const name of names) {
    running[name] = await startServer(name);
    verifyResponses(running[name].port);
  }
  // Warm every server (JIT, buffers, sessions) before anything is recorded.
  console.error("warming up");
  for (const name of names) {
    h2load(running[name], 2);
    if (loads[name]) runLoad(name, running[name].port, "unary", 1, 100);
  }
  for (let round = 1; round <= ROUNDS; round++) {
    console.error(`round ${round}/${ROUNDS}`);
    const order = names.map((_, i) => names[(i + round) % names.length]);
    for (const name of order) {
      const r = h2load(running[name], SECONDS);
      record("unary server req/s", name, r.rps);
      record("unary server CPU µs per call", name, r.cpuMicrosPerCall);
    }
    const clients = order.filter((name) => loads[name]);
    const each = (metric, measure) => clients.forEach((name) => record(metric, name, measure(name, running[name].port)));
    each("unary end to end calls/s", (name, port) => runLoad(name, port, "unary", SECONDS, 100).callsPerSecond);
    for (const name of clients) {
      const lat = runLoad(name, running[name].port, "latency", SECONDS, 1000);
      record("latency p50 ms @1000/s", name, lat.p50Ms);
      record("latency p99 ms @1000/s", name, lat.p99Ms);
    }
    each("server streaming 1 KiB msg/s", (name, port) => runLoad(name, port, "download", 50_000, 1024).messagesPerSecond);
    each("bidi 1 KiB msg/s", (name, port) => runLoad(name, port, "echo", 25_000, 1024).messagesPerSecond);
    each("4 MiB unary both ways MB/s", (name, port) => runLoad(name, port, "mirror", 10, 4 * 1024 * 1024).megabytesPerSecond);
  }
} finally {
  await Promise.all(Object.values(running).map((s) => s.stop()));
}

const LOWER_IS_BETTER = /latency|CPU/;
/** Round-by-round ratios of `a` over `b`, each the better-is-bigger way round. */
function roundRatios(metric, a, b) {
  const v = results.get(metric);
  if (!v[a] || !v[b]) return undefined;
  return v[a].map((x, i) => (LOWER_IS_BETTER.test(metric) ? v[b][i] / x : x / v[b][i]));
}
const fmt = (x) => (x === undefined ? "" : x >= 100 ? x.toFixed(0) : x.toFixed(2));
const ratio = (xs) => (xs === undefined ? "" : `${median(xs).toFixed(2)}x`);
console.log(`\nmedians of ${ROUNDS} rounds, ${SECONDS} s or the stated work each (node ${process.version}, ${execFileSync("nproc").toString().trim()} cores); ratios are medians of the rounds' ratios\n`);
const columns = ["wiregrpc", "wiregrpc on node:http2", "grpc-js", "bare engine", "bare node:http2"];
const comparisons = [
  ["wiregrpc", "wiregrpc on node:http2"],
  ["wiregrpc", "grpc-js"],
  ["wiregrpc", "bare engine"],
];
console.log(`| benchmark | ${columns.join(" | ")} | ${comparisons.map(([a, b]) => `${a} / ${b}`).join(" | ")} |`);
console.log(`|---|${columns.map(() => "---|").join("")}${comparisons.map(() => "---|").join("")}`);
for (const [metric, v] of results) {
  const note = LOWER_IS_BETTER.test(metric) ? " (lower is better)" : "";
  const cells = columns.map((c) => (v[c] ? fmt(median(v[c])) : ""));
  const ratios = comparisons.map(([a, b], i) => {
    const r = ratio(roundRatios(metric, a, b));
    return i === 0 && r !== "" ? `**${r}**${note}` : r;
  });
  console.log(`| ${metric} | ${cells.join(" | ")} | ${ratios.join(" | ")} |`);
}
console.log("\nHow much each ratio varied from round to round (first to third quartile):");
for (const metric of results.keys()) {
  const spans = comparisons
    .map(([a, b]) => [a, b, roundRatios(metric, a, b)])
    .filter(([, , xs]) => xs !== undefined)
    .map(([a, b, xs]) => {
      const [q1, q3] = quartiles(xs);
      return `${a} / ${b} ${q1.toFixed(2)}x - ${q3.toFixed(2)}x`;
    });
  console.log(`  ${metric}: ${spans.join("; ")}`);
}
console.log("Unary server CPU per call, round by round (µs): " + columns.map((c) => `${c} ${results.get("unary server CPU µs per call")[c].map((x) => x.toFixed(1)).join(" ")}`).join(" | "));
