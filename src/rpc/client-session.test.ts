// Closing a channel lets the calls already started finish. node:http2's
// session.close() sends GOAWAY ahead of the HEADERS of streams requested in
// the same tick, and a node:http2 server refuses every stream that arrives
// after a client's GOAWAY: calls started just before channel.close() used to
// fail with UNAVAILABLE (REFUSED_STREAM). Found by bench/soak.bench.mjs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import { createServer, type Server } from "./server.js";

describe("SessionHandle.close", () => {
  let server: Server;
  let target = "";
  beforeAll(async () => {
    server = createServer();
    server.add(TestService, {
      async unary(req) {
        if (req.text === "slow") await new Promise((r) => setTimeout(r, 100));
        return req;
      },
      async *serverStream(req) {
        for (let i = 0; i < 3; i++) yield { ...req, num: i };
      },
      async clientStream() {
        return {};
      },
      async *bidi(requests) {
        yield* requests;
      },
    });
    target = `http://127.0.0.1:${await server.listen("127.0.0.1:0")}`;
  });
  afterAll(() => server.close(0));

  it("lets calls started in the same tick as close() finish", async () => {
    for (let round = 0; round < 5; round++) {
      const channel = connect(target);
      const client = createClient(TestService, channel);
      await client.unary({ text: "connect" });
      const calls = Array.from({ length: 20 }, (_, num) => client.unary({ text: "same tick", num }));
      const streamed: number[] = [];
      const stream = (async () => {
        for await (const m of client.serverStream({ text: "s" })) streamed.push(m.num);
      })();
      await channel.close();
      expect((await Promise.all(calls)).map((r) => r.num)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      await stream;
      expect(streamed).toEqual([0, 1, 2]);
    }
  });

  it("on a session that has not connected yet", async () => {
    const channel = connect(target);
    const client = createClient(TestService, channel);
    const calls = Array.from({ length: 5 }, (_, num) => client.unary({ num }));
    await channel.close();
    expect((await Promise.all(calls)).map((r) => r.num)).toEqual([0, 1, 2, 3, 4]);
  });

  it("resolves once the running calls are over, and refuses new ones", async () => {
    const channel = connect(target);
    const client = createClient(TestService, channel);
    await client.unary({});
    const slow = client.unary({ text: "slow" });
    let closed = false;
    const closing = channel.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(closed).toBe(false);
    await expect(client.unary({})).rejects.toThrow(/closed/);
    expect((await slow).text).toBe("slow");
    await closing;
    expect(closed).toBe(true);
    await channel.close(); // again: already closed
  });

  it("resolves at once when idle", async () => {
    const channel = connect(target);
    await createClient(TestService, channel).unary({});
    await channel.close();
    await channel.close();
  });
});
