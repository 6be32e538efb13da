import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { frameServer } from "../../test/rpc/frame-server.js";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { echoBytes, TestService, type Echo } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import { Http2ErrorCode } from "../grpc/rst-code.js";
import { connect, type Channel } from "./channel.js";
import { createClient } from "./client.js";
import { RpcError } from "./rpc-error.js";

/**
 * A server may end a call while its client is still sending
 * (PROTOCOL-HTTP2.md, "Early Server Closure"): the status goes out in the
 * trailers first, then RST_STREAM NO_ERROR. The client must see that
 * status, never "closed without sending a status".
 */
describe("status sent while the client is still sending", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** Requests that never end (until the test is over). */
  async function* endless(stop: AbortSignal): AsyncIterable<Partial<Echo>> {
    for (let i = 0; !stop.aborted; i++) {
      yield { text: "more", num: i };
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  async function start() {
    h = await startHarness((server) =>
      server.add(TestService, {
        unary: (m) => m,
        serverStream: async function* () {},
        // Answers after the first request, before the client has half-closed.
        clientStream: async (requests) => {
          for await (const r of requests) return { text: `first was ${r.num}`, num: 7 };
          return { text: "none", num: 0 };
        },
        // One response, then a failure, while requests keep coming.
        bidi: async function* (requests) {
          for await (const r of requests) {
            yield { text: "one", num: r.num };
            throw new RpcError(Code.FailedPrecondition, "enough");
          }
        },
      }),
    );
    return createClient(TestService, h.channel);
  }

  it("bidi: the handler's error after a response reaches the client, every time", async () => {
    const client = await start();
    for (let i = 0; i < 30; i++) {
      const stop = new AbortController();
      const seen: number[] = [];
      let caught: unknown;
      try {
        for await (const m of client.bidi(endless(stop.signal))) seen.push(m.num);
      } catch (e) {
        caught = e;
      } finally {
        stop.abort();
      }
      expect(seen).toEqual([0]);
      expect(caught).toBeInstanceOf(RpcError);
      expect((caught as RpcError).code).toBe(Code.FailedPrecondition);
      expect((caught as RpcError).rawMessage).toBe("enough");
    }
  });

  it("client streaming: a response sent before the client half-closes arrives with OK", async () => {
    const client = await start();
    for (let i = 0; i < 30; i++) {
      const stop = new AbortController();
      try {
        const reply = await client.clientStream(endless(stop.signal));
        expect(reply).toEqual({ text: "first was 0", num: 7 });
      } finally {
        stop.abort();
      }
    }
  });

  it("a client still sending sees INTERNAL, not a hang, when the response ends without a status", async () => {
    // Headers, one message and END_STREAM, no trailers, while the request
    // side stays open (node:http2 then never closes the client's stream).
    const bare = http2.createServer();
    bare.on("stream", (stream) => {
      stream.on("data", () => {});
      stream.respond({ ":status": 200, "content-type": "application/grpc" });
      stream.end(encodeEnvelope(echoBytes("one", 1)));
    });
    await new Promise<void>((r) => bare.listen(0, "127.0.0.1", r));
    const channel = connect(`http://127.0.0.1:${(bare.address() as AddressInfo).port}`);
    const stop = new AbortController();
    try {
      await expectInternalAfterOne(channel, stop.signal);
    } finally {
      stop.abort();
      await channel.close();
      await new Promise((r) => bare.close(r));
    }
  }, 10_000);

  it("a client still sending sees INTERNAL when the server resets with NO_ERROR and no status", async () => {
    // Headers, one message, then RST_STREAM NO_ERROR: no trailers at all.
    const raw = await frameServer(encodeEnvelope(echoBytes("one", 1)), Http2ErrorCode.NoError);
    const channel = connect(`http://127.0.0.1:${raw.port}`);
    const stop = new AbortController();
    try {
      await expectInternalAfterOne(channel, stop.signal);
    } finally {
      stop.abort();
      await channel.close();
      await raw.close();
    }
  }, 10_000);

  async function expectInternalAfterOne(channel: Channel, stop: AbortSignal): Promise<void> {
    const seen: number[] = [];
    let caught: unknown;
    try {
      for await (const m of createClient(TestService, channel).bidi(endless(stop))) seen.push(m.num);
    } catch (e) {
      caught = e;
    }
    expect(seen).toEqual([1]);
    expect(caught).toBeInstanceOf(RpcError);
    expect((caught as RpcError).code).toBe(Code.Internal);
  }
});
