import { afterEach, describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import { DEFLATE, GZIP } from "../grpc/compression.js";
import type { Metadata } from "../grpc/metadata.js";
import { gunzipSync, gzipSync } from "node:zlib";
import { echoBytes } from "../../test/rpc/test-service.js";
import { rawRequest, rawServer, rawStatus } from "../../test/rpc/harness.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import { Echo } from "../../test/rpc/test-service.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import type { ConnectOptions } from "./channel.js";
import type { ServerOptions } from "./server.js";

/** Message compression both ways, and the send/receive limits around it. */
describe("compression and limits", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function start(serverOptions?: ServerOptions, connectOptions?: ConnectOptions) {
    h = await startHarness(
      (server) =>
        server.add(TestService, {
          async unary(req) {
            return { text: req.text.repeat(2), num: req.text.length };
          },
          async *serverStream(req) {
            for (let i = 0; i < 3; i++) yield { text: req.text };
          },
          async clientStream(requests) {
            let n = 0;
            for await (const r of requests) n += r.text.length;
            return { num: n };
          },
          async *bidi(requests) {
            yield* requests;
          },
        }),
      serverOptions,
      connectOptions,
    );
    return createClient(TestService, h.channel);
  }

  it.each([GZIP, DEFLATE])("the client sends $name, the server answers in kind", async (compression) => {
    const client = await start({}, { sendCompression: compression.name });
    let header: Metadata | undefined;
    const text = "compress me ".repeat(100);
    const res = await client.unary({ text }, { onHeader: (m) => (header = m) });
    expect(res).toEqual({ text: text.repeat(2), num: text.length });
    expect(header).toBeDefined();
    const out: string[] = [];
    for await (const m of client.bidi([{ text: "a" }, { text: "b" }])) out.push(m.text);
    expect(out).toEqual(["a", "b"]);
    expect(await client.clientStream([{ text: "xy" }, { text: "z" }])).toEqual({ text: "", num: 3 });
  });

  it("the server answers uncompressed when told not to compress responses", async () => {
    const client = await start({ compressResponses: false }, { sendCompression: "gzip" });
    expect((await client.unary({ text: "q" })).text).toBe("qq");
  });

  it("a server that does not accept the client's encoding answers UNIMPLEMENTED", async () => {
    const client = await start({ compressions: [DEFLATE] }, { sendCompression: "gzip" });
    const e = await client.unary({ text: "q" }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: Code.Unimplemented });
  });

  it("an unknown sendCompression name is refused when connecting", async () => {
    await expect(start({}, { sendCompression: "snappy" })).rejects.toThrow(/unknown compression/);
  });

  it("the client's send limit -> RESOURCE_EXHAUSTED before anything is sent", async () => {
    const client = await start({}, { maxSendMessageSize: 100 });
    await expect(client.unary({ text: "x".repeat(200) })).rejects.toMatchObject({ code: Code.ResourceExhausted });
    expect((await client.unary({ text: "small" })).text).toBe("smallsmall");
  });

  it("the server's send limit -> RESOURCE_EXHAUSTED", async () => {
    const client = await start({ maxSendMessageSize: 100 });
    await expect(client.unary({ text: "x".repeat(80) })).rejects.toMatchObject({ code: Code.ResourceExhausted });
  });

  it("the server's receive limit -> RESOURCE_EXHAUSTED", async () => {
    const client = await start({ maxReceiveMessageSize: 100 });
    await expect(client.unary({ text: "x".repeat(200) })).rejects.toMatchObject({ code: Code.ResourceExhausted });
  });

  it("the receive limit applies after decompression too", async () => {
    // 200 000 'x' compress to a few hundred bytes: small on the wire, large once inflated.
    const client = await start({ maxReceiveMessageSize: 10_000 }, { sendCompression: "gzip" });
    const e = await client.unary({ text: "x".repeat(200_000) }).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: Code.ResourceExhausted });
  });

  it("the client's receive limit -> RESOURCE_EXHAUSTED", async () => {
    const client = await start({}, { maxReceiveMessageSize: 100 });
    await expect(client.unary({ text: "x".repeat(80) })).rejects.toMatchObject({ code: Code.ResourceExhausted });
  });

  it("large messages (3 MiB) pass under the default 4 MiB limit, both ways", async () => {
    const client = await start();
    const text = "y".repeat(1536 * 1024);
    const res = await client.unary({ text });
    expect(res.text.length).toBe(3 * 1024 * 1024);
  });

  it("on the wire: the server inflates a gzip request and deflates nothing it should not", async () => {
    await start();
    const body = [encodeEnvelope(gzipSync(echoBytes("wire")), true)];
    // The client accepts gzip: the answer is gzip, flagged compressed.
    const zipped = await rawRequest(h!.port, { ":path": "/test.Test/Unary", "grpc-encoding": "gzip", "grpc-accept-encoding": "gzip" }, body);
    expect(rawStatus(zipped).code).toBe(Code.Ok);
    expect(zipped.headers["grpc-encoding"]).toBe("gzip");
    expect(zipped.data[0]).toBe(1);
    expect(Echo.decode(gunzipSync(zipped.data.subarray(5))).text).toBe("wirewire");
    // The client does not say it accepts gzip: the answer is identity.
    const plain = await rawRequest(h!.port, { ":path": "/test.Test/Unary", "grpc-encoding": "gzip" }, body);
    expect(plain.headers["grpc-encoding"]).toBeUndefined();
    expect(plain.data[0]).toBe(0);
    expect(Echo.decode(plain.data.subarray(5)).text).toBe("wirewire");
  });

  it("on the wire: the client compresses and advertises what it accepts", async () => {
    let seen: { encoding: unknown; accept: unknown; flag: number | undefined; text: string } | undefined;
    const server = await rawServer((stream, headers) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const data = Buffer.concat(chunks);
        seen = { encoding: headers["grpc-encoding"], accept: headers["grpc-accept-encoding"], flag: data[0], text: Echo.decode(gunzipSync(data.subarray(5))).text };
        stream.respond({ ":status": 200, "content-type": "application/grpc" }, { waitForTrailers: true });
        stream.on("wantTrailers", () => stream.sendTrailers({ "grpc-status": "0" }));
        stream.end(encodeEnvelope(echoBytes("done")));
      });
    });
    const channel = connect(`http://127.0.0.1:${server.port}`, { sendCompression: GZIP });
    try {
      expect((await createClient(TestService, channel).unary({ text: "zip" })).text).toBe("done");
      expect(seen).toEqual({ encoding: "gzip", accept: "gzip,deflate", flag: 1, text: "zip" });
    } finally {
      await channel.close();
      await server.close();
    }
  });
});
