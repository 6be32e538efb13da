// Parsing the .proto corpus of the schema conformance test (reco.proto, the
// well-known types, grpc-proto, our test protos), side by side:
// wiregrpc's loadProtoFiles (parse, resolve, options, checks) against
// protobufjs' Root.loadSync (parse only) and loadSync + resolveAll.
//
//   npm run build (in the root), then: cd bench && npm install && npm run parse
//
// Both read the files from disk on every iteration. Files protobufjs cannot
// load are left out of both sides (listed in the output).
import { existsSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";
import { loadProtoFiles } from "../dist/src/schema/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const WKT = "/usr/include";
const GRPC = "/usr/share/grpc-proto";
const TEST = join(root, "test/schema/protos");
const PROTO = join(root, "proto");
const includePaths = [TEST, GRPC, WKT, PROTO];

function list(dir, under) {
  const out = [];
  const walk = (rel) => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".proto")) out.push(p);
    }
  };
  if (existsSync(join(dir, under))) walk(under);
  return out.sort();
}

const corpus = [
  "reco.proto",
  ...list(WKT, "google/protobuf"),
  ...list(GRPC, "grpc").filter((f) => !f.endsWith("meshca/experimental/config.proto")),
  ...list(TEST, ""),
];

function findFile(target) {
  for (const dir of includePaths) {
    const p = join(dir, target);
    if (existsSync(p)) return p;
  }
  return target;
}

function pbjsRoot() {
  const r = new protobuf.Root();
  r.resolvePath = (_origin, target) => findFile(target);
  return r;
}

// Keep the files both libraries load, alone and together with the files kept so far.
const skipped = [];
const files = [];
for (const f of corpus) {
  try {
    pbjsRoot().loadSync([...files, f], { keepCase: true });
    loadProtoFiles([...files, f], { includePaths });
    files.push(f);
  } catch (e) {
    skipped.push(`${f} (protobufjs: ${String(e.message).split("\n")[0].slice(0, 80)})`);
  }
}

const contenders = {
  wiregrpc: () => loadProtoFiles(files, { includePaths }),
  "protobufjs loadSync": () => pbjsRoot().loadSync(files, { keepCase: true }),
  "protobufjs loadSync+resolveAll": () => pbjsRoot().loadSync(files, { keepCase: true }).resolveAll(),
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Milliseconds per whole-corpus load, median of `n` timed iterations after warm-up. */
function measure(fn, n) {
  for (let i = 0; i < 20; i++) fn();
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

console.log(`corpus: ${files.length} files (${corpus.length - files.length} skipped)`);
for (const s of skipped) console.log(`  skipped: ${s}`);
const ROUNDS = 3;
const results = new Map(Object.keys(contenders).map((k) => [k, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order so neither side always runs on a warmer machine.
  const names = Object.keys(contenders);
  if (round % 2 === 1) names.reverse();
  for (const name of names) results.get(name).push(measure(contenders[name], 60));
}
const ours = median(results.get("wiregrpc"));
for (const [name, times] of results) {
  const m = median(times);
  const ratio = name === "wiregrpc" ? "" : `  wiregrpc is ${(m / ours).toFixed(2)}x faster`;
  console.log(`${name.padEnd(32)} ${m.toFixed(2)} ms per corpus (rounds: ${times.map((t) => t.toFixed(2)).join(", ")})${ratio}`);
}
