// Every protoc vector through both codecs:
//   generated encode == protoc's bytes, dynamic encode == protoc's bytes,
//   decode of protoc's bytes == the value the text format describes.
// Cases with "# decode-as:" are decoded with an older schema that does not
// know some fields; re-encoding must give back protoc's exact bytes.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DynamicCodec } from "../../src/codec/dynamic.js";
import type { MessageCodec } from "../../src/codec/message-type.js";
import { typeLookup } from "../../src/codec/message-plan.js";
import { parseTextFormat } from "../../src/codec/text-format.js";
import { DescriptorPool, loadProtoFiles } from "../../src/schema/index.js";
import * as genReco from "../../examples/reco/gen/reco.js";
import * as genV3 from "./gen/scalars3.js";
import * as genV2 from "./gen/proto2.js";
import { loadVectors, vectorsDir } from "./load-vectors.js";

const loaded = loadProtoFiles(["reco.proto", "scalars3.proto", "proto2.proto"], {
  includePaths: [join(vectorsDir, "..", "..", "proto"), join(vectorsDir, "protos")],
});
const pool = new DescriptorPool();
for (const f of loaded.all) pool.add(f);
const types = typeLookup(pool);
const dynamic = new DynamicCodec(types);

const generatedModules: Record<string, Record<string, unknown>> = { "": genReco, "vectors.v3": genV3, "vectors.v2": genV2 };

function generatedCodec(fullName: string): MessageCodec<unknown> {
  const dot = fullName.lastIndexOf(".");
  const pkg = dot < 0 ? "" : fullName.slice(0, dot);
  const mod = generatedModules[pkg]!;
  return mod[fullName.slice(dot + 1)] as MessageCodec<unknown>;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Plain objects for comparison: drops the null prototype of dynamic messages. */
function plain(v: unknown): unknown {
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, plain(x)]));
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Uint8Array) return hex(v);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = plain((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

const vectors = [...loadVectors("reco"), ...loadVectors("proto3"), ...loadVectors("proto2")];

describe(`protoc vectors through generated and dynamic codecs (${vectors.length} cases)`, () => {
  it("has at least 60 cases", () => expect(vectors.length).toBeGreaterThanOrEqual(60));

  for (const v of vectors) {
    const decodeAs = /^#\s*decode-as:\s*(\S+)/m.exec(v.text)?.[1];
    describe(`${v.group}/${v.name}`, () => {
      if (decodeAs !== undefined) {
        it(`keeps unknown fields decoding as ${decodeAs}, and writes them back (generated)`, () => {
          const gen = generatedCodec(decodeAs);
          expect(hex(gen.encode(gen.decode(v.bytes)))).toBe(hex(v.bytes));
        });
        it(`keeps unknown fields decoding as ${decodeAs}, and writes them back (dynamic)`, () => {
          const dyn = dynamic.messageType(decodeAs);
          expect(hex(dyn.encode(dyn.decode(v.bytes)))).toBe(hex(v.bytes));
        });
        return;
      }
      const expected = parseTextFormat(v.text, v.type, types, dynamic);
      it("generated encode == protoc", () => {
        const gen = generatedCodec(v.type);
        expect(hex(gen.encode(gen.create(expected as Partial<unknown>)))).toBe(hex(v.bytes));
      });
      it("dynamic encode == protoc", () => {
        expect(hex(dynamic.messageType(v.type).encode(expected))).toBe(hex(v.bytes));
      });
      it("generated decode == text format value", () => {
        expect(plain(generatedCodec(v.type).decode(v.bytes))).toEqual(plain(expected));
      });
      it("dynamic decode == text format value", () => {
        expect(plain(dynamic.messageType(v.type).decode(v.bytes))).toEqual(plain(expected));
      });
    });
  }
});
