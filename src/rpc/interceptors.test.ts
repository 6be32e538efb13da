import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService, type Echo } from "../../test/rpc/test-service.js";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import type { Metadata } from "../grpc/metadata.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import type { ClientInterceptor, ServerInterceptor } from "./interceptors.js";
import { RpcError } from "./rpc-error.js";

/** Interceptors on both sides: order, metadata, short-circuits, wrapping streams. */
describe("interceptors", () => {
  let h: Harness;
  const log: string[] = [];

  const tag =
    (name: string): ServerInterceptor =>
    (next) =>
    async (req, ctx) => {
      log.push(`${name} in ${ctx.method.name}`);
      try {
        return await next(req, ctx);
      } finally {
        log.push(`${name} out`);
      }
    };

  const auth: ServerInterceptor = (next) => async (req, ctx) => {
    if (ctx.requestMetadata.get("authorization") !== "Bearer good") throw new RpcError(Code.Unauthenticated, "who are you?");
    ctx.setTrailer("x-auth", "checked");
    return next(req, ctx);
  };

  /** Upper-cases every message of a server stream. */
  const shout: ServerInterceptor = (next) => async (req, ctx) => {
    const res = await next(req, ctx);
    if (ctx.method.kind !== "server_streaming") return res;
    return (async function* () {
      for await (const m of res as AsyncIterable<Echo>) yield { ...m, text: m.text.toUpperCase() };
    })();
  };

  beforeAll(async () => {
    h = await startHarness(
      (server) =>
        server.add(TestService, {
          unary(req) {
            log.push("handler");
            return { text: req.text };
          },
          async *serverStream() {
            yield { text: "a" };
            yield { text: "b" };
          },
          async clientStream(requests) {
            let n = 0;
            for await (const _ of requests) n++;
            return { num: n };
          },
          async *bidi() {},
        }),
      { interceptors: [tag("outer"), tag("inner"), auth, shout] },
    );
  });
  afterAll(() => h.close());

  const addAuth: ClientInterceptor = (next) => async (req, ctx) => {
    ctx.requestMetadata.set("authorization", "Bearer good");
    return next(req, ctx);
  };

  it("server interceptors run outermost first and may reject", async () => {
    const plain = createClient(TestService, h.channel);
    await expect(plain.unary({ text: "x" })).rejects.toMatchObject({ code: Code.Unauthenticated, rawMessage: "who are you?" });
    log.length = 0;
    const channel = connect(`http://127.0.0.1:${h.port}`, { interceptors: [addAuth] });
    const withAuth = createClient(TestService, channel);
    let trailer: Metadata | undefined;
    expect((await withAuth.unary({ text: "ok" }, { onTrailer: (m) => (trailer = m) })).text).toBe("ok");
    await channel.close();
    expect(log).toEqual(["outer in Unary", "inner in Unary", "handler", "inner out", "outer out"]);
    expect(trailer?.get("x-auth")).toBe("checked");
  });

  it("interceptors see and may wrap streams on both sides", async () => {
    const seen: string[] = [];
    const clientLog: ClientInterceptor = (next) => async (req, ctx) => {
      seen.push(`${ctx.method.kind}`);
      const res = await next(req, ctx);
      if (ctx.method.kind !== "server_streaming") return res;
      return (async function* () {
        for await (const m of res as AsyncIterable<Echo>) {
          seen.push(m.text);
          yield m;
        }
      })();
    };
    const channel = connect(`http://127.0.0.1:${h.port}`, { interceptors: [addAuth, clientLog] });
    const client = createClient(TestService, channel);
    const out: string[] = [];
    for await (const m of client.serverStream({})) out.push(m.text);
    expect(out).toEqual(["A", "B"]);
    expect(await client.clientStream([{}, {}, {}])).toEqual({ text: "", num: 3 });
    expect(seen).toEqual(["server_streaming", "A", "B", "client_streaming"]);
    await channel.close();
  });

  it("a client interceptor may answer without calling the server", async () => {
    const cache: ClientInterceptor = () => async () => ({ text: "cached", num: 0 });
    const channel = connect(`http://127.0.0.1:${h.port}`, { interceptors: [cache] });
    expect(await createClient(TestService, channel).unary({ text: "x" })).toEqual({ text: "cached", num: 0 });
    await channel.close();
  });

  it("a client interceptor may change call options (deadline)", async () => {
    const tight: ClientInterceptor = (next) => async (req, ctx) => {
      ctx.options = { ...ctx.options, deadline: Date.now() - 1 };
      return next(req, ctx);
    };
    const channel = connect(`http://127.0.0.1:${h.port}`, { interceptors: [tight] });
    await expect(createClient(TestService, channel).unary({})).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    const stream = createClient(TestService, channel).serverStream({});
    await expect(
      (async () => {
        for await (const _ of stream) void _;
      })(),
    ).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    await channel.close();
  });
});
