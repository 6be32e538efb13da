/**
 * Fuzzing the front end: random and mutated .proto texts must only ever
 * produce a ParseError (or succeed), never another exception or a hang.
 * Deterministic (seeded), so a failure can be replayed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeFileDescriptorProto } from "./descriptor-codec.js";
import { ParseError } from "./errors.js";
import { loadProtoFilesWith } from "./loader.js";
import { parseProto } from "./parser.js";

const root = join(import.meta.dirname, "../..");
const corpus = new Map<string, string>();
for (const dir of ["test/schema/protos", "proto"]) {
  for (const f of readdirSync(join(root, dir))) if (f.endsWith(".proto")) corpus.set(f, readFileSync(join(root, dir, f), "utf8"));
}
for (const f of readdirSync(join(root, "proto/google/protobuf"))) {
  corpus.set(`google/protobuf/${f}`, readFileSync(join(root, "proto/google/protobuf", f), "utf8"));
}
const seeds = [...corpus.values()];

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  "message", "enum", "service", "rpc", "returns", "stream", "oneof", "map", "<", ">", ",", "extend", "extensions", "reserved",
  "to", "max", "option", "optional", "required", "repeated", "group", "import", "public", "weak", "package", "syntax",
  "edition", "=", ";", "{", "}", "[", "]", "(", ")", ".", "-", "default", "json_name", "packed", "int32", "string", "bytes",
  "double", "float", "bool", "inf", "nan", "true", "false", '"proto2"', '"proto3"', '"x\\n\\001"', "'\\xff'", "0", "1", "-1",
  "0x7fffffff", "536870911", "19000", "4294967296", "1.5e10", ".5", "07", "A", "B", "__proto__", "constructor", "M", "x",
  "google.protobuf.Any", "(a.b)", "//c\n", "/* c */", "\n", " ", "\t", "é", "\u0000", "\"", "/*", "08", "1e", "0x",
];

function mutate(text: string, r: () => number): string {
  let s = text;
  const rounds = 1 + Math.floor(r() * 4);
  for (let i = 0; i < rounds; i++) {
    const at = Math.floor(r() * (s.length + 1));
    switch (Math.floor(r() * 7)) {
      case 0: // delete a range
        s = s.slice(0, at) + s.slice(at + Math.floor(r() * 40));
        break;
      case 1: // insert a token
        s = s.slice(0, at) + " " + TOKENS[Math.floor(r() * TOKENS.length)]! + " " + s.slice(at);
        break;
      case 2: // insert a random character
        s = s.slice(0, at) + String.fromCharCode(Math.floor(r() * 128)) + s.slice(at);
        break;
      case 3: // duplicate a range
        s = s.slice(0, at) + s.slice(at, at + Math.floor(r() * 200)) + s.slice(at);
        break;
      case 4: // truncate
        s = s.slice(0, at);
        break;
      case 5: // swap a digit
        s = s.replace(/\d/g, (d) => (r() < 0.05 ? String(Math.floor(r() * 10)) : d));
        break;
      default: // replace an identifier by a token
        s = s.replace(/\b[a-z_]+\b/, TOKENS[Math.floor(r() * TOKENS.length)]!);
    }
  }
  return s;
}

function soup(r: () => number): string {
  const n = Math.floor(r() * 60);
  let s = r() < 0.5 ? 'syntax = "proto' + (r() < 0.5 ? "2" : "3") + '";\n' : "";
  for (let i = 0; i < n; i++) s += TOKENS[Math.floor(r() * TOKENS.length)]! + (r() < 0.7 ? " " : "");
  return s;
}

/** Runs the whole front end; anything but a ParseError is a failure. */
function check(text: string): "ok" | "error" {
  try {
    parseProto(text, "f.proto");
    const { all } = loadProtoFilesWith(["f.proto"], (p) => (p === "f.proto" ? text : corpus.get(p)));
    for (const fd of all) encodeFileDescriptorProto(fd);
    return "ok";
  } catch (e) {
    if (e instanceof ParseError) return "error";
    throw new Error(`non-ParseError for input ${JSON.stringify(text)}: ${String(e)}`, { cause: e });
  }
}

describe("fuzz", () => {
  it("10,000 mutated corpus files give only ParseErrors", () => {
    const r = rng(20240601);
    const counts = { ok: 0, error: 0 };
    for (let i = 0; i < 10_000; i++) counts[check(mutate(seeds[i % seeds.length]!, r))]++;
    // Most mutations break the file; some leave it valid.
    expect(counts.error).toBeGreaterThan(1000);
    expect(counts.ok + counts.error).toBe(10_000);
  });

  it("5,000 random token soups give only ParseErrors", () => {
    const r = rng(7);
    for (let i = 0; i < 5_000; i++) check(soup(r));
  });

  it("2,000 random byte strings give only ParseErrors", () => {
    const r = rng(99);
    for (let i = 0; i < 2_000; i++) {
      let s = "";
      const n = Math.floor(r() * 200);
      for (let j = 0; j < n; j++) s += String.fromCharCode(Math.floor(r() * 0x3000));
      check(s);
    }
  });
});
