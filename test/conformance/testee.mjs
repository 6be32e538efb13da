// A protobuf conformance testee built on wiregrpc's dynamic codec.
//
// The conformance runner writes requests to stdin and reads responses from
// stdout, each framed as a 4-byte little-endian length and a serialized
// conformance.ConformanceRequest / ConformanceResponse. Binary input and
// output are supported; JSON, JSPB and text format are answered `skipped`.
// The schemas are in ./protos (or $WIREGRPC_CONFORMANCE_DIR).
import { readSync, writeSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DynamicCodec } from "../../dist/src/codec/dynamic.js";
import { typeLookup } from "../../dist/src/codec/message-plan.js";
import { DescriptorPool, loadProtoFiles } from "../../dist/src/schema/index.js";
import { DecodeError } from "../../dist/src/wire/decode-error.js";

const schemaDir = process.env.WIREGRPC_CONFORMANCE_DIR ?? fileURLToPath(new URL("./protos", import.meta.url));
const loaded = loadProtoFiles(["conformance.proto", "test_messages_proto3.proto", "test_messages_proto2.proto"], { includePaths: [schemaDir] });
const pool = new DescriptorPool();
for (const f of loaded.all) pool.add(f);
const codec = new DynamicCodec(typeLookup(pool));
const Request = codec.messageType("conformance.ConformanceRequest");
const Response = codec.messageType("conformance.ConformanceResponse");

const WIRE_FORMAT_PROTOBUF = 1;
const SUPPORTED = new Set(["protobuf_test_messages.proto3.TestAllTypesProto3", "protobuf_test_messages.proto2.TestAllTypesProto2"]);

/** Reads exactly n bytes from stdin, or returns undefined at end of input. */
function readExactly(n) {
  const buf = Buffer.alloc(n);
  let got = 0;
  while (got < n) {
    let r;
    try {
      r = readSync(0, buf, got, n - got, null);
    } catch (e) {
      if (e.code === "EAGAIN") continue;
      if (e.code === "EOF") return undefined;
      throw e;
    }
    if (r === 0) return undefined;
    got += r;
  }
  return buf;
}

function result(kind, value) {
  return Response.create({ result: { case: kind, value } });
}

function answer(request) {
  if (request.messageType === "conformance.FailureSet") return result("protobufPayload", new Uint8Array(0));
  if (request.payload.case !== "protobufPayload") return result("skipped", `${request.payload.case ?? "no"} input is not supported`);
  if (request.requestedOutputFormat !== WIRE_FORMAT_PROTOBUF) return result("skipped", "only binary output is supported");
  if (!SUPPORTED.has(request.messageType)) return result("skipped", `unknown message type ${request.messageType}`);
  const type = codec.messageType(request.messageType);
  let message;
  try {
    message = type.decode(request.payload.value);
  } catch (e) {
    if (e instanceof DecodeError) return result("parseError", e.message);
    return result("runtimeError", String(e));
  }
  try {
    return result("protobufPayload", type.encode(message));
  } catch (e) {
    return result("serializeError", String(e));
  }
}

for (;;) {
  const header = readExactly(4);
  if (header === undefined) break;
  const body = readExactly(header.readUInt32LE(0));
  if (body === undefined) break;
  let response;
  try {
    response = answer(Request.decode(body));
  } catch (e) {
    response = result("runtimeError", String(e));
  }
  const out = Response.encode(response);
  const frame = Buffer.alloc(4 + out.length);
  frame.writeUInt32LE(out.length, 0);
  frame.set(out, 4);
  writeSync(1, frame);
}
