/**
 * The cheap half of the memory soak (bench/soak.bench.mjs has the long
 * one): after a few hundred calls of every kind, including cancelled,
 * abandoned and deadline-exceeded ones, nothing is left behind — the
 * server's call and session bookkeeping is empty, no timer is still armed,
 * no listener stays on a long-lived AbortSignal, the client's sessions have
 * no call counted as running, and after a GC no ServerCall (the handler's
 * ctx) is still reachable.
 */
import { getEventListeners, setMaxListeners } from "node:events";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import type { ServerCallContext } from "./call-context.js";
import { connect, type Channel } from "./channel.js";
import { createClient, type Client } from "./client.js";
import { RpcError } from "./rpc-error.js";
import { createServer, type Server } from "./server.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Resolves once the call is cancelled or past its deadline. */
function aborted(ctx: ServerCallContext): Promise<void> {
  return new Promise((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

const timeouts = (): number => process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;

/** The server's bookkeeping, read through its private fields. */
const serverCalls = (server: Server): number => server["calls"].size;
const serverSessions = (server: Server): number => server["transport"].connections;

/** Calls counted as running on the channel's current session (0 when there is none). */
function clientActive(channel: Channel): number {
  const handle = channel["current"];
  return handle === undefined ? 0 : (handle["active"] as number);
}

async function until(done: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
}

async function expectCode(code: Code, run: () => Promise<unknown>): Promise<void> {
  const e = await run().then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(RpcError);
  expect((e as RpcError).code).toBe(code);
}

describe("no calls, sessions, timers or listeners are left behind", () => {
  let server: Server;
  let port: number;
  /** Every handler's ctx (the ServerCall), held weakly. */
  const contexts: WeakRef<object>[] = [];

  beforeAll(async () => {
    server = createServer();
    server.add(TestService, {
      async unary(req, ctx) {
        contexts.push(new WeakRef(ctx));
        if (req.text === "hang") {
          await aborted(ctx);
          throw ctx.signal.reason;
        }
        return req;
      },
      async *serverStream(req, ctx) {
        contexts.push(new WeakRef(ctx));
        const count = req.text === "forever" ? Infinity : 3;
        for (let i = 0; i < count; i++) yield { text: "x".repeat(64), num: i };
      },
      async clientStream(requests, ctx) {
        contexts.push(new WeakRef(ctx));
        let num = 0;
        for await (const r of requests) num += r.num;
        return { text: "", num };
      },
      async *bidi(requests, ctx) {
        contexts.push(new WeakRef(ctx));
        for await (const r of requests) yield r;
      },
    });
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close(0));

  /** One round of every kind of call; `signal` is a long-lived signal some of them pass. */
  async function round(client: Client<typeof TestService>, i: number, signal: AbortSignal): Promise<void> {
    switch (i % 9) {
      case 0:
        expect((await client.unary({ text: "hi", num: i })).num).toBe(i);
        return;
      case 1:
        expect((await client.unary({ text: "shared", num: i }, { signal, timeoutMs: 60_000 })).num).toBe(i);
        return;
      case 2: {
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 2);
        return expectCode(Code.Cancelled, () => client.unary({ text: "hang" }, { signal: ac.signal }));
      }
      case 3:
        return expectCode(Code.DeadlineExceeded, () => client.unary({ text: "hang" }, { timeoutMs: 5 + (i % 7) }));
      case 4: {
        let n = 0;
        for await (const _ of client.serverStream({ text: "three" }, { signal })) n++;
        expect(n).toBe(3);
        return;
      }
      case 5: {
        // Abandoned: the server would stream forever, the client leaves after two.
        let n = 0;
        for await (const _ of client.serverStream({ text: "forever" })) if (++n === 2) break;
        return;
      }
      case 6: {
        let n = 0;
        for await (const _ of client.bidi([{ text: "a" }, { text: "b" }])) n++;
        expect(n).toBe(2);
        return;
      }
      case 7: {
        // A request stream that never ends, cut by the deadline on both sides.
        async function* forever(): AsyncGenerator<{ text: string }> {
          yield { text: "one" };
          await new Promise(() => {});
        }
        return expectCode(Code.DeadlineExceeded, async () => {
          for await (const _ of client.bidi(forever(), { timeoutMs: 20 })) {
            // the echo of "one"
          }
        });
      }
      case 8:
        expect((await client.clientStream([{ num: 1 }, { num: 2 }], { signal })).num).toBe(3);
        return;
    }
  }

  it("after 450 calls of every kind on three channels", { timeout: 30_000 }, async () => {
    const timersBefore = timeouts();
    const shared = new AbortController();
    setMaxListeners(100, shared.signal);
    const target = `http://127.0.0.1:${port}`;
    for (let c = 0; c < 3; c++) {
      const channel = connect(target);
      const client = createClient(TestService, channel);
      // 150 calls per channel, 30 at a time.
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < 150) await round(client, c * 150 + next++, shared.signal);
      };
      await Promise.all(Array.from({ length: 30 }, worker));
      // A call lets go of its signal and of its session's count when its stream closes,
      // which can be a moment after the caller has the last message.
      await until(() => clientActive(channel) === 0 && getEventListeners(shared.signal, "abort").length === 0);
      expect(getEventListeners(shared.signal, "abort")).toHaveLength(0);
      expect(clientActive(channel)).toBe(0);
      await channel.close();
    }

    await until(() => serverCalls(server) === 0 && serverSessions(server) === 0 && timeouts() <= timersBefore);
    expect(serverCalls(server)).toBe(0);
    expect(serverSessions(server)).toBe(0);
    expect(timeouts()).toBeLessThanOrEqual(timersBefore);
    // Handlers ran for at least the 300 calls that succeed; a call cancelled or past
    // its deadline before its turn never reaches its handler.
    expect(contexts.length).toBeGreaterThanOrEqual(300);

    // WeakRefs stay alive until the current job ends: collect on a later turn.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    await new Promise((r) => setTimeout(r, 0));
    gc();
    const alive = contexts.filter((ref) => ref.deref() !== undefined).length;
    expect(alive).toBe(0);
  });
});
