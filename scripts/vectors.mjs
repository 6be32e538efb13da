#!/usr/bin/env node
// Regenerates the conformance vectors in test/vectors with protoc.
//
// Each case is a text-format file `<name>.txtpb` whose header names the
// .proto file and the message type:
//     # proto: reco.proto
//     # type: UserRequest
// protoc --encode turns it into `<name>.bin`. Both files are committed so the
// test suite needs no protoc. By default this script only checks: it fails if
// protoc's bytes differ from the committed ones (or a .bin is missing).
// `npm run vectors -- --write` updates the .bin files instead.
// It also encodes each case with wiregrpc's own codec (from dist/, built by
// `npm install`) and checks that `protoc --decode` reads our bytes back to
// the same message it reads from its own.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const vectorsDir = join(root, "test", "vectors");
const includePaths = [join(root, "proto"), join(root, "test", "vectors", "protos")];
const write = process.argv.includes("--write");

function header(text, key) {
  const m = new RegExp(`^#\\s*${key}:\\s*(\\S+)`, "m").exec(text);
  return m ? m[1] : undefined;
}

function protoc(args, input) {
  const flags = includePaths.filter(existsSync).map((p) => `-I${p}`);
  return execFileSync("protoc", [...flags, ...args], { input, maxBuffer: 64 << 20 });
}

try {
  execFileSync("protoc", ["--version"], { stdio: "ignore" });
} catch {
  console.error("vectors: protoc not found (Debian package protobuf-compiler)");
  process.exit(1);
}

const dist = join(root, "dist", "src");
const ours = existsSync(join(dist, "codec", "dynamic.js")) ? await loadOurCodec() : undefined;
if (!ours) console.error("vectors: dist/ not built, skipping the protoc --decode check of our bytes");

async function loadOurCodec() {
  const { DynamicCodec } = await import(join(dist, "codec", "dynamic.js"));
  const { typeLookup } = await import(join(dist, "codec", "message-plan.js"));
  const { parseTextFormat } = await import(join(dist, "codec", "text-format.js"));
  const { DescriptorPool, loadProtoFiles } = await import(join(dist, "schema", "index.js"));
  const cache = new Map();
  return (proto, type, text) => {
    if (!cache.has(proto)) {
      const loaded = loadProtoFiles([proto], { includePaths: includePaths.filter(existsSync) });
      const pool = new DescriptorPool();
      for (const f of loaded.all) pool.add(f);
      const types = typeLookup(pool);
      cache.set(proto, { types, codec: new DynamicCodec(types) });
    }
    const { types, codec } = cache.get(proto);
    return codec.messageType(type).encode(parseTextFormat(text, type, types, codec));
  };
}

let checked = 0;
const problems = [];
for (const group of readdirSync(vectorsDir, { withFileTypes: true })) {
  if (!group.isDirectory() || group.name === "protos") continue;
  const dir = join(vectorsDir, group.name);
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".txtpb")).sort()) {
    const path = join(dir, file);
    const text = readFileSync(path, "utf8");
    const proto = header(text, "proto");
    const type = header(text, "type");
    const rel = relative(root, path);
    if (!proto || !type) {
      problems.push(`${rel}: header must name "# proto:" and "# type:"`);
      continue;
    }
    let bytes;
    try {
      bytes = protoc([`--encode=${type}`, proto], text);
    } catch (e) {
      problems.push(`${rel}: protoc --encode failed: ${String(e.stderr ?? e.message).trim()}`);
      continue;
    }
    if (ours && !/^#\s*decode-as:/m.test(text)) {
      try {
        const mine = Buffer.from(ours(proto, type, text));
        const readBack = protoc([`--decode=${type}`, proto], mine).toString();
        const expected = protoc([`--decode=${type}`, proto], bytes).toString();
        if (readBack !== expected) problems.push(`${rel}: protoc --decode reads our bytes differently`);
      } catch (e) {
        problems.push(`${rel}: protoc --decode rejected our bytes: ${String(e.stderr ?? e.message).trim()}`);
      }
    }
    const binPath = path.replace(/\.txtpb$/, ".bin");
    checked++;
    if (write) {
      writeFileSync(binPath, bytes);
    } else if (!existsSync(binPath)) {
      problems.push(`${relative(root, binPath)}: missing (run npm run vectors -- --write)`);
    } else if (!readFileSync(binPath).equals(bytes)) {
      problems.push(`${relative(root, binPath)}: differs from what protoc produces now`);
    }
  }
}

for (const p of problems) console.error(p);
console.log(`vectors: ${checked} cases ${write ? "written" : "checked"}, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
