// grpc.health.v1.Health over a real connection, with our own client.
import { afterEach, describe, expect, it } from "vitest";
import { HealthCheckResponse_ServingStatus as S } from "../gen/grpc/health/v1/health.js";
import { Code } from "../grpc/code.js";
import { connect, type Channel } from "../rpc/channel.js";
import { createClient } from "../rpc/client.js";
import { RpcError } from "../rpc/rpc-error.js";
import { createServer, type Server } from "../rpc/server.js";
import { addHealth, Health, HealthService, type ServingStatus } from "./health.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(setup?: (server: Server) => void): Promise<{ server: Server; health: HealthService; channel: Channel }> {
  const server = createServer();
  const health = addHealth(server);
  setup?.(server);
  const port = await server.listen("127.0.0.1:0");
  const channel = connect(`http://127.0.0.1:${port}`);
  cleanups.push(() => server.close(100), () => channel.close());
  return { server, health, channel };
}

/** Reads a Watch stream message by message. */
function watcher(channel: Channel, service: string, signal?: AbortSignal) {
  const stream = createClient(Health, channel).watch({ service }, signal ? { signal } : {});
  const it = stream[Symbol.asyncIterator]();
  return {
    async next(): Promise<S | "end"> {
      const r = await it.next();
      return r.done ? "end" : r.value.status;
    },
  };
}

describe("health Check", () => {
  it("answers SERVING for the whole server and the statuses the application sets", async () => {
    const { health, channel } = await start();
    const client = createClient(Health, channel);
    expect((await client.check({})).status).toBe(S.SERVING);
    health.setStatus("pkg.Svc", "NOT_SERVING");
    expect((await client.check({ service: "pkg.Svc" })).status).toBe(S.NOT_SERVING);
    health.setStatus("pkg.Svc", "SERVING");
    expect((await client.check({ service: "pkg.Svc" })).status).toBe(S.SERVING);
    health.setStatus("pkg.Svc", "UNKNOWN");
    expect((await client.check({ service: "pkg.Svc" })).status).toBe(S.UNKNOWN);
  });

  it("answers NOT_FOUND for a service it does not know (and one cleared)", async () => {
    const { health, channel } = await start();
    const client = createClient(Health, channel);
    const e = await client.check({ service: "nope.Nothing" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe(Code.NotFound);
    health.setStatus("pkg.Svc", "SERVING");
    health.clearStatus("pkg.Svc");
    expect(((await client.check({ service: "pkg.Svc" }).catch((x: unknown) => x)) as RpcError).code).toBe(Code.NotFound);
  });

  it("never lets a service name reach an object prototype", async () => {
    const { channel } = await start();
    const client = createClient(Health, channel);
    for (const service of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(((await client.check({ service }).catch((x: unknown) => x)) as RpcError).code).toBe(Code.NotFound);
    }
  });

  it("starts with the statuses given, and rejects a status that is not one", () => {
    const h = new HealthService({ statuses: [["a.B", "NOT_SERVING"], ["", "NOT_SERVING"]] });
    expect(h.getStatus("a.B")).toBe("NOT_SERVING");
    expect(h.getStatus("")).toBe("NOT_SERVING");
    expect(() => h.setStatus("x", "SERVICE_UNKNOWN" as ServingStatus)).toThrow(TypeError);
    expect(() => h.setStatus("x", "toString" as ServingStatus)).toThrow(TypeError);
  });
});

describe("health Watch", () => {
  it("sends the current status, then every change, until the client cancels", async () => {
    const { health, channel } = await start();
    health.setStatus("pkg.Svc", "SERVING");
    const abort = new AbortController();
    const w = watcher(channel, "pkg.Svc", abort.signal);
    expect(await w.next()).toBe(S.SERVING);
    health.setStatus("pkg.Svc", "NOT_SERVING");
    expect(await w.next()).toBe(S.NOT_SERVING);
    // Setting the same status again is not a change.
    health.setStatus("pkg.Svc", "NOT_SERVING");
    health.setStatus("pkg.Svc", "SERVING");
    expect(await w.next()).toBe(S.SERVING);
    abort.abort();
    const e = await w.next().catch((x: unknown) => x);
    expect((e as RpcError).code).toBe(Code.Cancelled);
  });

  it("sends each change in order, even when they come faster than the stream", async () => {
    const { health, channel } = await start();
    const abort = new AbortController();
    const w = watcher(channel, "", abort.signal);
    expect(await w.next()).toBe(S.SERVING);
    health.setStatus("", "NOT_SERVING");
    health.setStatus("", "SERVING");
    health.setStatus("", "NOT_SERVING");
    expect([await w.next(), await w.next(), await w.next()]).toEqual([S.NOT_SERVING, S.SERVING, S.NOT_SERVING]);
    abort.abort();
  });

  it("sends SERVICE_UNKNOWN for an unknown service without ending, then its status once it is set", async () => {
    const { health, channel } = await start();
    const abort = new AbortController();
    const w = watcher(channel, "later.Svc", abort.signal);
    expect(await w.next()).toBe(S.SERVICE_UNKNOWN);
    health.setStatus("later.Svc", "SERVING");
    expect(await w.next()).toBe(S.SERVING);
    health.clearStatus("later.Svc");
    expect(await w.next()).toBe(S.SERVICE_UNKNOWN);
    abort.abort();
  });

  it("forgets a watcher once its client cancels", async () => {
    const { health, channel } = await start();
    const abort = new AbortController();
    const w = watcher(channel, "", abort.signal);
    expect(await w.next()).toBe(S.SERVING);
    abort.abort();
    await w.next().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 50));
    expect((health as unknown as { watchers: Map<string, unknown> }).watchers.size).toBe(0);
  });
});

describe("health and server shutdown", () => {
  it("turns everything NOT_SERVING when the server closes; Watch streams say so, then end", async () => {
    const { server, health, channel } = await start();
    health.setStatus("pkg.Svc", "SERVING");
    const whole = watcher(channel, "");
    const svc = watcher(channel, "pkg.Svc");
    const unknown = watcher(channel, "nope.Svc");
    expect(await whole.next()).toBe(S.SERVING);
    expect(await svc.next()).toBe(S.SERVING);
    expect(await unknown.next()).toBe(S.SERVICE_UNKNOWN);
    const started = Date.now();
    const closing = server.close(10_000);
    expect(health.getStatus("")).toBe("NOT_SERVING");
    expect(health.getStatus("pkg.Svc")).toBe("NOT_SERVING");
    expect(await whole.next()).toBe(S.NOT_SERVING);
    expect(await whole.next()).toBe("end");
    expect(await svc.next()).toBe(S.NOT_SERVING);
    expect(await svc.next()).toBe("end");
    // An unknown service stays unknown; its stream ends too.
    expect(await unknown.next()).toBe("end");
    await closing;
    // The streams ended by themselves: close() did not wait out its grace period.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("shutdown() and resume() by the application, remembering statuses set meanwhile", async () => {
    const { health, channel } = await start();
    const client = createClient(Health, channel);
    health.setStatus("pkg.Svc", "SERVING");
    const abort = new AbortController();
    const w = watcher(channel, "pkg.Svc", abort.signal);
    expect(await w.next()).toBe(S.SERVING);
    health.shutdown();
    expect(await w.next()).toBe(S.NOT_SERVING);
    expect((await client.check({ service: "" })).status).toBe(S.NOT_SERVING);
    health.setStatus("pkg.Svc", "UNKNOWN");
    expect((await client.check({ service: "pkg.Svc" })).status).toBe(S.NOT_SERVING);
    health.resume();
    expect(await w.next()).toBe(S.UNKNOWN);
    expect((await client.check({ service: "" })).status).toBe(S.SERVING);
    abort.abort();
  });
});
