import { describe, expect, it } from "vitest";
import { Echo, TestService } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import type { ServerCallContext } from "./call-context.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import { parseListenAddress } from "./listen-address.js";
import type { RpcError } from "./rpc-error.js";
import { createServer } from "./server.js";

const noStreams = {
  async *serverStream() {},
  async clientStream() {
    return {};
  },
  async *bidi() {},
};

describe("server lifecycle", () => {
  it("close() lets running calls finish, then resolves", async () => {
    const server = createServer();
    let release!: () => void;
    const started = new Promise<void>((resolveStarted) => {
      server.add(TestService, {
        async unary() {
          resolveStarted();
          await new Promise<void>((r) => (release = r));
          return { text: "finished" };
        },
        ...noStreams,
      });
    });
    const port = await server.listen("127.0.0.1:0");
    const channel = connect(`http://127.0.0.1:${port}`);
    const call = createClient(TestService, channel).unary({});
    await started;
    let closed = false;
    const closing = server.close(5000).then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    release();
    expect((await call).text).toBe("finished");
    await closing;
    // New calls find nobody listening.
    const e = (await createClient(TestService, channel).unary({}).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Unavailable);
    await channel.close();
  });

  it("after the grace period, running calls are cancelled (signal aborts, client gets UNAVAILABLE)", async () => {
    const s = createServer();
    let ctxSeen: ServerCallContext | undefined;
    const started = new Promise<void>((resolveStarted) => {
      s.add(TestService, {
        async unary(_req, ctx) {
          ctxSeen = ctx;
          resolveStarted();
          await new Promise(() => {}); // never answers
          return {};
        },
        ...noStreams,
      });
    });
    const port = await s.listen("127.0.0.1:0");
    const channel = connect(`http://127.0.0.1:${port}`);
    const call = createClient(TestService, channel).unary({}).catch((x: unknown) => x);
    await started;
    const t0 = Date.now();
    await s.close(100);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    expect(ctxSeen?.signal.aborted).toBe(true);
    expect((ctxSeen?.signal.reason as RpcError).code).toBe(Code.Unavailable);
    expect(((await call) as RpcError).code).toBe(Code.Unavailable);
    await channel.close();
  });

  it("close() with no calls and no connections resolves at once", async () => {
    const s = createServer();
    await s.listen("127.0.0.1:0");
    await s.close();
    await expect(s.listen("127.0.0.1:0")).rejects.toThrow(/closed/);
  });

  it("lists registered services and finds their definitions", () => {
    const s = createServer().add(TestService, { async unary() {
      return {};
    }, ...noStreams });
    expect(s.services()).toEqual(["test.Test"]);
    expect(s.getService("test.Test")).toBe(TestService);
    expect(s.serviceDefinitions()).toEqual([TestService]);
    expect(() => s.add(TestService, { async unary() {
      return {};
    }, ...noStreams })).toThrow(/already added/);
  });

  it("serves on several addresses", async () => {
    const s = createServer().add(TestService, { async unary(req) {
      return req;
    }, ...noStreams });
    const a = await s.listen("127.0.0.1:0");
    const b = await s.listen(0);
    const ca = connect(`127.0.0.1:${a}`);
    const cb = connect(`http://localhost:${b}`);
    expect((await createClient(TestService, ca).unary({ text: "a" })).text).toBe("a");
    expect((await createClient(TestService, cb).unary({ text: "b" })).text).toBe("b");
    await ca.close();
    await cb.close();
    await s.close();
  });

  it("handlers may be class instances; missing ones answer UNIMPLEMENTED; Object.prototype names are not handlers", async () => {
    class Impl {
      prefix = ">";
      async unary(req: Echo) {
        return { text: this.prefix + req.text };
      }
    }
    const odd = {
      typeName: "test.Odd",
      methods: {
        toString: { name: "ToString", localName: "toString", path: "/test.Odd/ToString", kind: "unary", input: Echo, output: Echo },
        constructor: { name: "Constructor", localName: "constructor", path: "/test.Odd/Constructor", kind: "unary", input: Echo, output: Echo },
      },
    } as const;
    const s = createServer()
      .add(TestService, new Impl() as never)
      .add(odd, {} as never);
    const port = await s.listen("127.0.0.1:0");
    const channel = connect(`http://127.0.0.1:${port}`);
    const client = createClient(TestService, channel);
    expect((await client.unary({ text: "x" })).text).toBe(">x");
    const missing = await (async () => {
      for await (const _ of client.serverStream({})) void _;
    })().catch((x: unknown) => x);
    expect((missing as RpcError).code).toBe(Code.Unimplemented);
    const oddClient = createClient(odd, channel);
    expect(typeof oddClient.toString).toBe("function");
    expect(((await oddClient.toString({}).catch((x: unknown) => x)) as RpcError).code).toBe(Code.Unimplemented);
    expect(((await oddClient.constructor({}).catch((x: unknown) => x)) as RpcError).code).toBe(Code.Unimplemented);
    await channel.close();
    await s.close();
  });

  it.each([
    ["127.0.0.1:0", { host: "127.0.0.1", port: 0 }],
    ["[::1]:50051", { host: "::1", port: 50051 }],
    [":8080", { host: undefined, port: 8080 }],
    ["localhost:1", { host: "localhost", port: 1 }],
    [443, { host: undefined, port: 443 }],
  ])("parses listen address %j", (address, parsed) => {
    expect(parseListenAddress(address)).toEqual(parsed);
  });

  it.each(["localhost", "host:", "host:99999", "host:12a", -1])("rejects listen address %j", (address) => {
    expect(() => parseListenAddress(address)).toThrow(TypeError);
  });

  it("rejects targets that are not http or https", () => {
    expect(() => connect("ftp://x:1")).toThrow(/scheme/);
  });

  it("a closed channel fails new calls with UNAVAILABLE", async () => {
    const channel = connect("http://127.0.0.1:9");
    await channel.close();
    const e = (await createClient(TestService, channel).unary({}).catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Unavailable);
    expect(e.rawMessage).toContain("closed");
  });
});
