// Codec benchmark: encode and decode of reco.proto's UserResponse (10 and
// 1,000 articles) with wiregrpc's generated code, wiregrpc's dynamic codec,
// protobuf.js static code and @bufbuild/protobuf generated code, side by
// side in one process. Prints ops/s (medians of several rounds) and the
// ratio of wiregrpc to each competitor (the median of the rounds' ratios).
//
// Made for shared, noisy machines: time is this process's CPU time (user +
// system), not wall-clock time, so time spent descheduled counts for no one;
// rounds are short (20 ms per contender) and many, the order of the
// contenders rotates from round to round, and each ratio is the median of
// the rounds' ratios, so load that comes and goes (on this 2-core machine it
// moves single measurements by 30%) and GCs fall on each contender alike.
//
// The rounds are spread over several fresh processes ("forks", as JMH calls
// them): the same code runs up to 15% faster or slower in one process than
// in the next (where the JIT places code and objects), so one process's
// rounds, however many, measure that process's luck. Forks run one after
// another, never side by side.
//
//   npm run build            # at the repository root
//   bash bench/setup.sh      # competitors and their generated code
//   node bench/codec.bench.mjs [--forks 5] [--rounds 21] [--ms 20] [--wall]
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const FORKS = arg("--forks", 5);
/** Rounds per fork. */
const ROUNDS = arg("--rounds", 21);
const MS = arg("--ms", 20);
const WALL = args.includes("--wall");
const WORKER = args.includes("--worker");

// ---- wiregrpc ---------------------------------------------------------------
const ours = await import(join(root, "dist/examples/reco/gen/reco.js"));
const { DynamicCodec } = await import(join(root, "dist/src/codec/dynamic.js"));
const { typeLookup } = await import(join(root, "dist/src/codec/message-plan.js"));
const { DescriptorPool, loadProtoFiles } = await import(join(root, "dist/src/schema/index.js"));
const loaded = loadProtoFiles(["reco.proto"], { includePaths: [join(root, "proto")] });
const pool = new DescriptorPool();
for (const f of loaded.all) pool.add(f);
const dynamic = new DynamicCodec(typeLookup(pool)).messageType("UserResponse");

// ---- competitors ------------------------------------------------------------
const require = createRequire(import.meta.url);
const pbjs = require(join(here, "gen/reco.pbjs.cjs"));
const { create, toBinary, fromBinary } = await import("@bufbuild/protobuf");
const es = await import(join(here, "gen/reco_pb.js"));

function articles(n) {
  return Array.from({ length: n }, (_, i) => ({
    articleId: BigInt(i + 1),
    track: { click: "click param", collect: "collect param", share: "", read: "read param" },
  }));
}

function oursMessage(n) {
  return ours.UserResponse.create({ exposer: "exposure", timeStamp: 1645320060000n, recommends: articles(n) });
}

function pbjsMessage(n) {
  return pbjs.UserResponse.create({
    exposer: "exposure",
    timeStamp: 1645320060000,
    recommends: articles(n).map((a) => pbjs.UserResponse.Article.create({ articleId: Number(a.articleId), track: pbjs.UserResponse.Article.Track.create(a.track) })),
  });
}

function esMessage(n) {
  return create(es.UserResponseSchema, { exposer: "exposure", timeStamp: 1645320060000n, recommends: articles(n) });
}

let sink = 0;
/** Microseconds of CPU time this process has used (or wall-clock time with --wall). */
const clock = WALL
  ? () => Number(process.hrtime.bigint() / 1000n)
  : () => {
      const u = process.cpuUsage();
      return u.user + u.system;
    };
/** Runs fn repeatedly for MS milliseconds; returns ops/s. */
function measure(fn) {
  let ops = 0;
  const start = clock();
  const limit = MS * 1000;
  let elapsed = 0;
  while (elapsed < limit) {
    for (let i = 0; i < 50; i++) sink ^= fn();
    ops += 50;
    elapsed = clock() - start;
  }
  return (ops * 1e6) / elapsed;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** First and third quartiles (nearest rank). */
const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor((s.length - 1) / 4)], s[Math.ceil(((s.length - 1) * 3) / 4)]];
};

if (!WORKER) {
  report(runForks());
  process.exit(0);
}

/** One fork's rounds: for every message size and op, each contender's ops/s per round. */
const measured = [];
for (const n of [10, 1000]) {
  const o = oursMessage(n);
  const p = pbjsMessage(n);
  const e = esMessage(n);
  // Decoders get a Buffer, as from the network (node:http2 data is Buffers).
  const bytes = Buffer.from(ours.UserResponse.encode(o));
  // All four must write the same bytes before we time anything.
  const check = [dynamic.encode(o), pbjs.UserResponse.encode(p).finish(), toBinary(es.UserResponseSchema, e)];
  for (const b of check) {
    if (Buffer.compare(Buffer.from(b), Buffer.from(bytes)) !== 0) throw new Error(`encodings differ for ${n} articles`);
  }
  const cases = {
    "wiregrpc generated": { encode: () => ours.UserResponse.encode(o).length, decode: () => ours.UserResponse.decode(bytes).recommends.length },
    "wiregrpc dynamic": { encode: () => dynamic.encode(o).length, decode: () => dynamic.decode(bytes).recommends.length },
    "protobuf.js static": { encode: () => pbjs.UserResponse.encode(p).finish().length, decode: () => pbjs.UserResponse.decode(bytes).recommends.length },
    "@bufbuild/protobuf": { encode: () => toBinary(es.UserResponseSchema, e).length, decode: () => fromBinary(es.UserResponseSchema, bytes).recommends.length },
  };
  for (const op of ["encode", "decode"]) {
    const runs = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    const names = Object.keys(cases);
    // Warm up: in a fresh process the JIT takes a few hundred ms to settle.
    for (let w = 0; w < 5; w++) for (const k of names) measure(cases[k][op]);
    for (let r = 0; r < ROUNDS; r++) {
      // Rotate who goes first, and alternate the direction.
      const order = names.map((_, i) => names[(i + r) % names.length]);
      if (r % 2 === 1) order.reverse();
      for (const k of order) runs[k].push(measure(cases[k][op]));
    }
    measured.push({ message: `UserResponse, ${n} articles (${bytes.length} B)`, op, runs });
  }
}
if (sink === 0.5) console.error(sink);
process.stdout.write(JSON.stringify(measured));

// ---- the parent: forks, pooling, the table -----------------------------------

function runForks() {
  const pooled = [];
  for (let f = 0; f < FORKS; f++) {
    const childArgs = [fileURLToPath(import.meta.url), "--worker", "--rounds", String(ROUNDS), "--ms", String(MS)];
    if (WALL) childArgs.push("--wall");
    const child = spawnSync(process.execPath, childArgs, { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] });
    if (child.status !== 0) throw new Error(`fork ${f + 1} failed (exit ${child.status ?? child.signal})`);
    const forkRuns = JSON.parse(child.stdout);
    forkRuns.forEach((c, i) => {
      pooled[i] ??= { message: c.message, op: c.op, runs: {}, forkRatios: [] };
      for (const [k, v] of Object.entries(c.runs)) (pooled[i].runs[k] ??= []).push(...v);
      pooled[i].forkRatios.push(median(c.runs["wiregrpc generated"].map((x, r) => x / c.runs["protobuf.js static"][r])));
    });
  }
  return pooled.map(({ message, op, runs, forkRatios }) => {
    const med = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
    // Ratios are medians of each round's ratio: the contenders of one round
    // run back to back, so load that comes and goes between rounds (this
    // machine is shared) scales both sides of a round's ratio alike.
    const ratio = (a, b) => median(runs[a].map((x, r) => x / runs[b][r]));
    return {
      message,
      op,
      med,
      vsPbjs: ratio("wiregrpc generated", "protobuf.js static"),
      vsEs: ratio("wiregrpc generated", "@bufbuild/protobuf"),
      dynVsPbjs: ratio("wiregrpc dynamic", "protobuf.js static"),
      spread: quartiles(runs["wiregrpc generated"].map((x, r) => x / runs["protobuf.js static"][r])),
      forkRatios,
    };
  });
}

function report(results) {
  const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)}k` : x.toFixed(0));
  console.log(`\nops/s, median of ${FORKS} processes x ${ROUNDS} rounds of ${MS} ms of ${WALL ? "wall-clock" : "CPU"} time each; ratios are medians of the rounds' ratios (node ${process.version})\n`);
  console.log("| message | op | wiregrpc generated | wiregrpc dynamic | protobuf.js static | @bufbuild/protobuf | generated / protobuf.js | generated / protobuf-es | dynamic / protobuf.js |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  for (const r of results) {
    const m = r.med;
    const g = m["wiregrpc generated"];
    const pj = m["protobuf.js static"];
    const es2 = m["@bufbuild/protobuf"];
    const d = m["wiregrpc dynamic"];
    console.log(`| ${r.message} | ${r.op} | ${fmt(g)} | ${fmt(d)} | ${fmt(pj)} | ${fmt(es2)} | **${r.vsPbjs.toFixed(2)}x** | ${r.vsEs.toFixed(2)}x | ${r.dynVsPbjs.toFixed(2)}x |`);
  }
  console.log("\nHow much the generated / protobuf.js ratio varied from round to round (first to third quartile):");
  for (const r of results) console.log(`  ${r.message}, ${r.op}: ${r.spread[0].toFixed(2)}x - ${r.spread[1].toFixed(2)}x; per process: ${r.forkRatios.map((x) => x.toFixed(2)).join(", ")}`);
}
