// Bad bytes into generated and dynamic decoders: only DecodeError comes out,
// naming the message and field where it happened (or, for a bad tag, the
// message it was read in: the field is not known yet).
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DynamicCodec } from "../../src/codec/dynamic.js";
import type { MessageType } from "../../src/codec/message-type.js";
import { typeLookup } from "../../src/codec/message-plan.js";
import { DescriptorPool, loadProtoFiles } from "../../src/schema/index.js";
import { DecodeError } from "../../src/wire/decode-error.js";
import { Writer } from "../../src/wire/writer.js";
import * as reco from "../../examples/reco/gen/reco.js";
import * as v3 from "../vectors/gen/scalars3.js";
import * as v2 from "../vectors/gen/proto2.js";
import { loadVectors } from "../vectors/load-vectors.js";
import { repoRoot } from "./targets.js";

const loaded = loadProtoFiles(["reco.proto", "scalars3.proto", "proto2.proto"], {
  includePaths: [join(repoRoot, "proto"), join(repoRoot, "test", "vectors", "protos")],
});
const pool = new DescriptorPool();
for (const f of loaded.all) pool.add(f);
const dynamic = new DynamicCodec(typeLookup(pool));

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ""), "hex"));

function decodeError(type: MessageType<unknown>, bytes: Uint8Array): DecodeError {
  try {
    type.decode(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw new Error(`expected a DecodeError, got ${String(e)}`);
  }
  throw new Error("expected a DecodeError, got a message");
}

const cases: [label: string, typeName: string, bytes: string, message: RegExp][] = [
  ["truncated int64 names the field", "UserRequest", "08 ff ff", /truncated varint in UserRequest\.user_id at byte 1/],
  ["invalid UTF-8 in a proto3 string", "UserResponse", "0a 02 c3 28", /invalid UTF-8 in UserResponse\.exposer at byte 2/],
  ["a nested message names the innermost field", "UserResponse", "1a 06 12 04 0a 02 ff fe", /invalid UTF-8 in UserResponse\.Article\.Track\.click/],
  ["a length past the end of a nested message", "UserResponse", "1a 03 08 96", /length 3 runs past the end \(2 bytes left\) in UserResponse\.recommends at byte 1/],
  ["a varint cut by the end of its nested message", "UserResponse", "1a 02 08 96 01", /truncated varint in UserResponse\.Article\.article_id at byte 3/],
  ["a field number 0 tag", "UserRequest", "00", /field number 0/],
  ["wire type 6", "vectors.v3.Scalars", "0e", /invalid wire type 6/],
  ["truncated double", "vectors.v3.Scalars", "09 00 00", /truncated double: need 8 bytes, 2 left in vectors\.v3\.Scalars\.f_double/],
  ["truncated packed fixed32", "vectors.v3.Repeated", "3a 04 01 00 00", /Repeated\.r_fixed32/],
  ["packed varint running past its length", "vectors.v3.Repeated", "2a 01 96 01", /truncated varint in vectors\.v3\.Repeated\.r_int32/],
  ["a map entry with a truncated key", "vectors.v3.Maps", "0a 02 08 ff", /vectors\.v3\.Maps\.m_int32/],
  ["a group without its end tag", "vectors.v2.WithGroup", "13 18 01", /group/],
  ["an end-group tag with the wrong number", "vectors.v2.WithGroup", "13 18 01 1c", /end-group tag for field 3/],
];

/** The whole message, exactly: a tag error names the message it was read in, a value error its field. */
const exactCases: [label: string, typeName: string, bytes: string, message: string][] = [
  ["a truncated tag after a field", "UserRequest", "08 01 80", "truncated varint in a tag of UserRequest at byte 2"],
  ["field number 0 after a field", "UserRequest", "08 01 00", "field number 0 is not allowed in a tag of UserRequest at byte 2"],
  ["field number 0 first", "UserRequest", "00", "field number 0 is not allowed in a tag of UserRequest at byte 0"],
  ["wire type 6", "vectors.v3.Scalars", "0e", "invalid wire type 6 in a tag of vectors.v3.Scalars at byte 0"],
  ["a tag in a nested message", "UserResponse", "1a 01 80", "truncated varint in a tag of UserResponse.Article at byte 2"],
  ["a two-byte tag cut short", "vectors.v3.Repeated", "8a", "truncated varint in a tag of vectors.v3.Repeated at byte 0"],
  ["a tag longer than 10 bytes", "vectors.v3.Scalars", "ff ff ff ff ff ff ff ff ff ff 01", "varint longer than 10 bytes in a tag of vectors.v3.Scalars at byte 0"],
  ["a truncated tag in a map entry", "vectors.v3.Maps", "0a 01 80", "truncated varint in a tag of vectors.v3.Maps.MInt32Entry at byte 2"],
  ["wire type 7 in a map entry", "vectors.v3.Maps", "0a 01 0f", "invalid wire type 7 in a tag of vectors.v3.Maps.MInt32Entry at byte 2"],
  ["an end-group tag without a start", "vectors.v3.Scalars", "0c", "end-group tag for field 1 without a start-group in a tag of vectors.v3.Scalars at byte 0"],
  ["another field's end-group tag in a group", "vectors.v2.WithGroup", "13 18 01 1c", "end-group tag for field 3 without a start-group in a tag of vectors.v2.WithGroup.Item at byte 3"],
  ["a group without its end-group tag", "vectors.v2.WithGroup", "13 18 01", "group has no end-group tag in vectors.v2.WithGroup.Item at byte 3"],
  // Values keep naming their field.
  ["a truncated int64 value", "UserRequest", "08 ff ff", "truncated varint in UserRequest.user_id at byte 1"],
  ["a truncated value after a field", "UserRequest", "08 01 10 ff", "truncated varint in UserRequest.channel_id at byte 3"],
  ["a truncated map key", "vectors.v3.Maps", "0a 02 08 ff", "truncated varint in vectors.v3.Maps.m_int32 at byte 3"],
  ["a truncated unknown field", "UserRequest", "28 ff", "truncated varint in UserRequest.field 5 at byte 1"],
];

const generated: Record<string, MessageType<unknown>> = {
  UserRequest: reco.UserRequest,
  UserResponse: reco.UserResponse,
  "vectors.v3.Scalars": v3.Scalars,
  "vectors.v3.Repeated": v3.Repeated,
  "vectors.v3.Maps": v3.Maps,
  "vectors.v2.WithGroup": v2.WithGroup,
};

describe("bad input to generated and dynamic decoders", () => {
  it.each(cases)("%s (generated)", (_l, typeName, bytes, message) => {
    expect(decodeError(generated[typeName]!, hex(bytes)).message).toMatch(message);
  });
  it.each(cases)("%s (dynamic)", (_l, typeName, bytes, message) => {
    expect(decodeError(dynamic.messageType(typeName), hex(bytes)).message).toMatch(message);
  });

  it.each(exactCases)("%s (generated)", (_l, typeName, bytes, message) => {
    expect(decodeError(generated[typeName]!, hex(bytes)).message).toBe(message);
  });
  it.each(exactCases)("%s (dynamic)", (_l, typeName, bytes, message) => {
    expect(decodeError(dynamic.messageType(typeName), hex(bytes)).message).toBe(message);
  });

  it("stops at 100 levels of nested messages", () => {
    const nest = (levels: number): Uint8Array => {
      const w = new Writer();
      for (let i = 0; i < levels; i++) w.uint32(0x12).fork(); // Node.child
      for (let i = 0; i < levels; i++) w.join();
      return w.finish().slice();
    };
    expect(() => v3.Node.decode(nest(100))).not.toThrow();
    expect(decodeError(v3.Node, nest(101)).message).toMatch(/nested deeper than 100/);
    expect(decodeError(dynamic.messageType("vectors.v3.Node"), nest(101)).message).toMatch(/nested deeper than 100/);
  });
});

describe("decoder fuzz", () => {
  it("lets only DecodeError out of generated and dynamic decoders for 100,000 mutated inputs", () => {
    let s = 0x1234567;
    const next = (): number => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    const seeds = [...loadVectors("reco"), ...loadVectors("proto3"), ...loadVectors("proto2")].filter((v) => v.bytes.length > 0);
    const genModules: Record<string, Record<string, unknown>> = { "": reco, "vectors.v3": v3, "vectors.v2": v2 };
    const deadline = Date.now() + 60_000;
    let n = 0;
    let rejected = 0;
    for (; n < 100_000 && Date.now() < deadline; n++) {
      const v = seeds[next() % seeds.length]!;
      const bytes = v.bytes.slice(0, v.bytes.length - (n % 4 === 0 ? next() % 3 : 0));
      for (let k = 1 + (next() % 3); k > 0 && bytes.length > 0; k--) bytes[next() % bytes.length] = next() & 0xff;
      const dot = v.type.lastIndexOf(".");
      const gen = genModules[dot < 0 ? "" : v.type.slice(0, dot)]![v.type.slice(dot + 1)] as MessageType<unknown>;
      for (const type of [gen, dynamic.messageType(v.type)]) {
        try {
          type.encode(type.decode(bytes));
        } catch (e) {
          if (!(e instanceof DecodeError)) throw new Error(`${v.type} ${Buffer.from(bytes).toString("hex")}: ${String(e)}`);
          rejected++;
        }
      }
    }
    expect(n).toBeGreaterThanOrEqual(100_000);
    expect(rejected).toBeGreaterThan(0);
  });
});
