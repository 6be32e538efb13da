// The conformance testee, spoken to over its stdin/stdout protocol with
// requests built here: the protobuf encoding spec says which inputs must be
// accepted (and how they re-serialize) and which must be rejected.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamicCodec, type DynamicMessage } from "../../src/codec/dynamic.js";
import { typeLookup } from "../../src/codec/message-plan.js";
import { DescriptorPool, loadProtoFiles } from "../../src/schema/index.js";

const schemaDir = fileURLToPath(new URL("./protos", import.meta.url));
const testee = fileURLToPath(new URL("./testee", import.meta.url));

const loaded = loadProtoFiles(["conformance.proto", "test_messages_proto3.proto", "test_messages_proto2.proto"], { includePaths: [schemaDir] });
const pool = new DescriptorPool();
for (const f of loaded.all) pool.add(f);
const codec = new DynamicCodec(typeLookup(pool));
const Request = codec.messageType("conformance.ConformanceRequest");
const Response = codec.messageType("conformance.ConformanceResponse");
const P3 = "protobuf_test_messages.proto3.TestAllTypesProto3";
const P2 = "protobuf_test_messages.proto2.TestAllTypesProto2";

/** Runs the testee once over all requests, as the conformance runner does. */
function runTestee(requests: DynamicMessage[]): Promise<DynamicMessage[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(testee, [], { stdio: ["pipe", "pipe", "inherit"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => chunks.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`testee exited with ${code}`));
      const all = Buffer.concat(chunks);
      const out: DynamicMessage[] = [];
      for (let pos = 0; pos < all.length; ) {
        const len = all.readUInt32LE(pos);
        out.push(Response.decode(all.subarray(pos + 4, pos + 4 + len)));
        pos += 4 + len;
      }
      resolve(out);
    });
    for (const r of requests) {
      const body = Request.encode(r);
      const header = Buffer.alloc(4);
      header.writeUInt32LE(body.length);
      child.stdin.write(header);
      child.stdin.write(body);
    }
    child.stdin.end();
  });
}

const hex = (h: string): Uint8Array => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ""), "hex"));

function binary(messageType: string, payload: Uint8Array): DynamicMessage {
  return Request.create({ messageType, requestedOutputFormat: 1, payload: { case: "protobufPayload", value: payload } });
}

type Expect = { parse_error: true } | { payload: string } | { skipped: true };

const cases: [label: string, request: DynamicMessage, expect: Expect][] = [
  ["the FailureSet request gets an empty payload", Request.create({ messageType: "conformance.FailureSet", requestedOutputFormat: 1, payload: { case: "protobufPayload", value: new Uint8Array(0) } }), { payload: "" }],
  ["int32 150", binary(P3, hex("08 96 01")), { payload: "08 96 01" }],
  ["last one wins for a scalar seen twice", binary(P3, hex("08 01 08 02")), { payload: "08 02" }],
  ["an over-long varint is re-encoded canonically", binary(P3, hex("08 81 80 80 80 00")), { payload: "08 01" }],
  ["an int32 written as a 64-bit varint keeps its low 32 bits", binary(P3, hex("08 80 80 80 80 10")), { payload: "" }],
  ["unpacked repeated int32 is accepted and written packed (proto3)", binary(P3, hex("f8 01 01 f8 01 02")), { payload: "fa 01 02 01 02" }],
  ["packed repeated int32 is accepted", binary(P3, hex("fa 01 02 01 02")), { payload: "fa 01 02 01 02" }],
  ["packed and unpacked pieces are concatenated", binary(P3, hex("fa 01 01 01 f8 01 02 fa 01 01 03")), { payload: "fa 01 03 01 02 03" }],
  ["an [packed = false] field given packed is written unpacked", binary(P3, hex("ca 05 02 01 02")), { payload: "c8 05 01 c8 05 02" }],
  ["a message field seen twice is merged", binary(P3, hex("92 01 02 08 01 92 01 04 12 02 08 05")), { payload: "92 01 06 08 01 12 02 08 05" }],
  ["repeated embedded messages are kept in order", binary(P3, hex("82 03 02 08 01 82 03 02 08 02")), { payload: "82 03 02 08 01 82 03 02 08 02" }],
  ["unknown fields are kept", binary(P3, hex("08 01 a0 9c 01 05 d5 3e 01 02 03 04")), { payload: "08 01 a0 9c 01 05 d5 3e 01 02 03 04" }],
  ["an unknown open-enum value is kept (proto3)", binary(P3, hex("a8 01 63")), { payload: "a8 01 63" }],
  ["a known field with the wrong wire type is an unknown field", binary(P3, hex("0d 01 02 03 04")), { payload: "0d 01 02 03 04" }],
  ["proto2: an unknown closed-enum value goes to the unknown fields", binary(P2, hex("a8 01 63")), { payload: "a8 01 63" }],
  ["proto2: invalid UTF-8 in a string is accepted (as U+FFFD: a JS string cannot hold it)", binary(P2, hex("72 01 ff")), { payload: "72 03 ef bf bd" }],
  ["proto3: invalid UTF-8 in a string is rejected", binary(P3, hex("72 01 ff")), { parse_error: true }],
  ["a truncated varint is rejected", binary(P3, hex("08 96")), { parse_error: true }],
  ["a length past the end is rejected", binary(P3, hex("72 05 61")), { parse_error: true }],
  ["wire type 7 is rejected", binary(P3, hex("0f")), { parse_error: true }],
  ["field number 0 is rejected", binary(P3, hex("00 01")), { parse_error: true }],
  ["a lone end-group tag is rejected", binary(P3, hex("0c")), { parse_error: true }],
  ["a truncated fixed64 is rejected", binary(P3, hex("61 01 02")), { parse_error: true }],
  ["JSON input is skipped", Request.create({ messageType: P3, requestedOutputFormat: 1, payload: { case: "jsonPayload", value: "{}" } }), { skipped: true }],
  ["JSON output is skipped", Request.create({ messageType: P3, requestedOutputFormat: 2, payload: { case: "protobufPayload", value: new Uint8Array(0) } }), { skipped: true }],
];

describe("conformance testee", () => {
  let responses: DynamicMessage[] = [];
  beforeAll(async () => {
    responses = await runTestee(cases.map((c) => c[1]));
  });
  afterAll(() => undefined);

  it("answers every request", () => expect(responses.length).toBe(cases.length));

  it.each(cases.map((c, i) => [c[0], i, c[2]] as const))("%s", (_label, i, want) => {
    const result = responses[i]!["result"] as { case: string; value: unknown };
    if ("parse_error" in want) expect(result.case).toBe("parseError");
    else if ("skipped" in want) expect(result.case).toBe("skipped");
    else {
      expect(result.case).toBe("protobufPayload");
      expect(Buffer.from(result.value as Uint8Array).toString("hex")).toBe(want.payload.replace(/\s+/g, ""));
    }
  });

  it("rejects a deeply nested message (recursion limit 100) with a parse error", async () => {
    // optional_nested_message (18) { corecursive (2) { optional_nested_message { ... } } }, 120 levels.
    let inner = Buffer.alloc(0);
    for (let i = 0; i < 120; i++) {
      const tagBytes = i % 2 === 0 ? [0x12] : [0x92, 0x01];
      inner = Buffer.concat([Buffer.from(tagBytes), varint(inner.length), inner]);
    }
    const [r] = await runTestee([binary(P3, inner)]);
    expect((r!["result"] as { case: string }).case).toBe("parseError");
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
