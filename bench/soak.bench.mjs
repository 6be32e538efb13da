// Memory soak: many unary calls and short streams against one server, with
// the server's memory read after a forced GC every `--every` calls.
//
//   npm run build
//   node bench/soak.bench.mjs [--calls 1000000] [--streams 100000] [--every 100000]
//                             [--in-flight 100] [--idle-ms 8000] [--snapshots DIR] [--one-connection]
//
// The server (bench/soak-server.mjs: the RPC benchmark's server plus a
// UserRecommend that waits for cancellation) runs in a child process with
// --expose-gc and reports its memory over an IPC channel, so measuring adds
// nothing to the HTTP/2 traffic. This process is the client (dist/src/rpc):
// 100 calls in flight, the ones that end normally on one channel; a fresh
// channel for every segment of `--every` calls, 20 short-lived channels per
// segment besides, and the calls that end in a reset on channels replaced
// every 500 such calls (see RESETTING_CALLS_PER_CHANNEL), so both sides open
// and close sessions all along. The mix, per segment:
//   - unary UserRecommend (article_num 10); 1% cancelled with an
//     AbortSignal while the server waits, 1% past a 5-20 ms deadline, 10%
//     passing one long-lived AbortSignal shared by the whole run;
//   - short streams, in turn: server-streaming Download of 3 small messages;
//     bidi Echo of one message; a Download the client abandons after 2
//     messages (break out of for-await: the client cancels); a bidi Echo
//     whose request stream never ends, past a 10 ms deadline.
// `--snapshots DIR` writes a server heap snapshot at every checkpoint
// (compare two in Chrome DevTools' Memory tab, "Comparison" view).
// At each checkpoint the load is drained and the segment's channel closed;
// then both processes are measured after GC, at once and again after
// `--idle-ms` of idling: under load V8 grows its young generation to 32 MiB
// and its memory reducer only gives that back after a few idle seconds, so
// RSS taken at once swings by ±10 MiB from one checkpoint to the next while
// idle RSS is steady to a few hundred KiB. The table is the curve; the
// verdicts compare the end with the first checkpoint (the requirement: RSS
// within 10%, no growth of heap after GC, no call/session/timer left).
// It is a benchmark: the exit code is 0 even when a target is missed.
import { spawn } from "node:child_process";
import { getEventListeners, setMaxListeners } from "node:events";
import { mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Code, connect, createClient } from "../dist/src/rpc/index.js";
import { UserRecommend } from "../dist/examples/reco/gen/reco.js";
import { Streamer } from "../dist/bench/wiregrpc/gen/streamer.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : dflt);
const CALLS = opt("--calls", 1_000_000);
const STREAMS = opt("--streams", 100_000);
const EVERY = opt("--every", 100_000);
const IN_FLIGHT = opt("--in-flight", 100);
/** How long the checkpoint waits, idle, before its second measurement. */
const IDLE_MS = opt("--idle-ms", 8000);
const SNAPSHOTS = argv.includes("--snapshots") ? resolve(argv[argv.indexOf("--snapshots") + 1]) : undefined;
/** Short-lived channels per segment, each making a few calls and one stream before it is closed. */
const EPHEMERAL_CHANNELS = 20;
const EPHEMERAL_CALLS = 5;
const HANG_CHANNEL = 99;
/**
 * A node:http2 server (nghttp2) answers a client that resets more than 1000
 * streams, then more than 33 a second, on one connection with GOAWAY
 * INTERNAL_ERROR, failing every call on it (the CVE-2023-44487 "rapid reset"
 * guard; node 20 has no option to raise it). Cancelled, abandoned and
 * deadline calls all end with our RST_STREAM, about 100 a second here, so
 * they go on a channel of their own that is replaced after this many;
 * `--one-connection` puts them on the main channel instead, to see the GOAWAYs.
 */
const RESETTING_CALLS_PER_CHANNEL = 500;
const ONE_CONNECTION = argv.includes("--one-connection");

// This process is measured too (it is the client): a gc() without a command-line flag.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");

// ---- the server process ------------------------------------------------------

function startServer() {
  const child = spawn(process.execPath, ["--expose-gc", join(here, "soak-server.mjs")], {
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  const waiting = new Map();
  let nextId = 1;
  child.on("message", (m) => {
    const w = waiting.get(m.id);
    if (w) (waiting.delete(m.id), w(m));
  });
  const ask = (cmd, extra = {}) =>
    new Promise((res) => {
      const id = nextId++;
      waiting.set(id, res);
      child.send({ cmd, id, ...extra });
    });
  return new Promise((res, rej) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = /listening (\d+)/.exec(out);
      if (m) res({ port: Number(m[1]), ask, child });
    });
    child.once("exit", (code) => rej(new Error(`soak server exited with ${code}`)));
  });
}

// ---- the load ----------------------------------------------------------------

const request = { userId: 1n, channelId: 2, articleNum: 10, timeStamp: 1645320060000n };
const hangRequest = { ...request, channelId: HANG_CHANNEL };
/** One AbortSignal for the whole run, passed to 10% of the calls (its listeners must not pile up). */
const sharedAbort = new AbortController();
const sharedSignal = sharedAbort.signal;
// Up to IN_FLIGHT calls listen on it at once (each removes its listener when it ends);
// node warns about a possible leak past 10, and the checkpoints check the real count.
setMaxListeners(IN_FLIGHT + 10, sharedSignal);
const chunk = { data: new Uint8Array(32).fill(7) };

const outcomes = { ok: 0, cancelled: 0, deadline: 0, unexpected: 0 };
/** Unexpected outcomes by kind of call and error, with a count each. */
const unexpectedKinds = new Map();
function unexpected(what, e) {
  outcomes.unexpected++;
  const key = `${what}: ${e?.code !== undefined ? `code ${e.code} ` : ""}${e?.message ?? e}`;
  unexpectedKinds.set(key, (unexpectedKinds.get(key) ?? 0) + 1);
}
/** The call must fail with `code`; anything else is counted as unexpected. */
async function expectCode(what, code, run) {
  try {
    await run();
    unexpected(what, "succeeded");
  } catch (e) {
    if (e?.code === code) code === Code.Cancelled ? outcomes.cancelled++ : outcomes.deadline++;
    else unexpected(what, e);
  }
}

/** Typed clients on one channel. */
function clientsOn(channel) {
  return { channel, reco: createClient(UserRecommend, channel), streamer: createClient(Streamer, channel) };
}

/**
 * Where calls go: `main` for the calls that end normally, `resetting()` for
 * the ones that end with a reset (see RESETTING_CALLS_PER_CHANNEL).
 */
function routes(main, ownResetChannel) {
  if (!ownResetChannel) return { main, resetting: () => main, settle: async () => {} };
  let current;
  let used = 0;
  const closing = [];
  return {
    main,
    resetting() {
      if (current === undefined || used++ === RESETTING_CALLS_PER_CHANNEL) {
        // The old channel closes once its running calls are over.
        if (current !== undefined) closing.push(current.channel.close());
        current = clientsOn(connect(target));
        used = 1;
      }
      return current;
    },
    async settle() {
      if (current !== undefined) closing.push(current.channel.close());
      await Promise.all(closing);
    },
  };
}

let unaryIndex = 0;
async function unaryCall(to) {
  const i = unaryIndex++;
  if (i % 100 === 37) {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 1 + (i % 3));
    return expectCode("cancelled unary", Code.Cancelled, () => to.resetting().reco.userRecommend(hangRequest, { signal: ac.signal }));
  }
  if (i % 100 === 73) {
    return expectCode("deadline unary", Code.DeadlineExceeded, () =>
      to.resetting().reco.userRecommend(hangRequest, { timeoutMs: 5 + (i % 16) }),
    );
  }
  try {
    const res = await to.main.reco.userRecommend(request, i % 10 === 1 ? { signal: sharedSignal } : undefined);
    if (res.recommends.length !== 10) throw new Error(`${res.recommends.length} articles`);
    outcomes.ok++;
  } catch (e) {
    unexpected("unary", e);
  }
}

let streamIndex = 0;
async function streamCall(to) {
  const i = streamIndex++;
  try {
    switch (i % 4) {
      case 0: {
        let n = 0;
        for await (const c of to.main.streamer.download({ count: 3, size: 16 })) n += c.data.length;
        if (n !== 48) throw new Error(`download got ${n} bytes`);
        outcomes.ok++;
        return;
      }
      case 1: {
        let n = 0;
        for await (const c of to.main.streamer.echo([chunk])) n += c.data.length;
        if (n !== 32) throw new Error(`echo got ${n} bytes`);
        outcomes.ok++;
        return;
      }
      case 2: {
        // The server would send forever; leaving the loop cancels the call.
        let n = 0;
        for await (const _ of to.resetting().streamer.download({ count: 1_000_000_000, size: 16 })) if (++n === 2) break;
        outcomes.cancelled++;
        return;
      }
      case 3: {
        // A request stream that never ends: the deadline ends the call on both sides.
        async function* forever() {
          yield chunk;
          await new Promise(() => {});
        }
        return await expectCode("deadline echo", Code.DeadlineExceeded, async () => {
          for await (const _ of to.resetting().streamer.echo(forever(), { timeoutMs: 10 })) {
            // the one echoed chunk
          }
        });
      }
    }
  } catch (e) {
    unexpected(`stream ${i % 4}`, e);
  }
}

/** Runs `unary` calls and `streams` streams interleaved evenly, IN_FLIGHT at a time (the ones that end normally on one channel). */
async function runSegment(channel, unary, streams) {
  const to = routes(clientsOn(channel), !ONE_CONNECTION);
  const total = unary + streams;
  let taken = 0;
  let acc = 0;
  const worker = async () => {
    while (taken < total) {
      taken++;
      acc += streams;
      if (acc >= total) {
        acc -= total;
        await streamCall(to);
      } else {
        await unaryCall(to);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, total) }, worker));
  await to.settle();
}

// ---- measuring -----------------------------------------------------------------

function resources() {
  const counts = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

function clientMemory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, resources: resources() };
}

/** The server's memory once its calls and sessions are gone (or after 3 s: then they show in the row). */
async function serverMemory(server) {
  const until = Date.now() + 3000;
  for (;;) {
    const m = await server.ask("mem");
    if ((m.calls === 0 && m.sessions === 0) || Date.now() > until) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
}

const MiB = (b) => (b / 1048576).toFixed(1);
const cols = [
  ["calls", 9], ["streams", 8], ["load s", 6], ["calls/s", 7],
  ["srv rss", 7], ["srv rss idle", 12], ["srv heap", 8], ["srv heap total", 14], ["srv ext", 7], ["srv arrbuf", 10],
  ["srv calls", 9], ["srv sessions", 12], ["srv timers", 10],
  ["cli rss", 7], ["cli rss idle", 12], ["cli heap", 8], ["cli timers", 10], ["signal listeners", 16], ["unexpected", 10],
];
const line = (values) => `| ${values.map((v, i) => String(v).padStart(cols[i][1])).join(" | ")} |`;

// ---- the run -----------------------------------------------------------------

const server = await startServer();
const target = `http://127.0.0.1:${server.port}`;
console.log(
  `memory soak: ${CALLS.toLocaleString("en")} unary calls and ${STREAMS.toLocaleString("en")} short streams, ` +
    `${IN_FLIGHT} in flight, a checkpoint every ${EVERY.toLocaleString("en")} calls ` +
    `(node ${process.version}, ${availableParallelism()} cores, server pid ${server.child.pid})`,
);
console.log(
  [
    "srv = the server process, cli = this (client) process; MiB, after two forced GCs, once the load has drained:",
    "  rss, heap (heapUsed), heap total (V8's committed heap), ext (external), arrbuf (arrayBuffers) at once;",
    `  rss idle ${IDLE_MS / 1000} s later, when V8 has given back the young generation it grew under load;`,
    "  calls, sessions: the server's live calls and connections; timers: ref'd Timeouts; signal listeners: on the",
    "  AbortSignal shared by 10% of the calls; load s: seconds of load so far (measuring pauses not counted).",
    ONE_CONNECTION
      ? "  cancelled/deadline calls on the main connection too."
      : `  cancelled/deadline calls on a connection of their own, a fresh one every ${RESETTING_CALLS_PER_CHANNEL}.`,
    "",
  ].join("\n"),
);
console.log(line(cols.map((c) => c[0])));
console.log(`|${cols.map((c) => "-".repeat(c[1] + 1) + ":").join("|")}|`);

const rows = [];
let loadMs = 0;
async function checkpoint(segmentMs) {
  loadMs += segmentMs;
  const srv = await serverMemory(server);
  const cli = clientMemory();
  const sharedListeners = getEventListeners(sharedSignal, "abort").length;
  // Nothing runs now: V8's memory reducer shrinks both heaps within a few seconds.
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const srvIdle = await server.ask("mem");
  const cliIdle = clientMemory();
  const calls = unaryIndex + ephemeralCalls;
  const row = {
    calls,
    streams: streamIndex,
    rate: rows.length === 0 ? 0 : (calls - rows.at(-1).calls) / (segmentMs / 1000),
    srv,
    cli,
    srvIdle,
    cliIdle,
    sharedListeners,
    unexpected: outcomes.unexpected,
  };
  rows.push(row);
  console.log(
    line([
      row.calls, row.streams, (loadMs / 1000).toFixed(1), row.rate.toFixed(0),
      MiB(srv.rss), MiB(srvIdle.rss), MiB(srvIdle.heapUsed), MiB(srv.heapTotal), MiB(srvIdle.external), MiB(srvIdle.arrayBuffers),
      srv.calls ?? "?", srv.sessions ?? "?", srv.resources.Timeout ?? 0,
      MiB(cli.rss), MiB(cliIdle.rss), MiB(cliIdle.heapUsed), cli.resources.Timeout ?? 0, row.sharedListeners, row.unexpected,
    ]),
  );
  if (SNAPSHOTS !== undefined) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    await server.ask("snapshot", { path: join(SNAPSHOTS, `server-${String(row.calls).padStart(8, "0")}.heapsnapshot`) });
  }
}

let ephemeralCalls = 0;
async function ephemeralChannels(count) {
  for (let c = 0; c < count; c++) {
    const channel = connect(target);
    const to = routes(clientsOn(channel), false);
    await Promise.all(
      Array.from({ length: EPHEMERAL_CALLS }, () =>
        to.main.reco.userRecommend(request).then(() => void outcomes.ok++, (e) => unexpected("ephemeral unary", e)),
      ),
    );
    ephemeralCalls += EPHEMERAL_CALLS;
    await streamCall(to);
    await channel.close();
  }
}

await checkpoint(0); // before any call: the baseline
const segments = Math.ceil(CALLS / EVERY);
for (let s = 0; s < segments; s++) {
  const started = performance.now();
  const calls = Math.min(EVERY, CALLS - s * EVERY);
  const streams = Math.round((STREAMS * (s + 1) * EVERY) / CALLS) - Math.round((STREAMS * s * EVERY) / CALLS);
  const channel = connect(target, { maxReceiveMessageSize: 64 * 1024 * 1024 });
  const ephemeral = Math.min(EPHEMERAL_CHANNELS, Math.floor(calls / (10 * EPHEMERAL_CALLS)));
  const streamsHere = Math.max(0, Math.min(streams, STREAMS - streamIndex) - ephemeral);
  await Promise.all([
    runSegment(channel, calls - ephemeral * EPHEMERAL_CALLS, streamsHere),
    ephemeralChannels(ephemeral),
  ]);
  await channel.close();
  await checkpoint(performance.now() - started);
}

// ---- verdicts ------------------------------------------------------------------

const first = rows[1];
const last = rows.at(-1);
const verdicts = [];
const verdict = (ok, text) => verdicts.push(`${ok ? "PASS" : "MISS"}  ${text}`);
const info = (text) => verdicts.push(`      ${text}`);
const ratio = (a, b) => (a / b).toFixed(3);
/** Least-squares slope over the checkpoints after the baseline, per 100,000 calls. */
function slope(pick) {
  const pts = rows.slice(1);
  if (pts.length < 2) return 0;
  const mx = pts.reduce((s, r) => s + r.calls, 0) / pts.length;
  const my = pts.reduce((s, r) => s + pick(r), 0) / pts.length;
  let num = 0;
  let den = 0;
  for (const r of pts) {
    num += (r.calls - mx) * (pick(r) - my);
    den += (r.calls - mx) ** 2;
  }
  return (num / den) * 100_000;
}
/** "end / first = ratio", the range over all checkpoints after the baseline, and the slope. */
function growth(pick, unit = MiB) {
  const values = rows.slice(1).map(pick);
  return (
    `${unit(pick(last))} / ${unit(pick(first))} MiB = ${ratio(pick(last), pick(first))}; ` +
    `range ${unit(Math.min(...values))}-${unit(Math.max(...values))}, slope ${(slope(pick) / 1024).toFixed(1)} KiB per 100k calls`
  );
}

const after = first === undefined ? "" : `after the first ${first.calls.toLocaleString("en")} calls`;
if (rows.length > 2) {
  verdict(last.srvIdle.rss <= first.srvIdle.rss * 1.1, `server RSS (idle) at end / ${after}: ${growth((r) => r.srvIdle.rss)} (target <= 1.10)`);
  verdict(last.srv.rss <= first.srv.rss * 1.1, `server RSS (at once) at end / ${after}: ${growth((r) => r.srv.rss)} (target <= 1.10)`);
  verdict(
    last.srvIdle.heapUsed <= first.srvIdle.heapUsed * 1.1,
    `server heap after GC at end / ${after}: ${growth((r) => r.srvIdle.heapUsed)} (target: no growth, <= 1.10)`,
  );
  verdict(last.cliIdle.rss <= first.cliIdle.rss * 1.1, `client RSS (idle) at end / ${after}: ${growth((r) => r.cliIdle.rss)} (target <= 1.10)`);
  verdict(last.cli.rss <= first.cli.rss * 1.1, `client RSS (at once) at end / ${after}: ${growth((r) => r.cli.rss)} (target <= 1.10)`);
  verdict(
    last.cliIdle.heapUsed <= first.cliIdle.heapUsed * 1.1,
    `client heap after GC at end / ${after}: ${growth((r) => r.cliIdle.heapUsed)} (target: no growth, <= 1.10)`,
  );
} else {
  info("fewer than two checkpoints after the baseline: no growth verdicts (use a smaller --every)");
}
const base = rows[0];
const live = rows.slice(1);
const most = (pick) => Math.max(...live.map(pick));
verdict(
  live.every((r) => r.srv.calls === 0 && r.srv.sessions === 0),
  `server live calls / sessions at every checkpoint after the load drained: max ${most((r) => r.srv.calls)} / ${most((r) => r.srv.sessions)} (target 0 / 0)`,
);
verdict(
  live.every((r) => (r.srv.resources.Timeout ?? 0) <= (base.srv.resources.Timeout ?? 0)),
  `server timers at checkpoints: max ${most((r) => r.srv.resources.Timeout ?? 0)} (baseline ${base.srv.resources.Timeout ?? 0})`,
);
verdict(
  live.every((r) => (r.cli.resources.Timeout ?? 0) <= (base.cli.resources.Timeout ?? 0) && r.sharedListeners === 0),
  `client timers / listeners on the shared AbortSignal at checkpoints: max ${most((r) => r.cli.resources.Timeout ?? 0)} / ${most((r) => r.sharedListeners)} (baseline ${base.cli.resources.Timeout ?? 0} / 0)`,
);
verdict(
  outcomes.unexpected === 0,
  `outcomes: ${outcomes.ok.toLocaleString("en")} ok, ${outcomes.cancelled.toLocaleString("en")} cancelled, ${outcomes.deadline.toLocaleString("en")} deadline exceeded as intended, ${outcomes.unexpected} unexpected`,
);
console.log(`\n${verdicts.join("\n")}`);
if (unexpectedKinds.size > 0) {
  console.log("unexpected outcomes:");
  for (const [key, n] of unexpectedKinds) console.log(`  ${n} x ${key}`);
}

server.child.send({ cmd: "exit" });
await new Promise((r) => server.child.once("exit", r));
