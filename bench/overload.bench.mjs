// Latency under overload: a server saturated by a CPU-bound handler, offered
// more calls than it can serve, every call with a deadline. A server that
// fails fast answers the calls it cannot serve in time with DEADLINE_EXCEEDED
// (at once, or at the latest when their deadline passes), spends its CPU on
// calls it can still answer in time, and keeps no queue that grows over the
// run; one that queues without bound serves requests later and later,
// burning its CPU on calls whose clients have given up.
//
//   npm run build && (cd bench && npm install)     # once
//   node bench/overload.bench.mjs [--seconds 15] [--burn-ms 2] [--load 3] [--deadline-ms 100]
//                                 [--connections 1] [--rounds 1] [--servers wiregrpc,grpc-js] [--rows]
//                                 [--server-dist DIR] [--client-dist DIR]
//
// Each server runs in its own process with one UserRecommend handler that
// spins the CPU for --burn-ms per call (capacity about 1000 / burn-ms calls/s);
// the grpc-js one has grpc-js's default options. The load generator (this
// process, a wiregrpc client: the same client for every server) sends calls
// open loop at --load times that capacity, spread over --connections
// channels, each call with a --deadline-ms deadline and its send time in
// time_stamp. Calls are grouped by the second they were sent in; --rows
// prints a row per second, so a trend (a queue growing) shows. The server
// reports how old requests were when their handler ran ("request age at
// handler": time spent queued anywhere, in the socket or in the server),
// and how many handlers ran: "useful" is the share of them whose answer
// reached the client in time (OK). The load generator's own event-loop
// delay is printed too: when it is high, the machine is short of CPU and
// every number is worse. --server-dist/--client-dist take another build
// (a dist/ directory) of the wiregrpc server or of the client, to compare;
// OVERLOAD_SERVER_NODE_ARGS passes node flags to the servers (--cpu-prof).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);

// ---- server mode: the grpc-js comparison server (same handler) -----------------

if (argv[0] === "--serve-grpc-js") {
  const burnMs = Number(opt("--burn-ms", 2));
  const { channelOptions, grpc, UserRecommend } = await import("./grpc-js/services.mjs");
  const server = new grpc.Server(channelOptions);
  let ran = 0;
  let waits = [];
  server.addService(UserRecommend.service, {
    UserRecommend(call, callback) {
      ran++;
      const sentAt = Number(call.request.timeStamp);
      if (sentAt > 0) waits.push(sentAt, Date.now() - sentAt);
      const end = performance.now() + burnMs;
      while (performance.now() < end) {
        // spin
      }
      const recommends = [];
      for (let i = 0; i < call.request.articleNum; i++) {
        recommends.push({ articleId: i + 1, track: { click: "click param", collect: "collect param", read: "read param" } });
      }
      callback(null, { exposer: "exposure", timeStamp: Date.now(), recommends });
    },
  });
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) throw err;
    console.log(`listening ${port}`);
    setInterval(() => {
      console.log(JSON.stringify({ ran, waits })); // as bench/wiregrpc/overload-server.ts
      waits = [];
    }, 1000).unref();
  });
  process.on("SIGTERM", () => process.exit(0));
} else {
  await main();
}

// ---- load generator ---------------------------------------------------------------

async function main() {
  const SECONDS = Number(opt("--seconds", 15));
  const BURN_MS = Number(opt("--burn-ms", 2));
  const LOAD = Number(opt("--load", 3));
  const DEADLINE_MS = Number(opt("--deadline-ms", 100));
  const CONNECTIONS = Number(opt("--connections", 1));
  const ROUNDS = Number(opt("--rounds", 1));
  const SERVERS = opt("--servers", "wiregrpc,grpc-js").split(",");
  const ROWS = argv.includes("--rows");
  // Other builds (dist/ directories built from other commits) of the wiregrpc server, or of the client
  // the load is sent with, to compare.
  const SERVER_DIST = opt("--server-dist", join(root, "dist"));
  const CLIENT_DIST = opt("--client-dist", join(root, "dist"));
  const RATE = Math.round((LOAD * 1000) / BURN_MS);

  const { connect, createClient, codeName } = await import(join(CLIENT_DIST, "src/rpc/index.js"));
  const { UserRecommend } = await import(join(CLIENT_DIST, "examples/reco/gen/reco.js"));

  const servers = {
    wiregrpc: [join(SERVER_DIST, "bench/wiregrpc/overload-server.js"), "0", "--burn-ms", String(BURN_MS)],
    "grpc-js": [fileURLToPath(import.meta.url), "--serve-grpc-js", "--burn-ms", String(BURN_MS)],
  };

  function startServer(name) {
    const nodeArgs = process.env.OVERLOAD_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, ...servers[name]], { stdio: ["ignore", "pipe", "inherit"] });
    const counters = { ran: 0, waits: [] };
    return new Promise((resolve, reject) => {
      let out = "";
      let port;
      child.stdout.on("data", (c) => {
        out += c;
        let nl;
        while ((nl = out.indexOf("\n")) >= 0) {
          const line = out.slice(0, nl);
          out = out.slice(nl + 1);
          const m = /^listening (\d+)/.exec(line);
          if (m) {
            port = Number(m[1]);
            resolve({ port, counters, stop: () => new Promise((r) => (child.once("exit", r), child.kill(nodeArgs.length ? "SIGTERM" : "SIGKILL"))) });
          } else if (line.startsWith("{")) {
            const report = JSON.parse(line);
            counters.ran = report.ran;
            for (const x of report.waits) counters.waits.push(x);
          }
        }
      });
      child.once("exit", (code) => port === undefined && reject(new Error(`${name} server exited with ${code}`)));
    });
  }

  const fmt = (x) => (Number.isNaN(x) ? "-" : x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const request = () => ({ userId: 1n, channelId: 2, articleNum: 10, timeStamp: BigInt(Date.now()) });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const quantile = (sorted, p) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]);

  /** One run against one server: per-second buckets of outcomes by the second the call was sent in. */
  async function run(name) {
    const s = await startServer(name);
    const channels = Array.from({ length: CONNECTIONS }, () => connect(`http://127.0.0.1:${s.port}`));
    const clients = channels.map((ch) => createClient(UserRecommend, ch));
    try {
      for (const c of clients) await c.userRecommend(request()); // connect and warm up
      await sleep(200);
      const ranBefore = s.counters.ran;
      const buckets = Array.from({ length: SECONDS }, () => ({ ok: [], failed: [], codes: new Map() }));
      const pending = [];
      const firstErrors = new Map();
      const loopDelay = monitorEventLoopDelay({ resolution: 5 });
      loopDelay.enable();
      const start = performance.now();
      const startWall = Date.now();
      let sent = 0;
      for (;;) {
        const elapsed = performance.now() - start;
        if (elapsed >= SECONDS * 1000) break;
        const due = Math.floor((elapsed * RATE) / 1000);
        while (sent < due) {
          const bucket = buckets[Math.floor(elapsed / 1000)];
          const client = clients[sent % clients.length];
          sent++;
          const t0 = performance.now();
          pending.push(
            client.userRecommend(request(), { timeoutMs: DEADLINE_MS }).then(
              () => void bucket.ok.push(performance.now() - t0),
              (e) => {
                bucket.failed.push(performance.now() - t0);
                const code = e?.code === undefined ? "?" : codeName(e.code);
                if (code !== "DEADLINE_EXCEEDED" && !firstErrors.has(code)) firstErrors.set(code, e.message);
                bucket.codes.set(code, (bucket.codes.get(code) ?? 0) + 1);
              },
            ),
          );
        }
        await sleep(1);
      }
      await Promise.all(pending);
      loopDelay.disable();
      for (const [code, message] of firstErrors) console.error(`${name}: first ${code}: ${message}`);
      const clientLagMs = loopDelay.percentile(99) / 1e6 - 5; // above the 5 ms sampling interval
      // Does the server still serve once the load stops? One call without a deadline.
      const t0 = performance.now();
      const after = await clients[0].userRecommend(request()).then(
        () => `${fmt(performance.now() - t0)}`,
        (e) => `failed: ${e.message}`,
      );
      await sleep(1100); // the server's counters come once a second
      // How long requests waited for their handler, by the second they were sent in.
      const waits = s.counters.waits;
      for (let j = 0; j < waits.length; j += 2) {
        const i = Math.floor((waits[j] - startWall) / 1000);
        if (i >= 0 && i < SECONDS) (buckets[i].waits ??= []).push(waits[j + 1]);
      }
      for (const b of buckets) b.waits?.sort((x, y) => x - y);
      return { buckets, after, ran: s.counters.ran - ranBefore, clientLagMs };
    } finally {
      await Promise.all(channels.map((ch) => ch.close()));
      await s.stop();
    }
  }

  function summarize(buckets) {
    const ok = buckets.flatMap((b) => b.ok).sort((a, b) => a - b);
    const failed = buckets.flatMap((b) => b.failed).sort((a, b) => a - b);
    const codes = new Map();
    for (const b of buckets) for (const [c, n] of b.codes) codes.set(c, (codes.get(c) ?? 0) + n);
    return {
      sent: ok.length + failed.length,
      ok: ok.length,
      deadlineExceeded: codes.get("DEADLINE_EXCEEDED") ?? 0,
      otherFailures: [...codes].filter(([c]) => c !== "DEADLINE_EXCEEDED").map(([c, n]) => `${c} ${n}`).join(", "),
      failP50: quantile(failed, 0.5),
      failP99: quantile(failed, 0.99),
      failMax: failed.length ? failed[failed.length - 1] : NaN,
      okP50: quantile(ok, 0.5),
      okP99: quantile(ok, 0.99),
    };
  }

  console.log(
    `overload: handler burns ${BURN_MS} ms CPU per call (capacity ~${Math.round(1000 / BURN_MS)}/s), offered ${RATE} calls/s ` +
      `(${LOAD}x) for ${SECONDS} s over ${CONNECTIONS} connection(s), deadline ${DEADLINE_MS} ms each; ` +
      `node ${process.version}, ${availableParallelism()} cores\n`,
  );
  const results = new Map(SERVERS.map((n) => [n, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const name of SERVERS) {
      if (ROUNDS > 1) console.error(`round ${round}/${ROUNDS}: ${name}`);
      const r = await run(name);
      results.get(name).push(r);
      if (ROWS) {
        console.log(`${name}, round ${round}:`);
        console.log("| second | sent/s | OK/s | DEADLINE_EXCEEDED | other | failed p50 ms | failed p99 | failed max | OK p50 ms | OK p99 | server: request age at handler p50 ms | max |");
        console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
        r.buckets.forEach((b, i) => {
          const x = summarize([b]);
          console.log(
            `| ${i + 1} | ${x.sent} | ${x.ok} | ${x.deadlineExceeded} | ${x.otherFailures || 0} | ${fmt(x.failP50)} | ${fmt(x.failP99)} | ${fmt(x.failMax)} | ${fmt(x.okP50)} | ${fmt(x.okP99)} | ${fmt(quantile(b.waits ?? [], 0.5))} | ${fmt(b.waits?.at(-1) ?? NaN)} |`,
          );
        });
        console.log();
      }
    }
  }

  const median = (xs) => {
    const v = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
    return v.length === 0 ? NaN : v[Math.floor(v.length / 2)];
  };
  console.log(`whole run${ROUNDS > 1 ? `, medians of ${ROUNDS} rounds` : ""}:`);
  console.log(
    "| server | offered/s | OK/s | DEADLINE_EXCEEDED/s | other failures | failed p50 ms | failed p99 | failed max | OK p50 ms | OK p99 | handlers run/s | useful | request age at handler, max ms | a no-deadline call after, ms | load generator lag p99, ms |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const [name, runs] of results) {
    const xs = runs.map((r) => ({
      ...summarize(r.buckets),
      after: r.after,
      ran: r.ran,
      ageMax: Math.max(0, ...r.buckets.map((b) => b.waits?.at(-1) ?? 0)),
      clientLagMs: r.clientLagMs,
    }));
    const m = (f) => median(xs.map(f));
    console.log(
      `| ${name} | ${fmt(m((x) => x.sent) / SECONDS)} | ${fmt(m((x) => x.ok) / SECONDS)} | ${fmt(m((x) => x.deadlineExceeded) / SECONDS)} | ${xs.map((x) => x.otherFailures || 0).join("; ")} | ` +
        `${fmt(m((x) => x.failP50))} | ${fmt(m((x) => x.failP99))} | ${fmt(m((x) => x.failMax))} | ${fmt(m((x) => x.okP50))} | ${fmt(m((x) => x.okP99))} | ` +
        `${fmt(m((x) => x.ran) / SECONDS)} | ${fmt(100 * m((x) => x.ok / Math.max(1, x.ran)))}% | ${fmt(m((x) => x.ageMax))} | ${xs.map((x) => x.after).join("; ")} | ${fmt(m((x) => x.clientLagMs))} |`,
    );
  }
}
