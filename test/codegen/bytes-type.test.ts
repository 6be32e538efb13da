// `bytes` values (and unknown fields) decode to plain Uint8Arrays everywhere:
// from a Uint8Array, from a Buffer (as node:http2 delivers data), and through
// an RPC. So a message round-trips deep-equal, whichever way it went.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamicCodec } from "../../src/codec/dynamic.js";
import type { MessageType } from "../../src/codec/message-type.js";
import { typeLookup } from "../../src/codec/message-plan.js";
import { createClient } from "../../src/rpc/client.js";
import { DescriptorPool, loadProtoFiles } from "../../src/schema/index.js";
import { startHarness, type Harness } from "../rpc/harness.js";
import * as v2 from "../vectors/gen/proto2.js";
import * as v3 from "../vectors/gen/scalars3.js";
import { Transport, Writer } from "./gen/runtime_names.js";
import { repoRoot } from "./targets.js";

const loaded = loadProtoFiles(["scalars3.proto", "proto2.proto", "runtime_names.proto"], {
  includePaths: [join(repoRoot, "test", "vectors", "protos"), join(repoRoot, "test", "codegen", "protos")],
});
const pool = new DescriptorPool();
for (const f of loaded.all) pool.add(f);
const dynamic = new DynamicCodec(typeLookup(pool));

const b = (...v: number[]): Uint8Array => Uint8Array.from(v);

/** Every Uint8Array inside a decoded message, with where it was. */
function byteValues(value: unknown, path = "m", out: [string, Uint8Array][] = []): [string, Uint8Array][] {
  if (value instanceof Uint8Array) out.push([path, value]);
  else if (value instanceof Map) for (const [k, v] of value) byteValues(v, `${path}.get(${String(k)})`, out);
  else if (Array.isArray(value)) value.forEach((v, i) => byteValues(v, `${path}[${i}]`, out));
  else if (typeof value === "object" && value !== null) for (const [k, v] of Object.entries(value)) byteValues(v, `${path}.${k}`, out);
  return out;
}

function expectPlain(message: unknown, count: number): void {
  const values = byteValues(message);
  expect(values).toHaveLength(count);
  for (const [path, v] of values) expect(Object.getPrototypeOf(v), path).toBe(Uint8Array.prototype);
}

/** `bytes` copied into a Buffer at a non-zero offset, as a network read gives. */
function asBuffer(bytes: Uint8Array): Buffer {
  const whole = Buffer.alloc(bytes.length + 3);
  whole.set(bytes, 3);
  return whole.subarray(3);
}

// [label, type name, partial message, number of byte arrays in the decoded message (defaults included)]
const cases: [string, string, object, number][] = [
  ["bytes in every shape", "names.v1.Writer", {
    data: b(1, 2),
    chunks: [b(3), b()],
    blobs: new Map([["k", b(4)]]),
    pick: { case: "raw", value: b(5) },
    maybe: b(6),
    errors: [{ detail: b(7) }],
  }, 7],
  ["bytes in a oneof's message", "names.v1.Writer", { pick: { case: "error", value: { detail: b(8) } } }, 2], // with the empty `data`
  ["unknown fields", "names.v1.Writer", { $unknown: [b(0xf8, 0x06, 0x01), b(0xfa, 0x06, 0x01, 0x09)] }, 3],
  ["proto3 scalars", "vectors.v3.Scalars", { fBytes: b(1) }, 1],
  ["proto3 optional", "vectors.v3.Optionals", { oBytes: b() }, 1],
  ["a repeated field", "vectors.v3.Repeated", { rBytes: [b(1), b(2)] }, 2],
  ["a map", "vectors.v3.Maps", { mBytes: new Map([["a", b(1)], ["b", b()]]) }, 2],
  ["a oneof", "vectors.v3.Choice", { pick: { case: "pBytes", value: b(9) } }, 1],
  ["an unknown closed-enum value", "vectors.v2.Closed", { $unknown: [b(0x08, 0x63)] }, 1],
];

const generated: Record<string, MessageType<unknown>> = {
  "names.v1.Writer": Writer,
  "vectors.v3.Scalars": v3.Scalars,
  "vectors.v3.Optionals": v3.Optionals,
  "vectors.v3.Repeated": v3.Repeated,
  "vectors.v3.Maps": v3.Maps,
  "vectors.v3.Choice": v3.Choice,
  "vectors.v2.Closed": v2.Closed,
};

describe.each([
  ["generated", (name: string) => generated[name]!],
  ["dynamic", (name: string) => dynamic.messageType(name)],
])("bytes decode to plain Uint8Arrays (%s)", (_kind, typeOf) => {
  it.each(cases)("%s, from a Buffer", (_label, typeName, partial, count) => {
    const type = typeOf(typeName);
    const m = type.create(partial);
    const decoded = type.decode(asBuffer(type.encode(m)));
    expectPlain(decoded, count);
    expect(decoded).toStrictEqual(m);
  });

  it.each(cases)("%s, from a Uint8Array", (_label, typeName, partial, count) => {
    const type = typeOf(typeName);
    const m = type.create(partial);
    const decoded = type.decode(type.encode(m));
    expectPlain(decoded, count);
    expect(decoded).toStrictEqual(m);
  });
});

describe("bytes through an RPC", () => {
  let h: Harness;
  const received: unknown[] = [];
  beforeAll(async () => {
    h = await startHarness((server) =>
      server.add(Transport, {
        write(request) {
          received.push(request);
          return request;
        },
      }),
    );
  });
  afterAll(() => h.close());

  it("arrive as plain Uint8Arrays on both sides, deep-equal to what was sent", async () => {
    const sent = Writer.create(cases[0]![2] as object);
    sent.$unknown = [b(0xf8, 0x06, 0x01)];
    const client = createClient(Transport, h.channel);
    const response = await client.write(sent);
    expectPlain(received[0], 8);
    expect(received[0]).toStrictEqual(sent);
    expectPlain(response, 8);
    expect(response).toStrictEqual(sent);
  });
});
