import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { rawRequest, rawStatus, startHarness, type Harness } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import type { ServerCallContext } from "./call-context.js";
import { createClient, type Client } from "./client.js";
import { RpcError } from "./rpc-error.js";
import { echoBytes } from "../../test/rpc/test-service.js";

/** Resolves with the reason once ctx.signal aborts. */
function aborted(ctx: ServerCallContext): Promise<unknown> {
  return new Promise((resolve) => {
    if (ctx.signal.aborted) resolve(ctx.signal.reason);
    ctx.signal.addEventListener("abort", () => resolve(ctx.signal.reason), { once: true });
  });
}

describe("deadlines and cancellation", () => {
  let h: Harness;
  let client: Client<typeof TestService>;
  /** Each handler reports the reason its signal aborted with, by request text. */
  const reasons = new Map<string, Promise<unknown>>();
  const deadlines = new Map<string, number | undefined>();

  beforeAll(async () => {
    h = await startHarness((server) =>
      server.add(TestService, {
        async unary(req, ctx) {
          deadlines.set(req.text, ctx.deadline);
          const reason = aborted(ctx);
          reasons.set(req.text, reason);
          if (req.text === "quick") return {};
          await reason; // never answers by itself
          throw ctx.signal.reason;
        },
        async *serverStream(req, ctx) {
          reasons.set(req.text, aborted(ctx));
          for (let i = 0; ; i++) {
            yield { num: i };
            await new Promise((r) => setTimeout(r, 5));
            if (ctx.signal.aborted) return;
          }
        },
        async clientStream() {
          return {};
        },
        async *bidi(requests, ctx) {
          reasons.set("bidi", aborted(ctx));
          for await (const r of requests) yield r;
        },
      }),
    );
    client = createClient(TestService, h.channel);
  });
  afterAll(() => h.close());

  it("a handler that never answers is cut by the deadline on both sides", async () => {
    const start = Date.now();
    const e = (await client.unary({ text: "slow" }, { timeoutMs: 100 }).catch((x: unknown) => x)) as RpcError;
    expect(e).toBeInstanceOf(RpcError);
    expect(e.code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - start).toBeGreaterThanOrEqual(90);
    const reason = (await reasons.get("slow")) as RpcError;
    expect(reason).toBeInstanceOf(RpcError);
    expect([Code.DeadlineExceeded, Code.Cancelled]).toContain(reason.code);
  });

  it("the server enforces grpc-timeout on its own (raw client that never cancels)", async () => {
    const res = await rawRequest(h.port, { ":path": "/test.Test/Unary", "grpc-timeout": "50m" }, [encodeEnvelope(echoBytes("raw-slow"))]);
    expect(rawStatus(res).code).toBe(Code.DeadlineExceeded);
    expect(((await reasons.get("raw-slow")) as RpcError).code).toBe(Code.DeadlineExceeded);
  });

  it("propagates the deadline as grpc-timeout (ctx.deadline)", async () => {
    const before = Date.now();
    await client.unary({ text: "quick" }, { timeoutMs: 5000 });
    const deadline = deadlines.get("quick")!;
    expect(deadline).toBeGreaterThanOrEqual(before + 4900);
    expect(deadline).toBeLessThanOrEqual(Date.now() + 5100);
    await client.unary({ text: "quick" }, { deadline: new Date(Date.now() + 60_000) });
    expect(deadlines.get("quick")! - Date.now()).toBeGreaterThan(50_000);
    await client.unary({ text: "quick" });
    expect(deadlines.get("quick")).toBeUndefined();
  });

  it("a deadline already past fails at once without a request", async () => {
    await expect(client.unary({ text: "never" }, { deadline: Date.now() - 1 })).rejects.toMatchObject({ code: Code.DeadlineExceeded });
    expect(reasons.has("never")).toBe(false);
  });

  it("client cancel aborts the handler's signal and resets the stream", async () => {
    const controller = new AbortController();
    const call = client.unary({ text: "cancel-me" }, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    const e = (await call.catch((x: unknown) => x)) as RpcError;
    expect(e.code).toBe(Code.Cancelled);
    const reason = (await reasons.get("cancel-me")) as RpcError;
    expect(reason.code).toBe(Code.Cancelled);
    expect(reason.rawMessage).toBe("the client cancelled the call");
  });

  it("an already aborted signal fails at once", async () => {
    await expect(client.unary({ text: "x" }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: Code.Cancelled });
  });

  it("leaving a server stream early cancels the call on the server", async () => {
    let n = 0;
    for await (const m of client.serverStream({ text: "endless" })) {
      n = m.num;
      if (n === 3) break;
    }
    expect(n).toBe(3);
    expect(((await reasons.get("endless")) as RpcError).code).toBe(Code.Cancelled);
  });

  it("a deadline ends a bidi stream on both sides", async () => {
    async function* forever() {
      yield { text: "a" };
      await new Promise((r) => setTimeout(r, 10_000));
    }
    const got: string[] = [];
    const e = await (async () => {
      for await (const m of client.bidi(forever(), { timeoutMs: 100 })) got.push(m.text);
    })().catch((x: unknown) => x);
    expect(got).toEqual(["a"]);
    expect((e as RpcError).code).toBe(Code.DeadlineExceeded);
    expect([Code.DeadlineExceeded, Code.Cancelled]).toContain(((await reasons.get("bidi")) as RpcError).code);
  });

  it("a signal passed on from a server ctx keeps its code", async () => {
    const parent = new AbortController();
    parent.abort(new RpcError(Code.DeadlineExceeded, "upstream deadline"));
    await expect(client.unary({ text: "x" }, { signal: parent.signal })).rejects.toMatchObject({ code: Code.DeadlineExceeded });
  });
});
