import * as http2 from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echoBytes, TestService } from "../../test/rpc/test-service.js";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import { createClient, type Client } from "./client.js";
import type { RpcError } from "./rpc-error.js";

/** Long and large streams, flow control, and a peer resetting a stream mid-call. */
describe("streams", () => {
  let h: Harness;
  let client: Client<typeof TestService>;
  let lastReason: Promise<unknown> | undefined;

  beforeAll(async () => {
    h = await startHarness((server) =>
      server.add(TestService, {
        async unary() {
          return {};
        },
        async *serverStream(req) {
          const text = "z".repeat(req.num);
          for (let i = 0; i < 500; i++) yield { text, num: i };
        },
        async clientStream(requests, ctx) {
          lastReason = new Promise((resolve) => ctx.signal.addEventListener("abort", () => resolve(ctx.signal.reason)));
          let n = 0;
          for await (const _ of requests) n++;
          return { num: n };
        },
        async *bidi(requests) {
          for await (const r of requests) yield r;
        },
      }),
    );
    client = createClient(TestService, h.channel);
  });
  afterAll(() => h.close());

  it("a slow consumer of a large server stream gets every message in order", async () => {
    let expected = 0;
    for await (const m of client.serverStream({ num: 20_000 })) {
      expect(m.num).toBe(expected++);
      if (expected % 100 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(expected).toBe(500);
  });

  it("a long client stream with large messages", async () => {
    async function* many() {
      for (let i = 0; i < 300; i++) yield { text: "q".repeat(10_000) };
    }
    expect((await client.clientStream(many())).num).toBe(300);
  });

  it("bidi echoes 1000 messages", async () => {
    async function* many() {
      for (let i = 0; i < 1000; i++) yield { num: i };
    }
    let n = 0;
    for await (const m of client.bidi(many())) expect(m.num).toBe(n++);
    expect(n).toBe(1000);
  });

  it("a client resetting its stream mid-call aborts the handler; the server goes on", async () => {
    const session = http2.connect(`http://127.0.0.1:${h.port}`);
    const stream = session.request({
      ":method": "POST",
      ":path": "/test.Test/ClientStream",
      "content-type": "application/grpc",
      te: "trailers",
    });
    stream.on("error", () => {});
    stream.write(encodeEnvelope(echoBytes("one")));
    await new Promise((r) => setTimeout(r, 50));
    // destroy(error) resets with INTERNAL_ERROR without half-closing first.
    stream.destroy(new Error("client gave up"));
    const reason = (await lastReason) as RpcError;
    expect(reason.code).toBe(Code.Cancelled);
    expect(reason.rawMessage).toBe("the client reset the stream with INTERNAL_ERROR (2)");
    session.close();
    expect((await client.clientStream([{}])).num).toBe(1);
  });
});
