// Latency under overload: calls with a deadline end by their deadline
// (DEADLINE_EXCEEDED, or OK in time) however busy the server is, handlers
// never start for calls already expired, and nothing is left behind.
//
// A CPU-bound handler blocks the event loop of the process it runs in, and
// with it every timer there; so the saturated server runs here (it is what
// is tested) and its clients run in a child process, whose clock and timers
// the server cannot hold up. The async-handler cases run both sides here.
import { spawn } from "node:child_process";
import * as http2 from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, rawStatus } from "../../test/rpc/harness.js";
import { TestService } from "../../test/rpc/test-service.js";
import { echoBytes } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import type { ServerCallContext } from "./call-context.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import { RpcError } from "./rpc-error.js";
import { createServer, type Server } from "./server.js";

/** Keeps the CPU busy for `ms` (the event loop is blocked meanwhile). */
function burn(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

const noStreams = {
  async *serverStream() {},
  async clientStream() {
    return {};
  },
  async *bidi() {},
};

/** Live timers of this process (deadline timers are ones). */
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

/** Resolves once `server.close(5000)` has resolved, with how long it took (long if a call were left running). */
async function closeTime(server: Server): Promise<number> {
  const start = performance.now();
  await server.close(5000);
  return performance.now() - start;
}

interface Outcome {
  /** grpc-status, or -1 if the stream ended without one. */
  status: number;
  /** From the request to the status, measured by the client. */
  ms: number;
  /** DATA bytes received (a response message is 5 + its length). */
  data: number;
  /** grpc-message as received (percent-encoded, which leaves plain text as it is). */
  message: string;
}

/**
 * A raw node:http2 client in a child process: sends `count` unary calls to
 * /test.Test/Unary at `rate` per second on one connection, each with
 * grpc-timeout `timeoutMs` and the request text `text`. It never cancels:
 * whatever ends a call is the server's doing. Resolves with each call's outcome.
 */
function childClient(port: number, count: number, rate: number, timeoutMs: number, text: string): Promise<Outcome[]> {
  const program = `
    const http2 = require("node:http2");
    const [port, count, rate, timeoutMs] = process.argv.slice(1).map(Number);
    const body = Buffer.from(${JSON.stringify([...encodeEnvelope(echoBytes(text))])});
    const session = http2.connect("http://127.0.0.1:" + port);
    session.on("error", (e) => { console.error(e); process.exit(1); });
    const results = [];
    let done = 0;
    function send(i) {
      const t0 = performance.now();
      const st = session.request({ ":method": "POST", ":path": "/test.Test/Unary", "content-type": "application/grpc",
        te: "trailers", "grpc-timeout": timeoutMs + "m" });
      let status = -1;
      let data = 0;
      let message = "";
      st.on("response", (h) => { if (h["grpc-status"] !== undefined) { status = Number(h["grpc-status"]); message = h["grpc-message"] ?? ""; } });
      st.on("trailers", (t) => { status = Number(t["grpc-status"]); message = t["grpc-message"] ?? ""; });
      st.on("data", (c) => { data += c.length; });
      st.on("error", () => {});
      st.on("close", () => {
        results[i] = { status, ms: performance.now() - t0, data, message };
        if (++done === count) { console.log(JSON.stringify(results)); session.close(); }
      });
      st.end(body);
    }
    session.on("connect", () => {
      const start = performance.now();
      let sent = 0;
      const timer = setInterval(() => {
        const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
        while (sent < due) send(sent++);
        if (sent === count) clearInterval(timer);
      }, 1);
    });`;
  const child = spawn(process.execPath, ["-e", program, String(port), String(count), String(rate), String(timeoutMs)], {
    stdio: ["ignore", "pipe", "inherit"],
    timeout: 30_000,
  });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(out) as Outcome[]);
      else reject(new Error(`the client process exited with ${code}`));
    });
  });
}

describe("a server saturated by a CPU-bound handler (clients in a child process)", () => {
  const BURN_MS = 10; // capacity: about 100 calls per second
  const TIMEOUT_MS = 100;
  let server: Server;
  let port: number;
  const started: { expired: boolean; text: string }[] = [];

  beforeAll(async () => {
    server = createServer();
    server.add(TestService, {
      unary(req, ctx) {
        started.push({ expired: ctx.deadline !== undefined && Date.now() >= ctx.deadline, text: req.text });
        if (req.text === "burn") burn(BURN_MS);
        return { text: req.text };
      },
      ...noStreams,
    });
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close(0));

  it("offered 3x its capacity, answers every call by its deadline, and never starts a handler for an expired call", async () => {
    const outcomes = await childClient(port, 150, 300, TIMEOUT_MS, "burn");
    const ok = outcomes.filter((o) => o.status === Code.Ok);
    const expired = outcomes.filter((o) => o.status === Code.DeadlineExceeded);
    // Only two outcomes: served in time, or DEADLINE_EXCEEDED; nothing reset, nothing else.
    expect(ok.length + expired.length).toBe(outcomes.length);
    // It kept serving what it could (about a third when it has a core to itself), and turned the rest away.
    expect(ok.length).toBeGreaterThan(0);
    expect(expired.length).toBeGreaterThan(50);
    // A response comes within the deadline, counted from when the server read the request;
    // a refusal at the latest shortly after it (the server's timers only run between
    // handlers). Queueing without bound would answer the last calls a second or more late.
    // On an idle machine every call ends within about TIMEOUT_MS + 30; the margins are for
    // one short of CPU (this client's clock starts before the server reads the request).
    for (const o of ok) {
      expect(o.data).toBeGreaterThan(0);
      expect(o.ms).toBeLessThan(TIMEOUT_MS + 400);
    }
    for (const o of expired) {
      expect(o.data).toBe(0);
      expect(o.ms).toBeLessThan(TIMEOUT_MS + 450);
    }
    // Calls that could not be served in time were refused as they arrived, not left to wait
    // for their deadline: most of them on an idle machine, fewer when the server process gets
    // little CPU and finds many requests expired by the time it reads them.
    const refused = expired.filter((o) => o.message.startsWith("the server is too busy"));
    expect(refused.length).toBeGreaterThan(expired.length / 4);
    // The handler ran only for calls still alive, and not for every call.
    expect(started.filter((s) => s.expired)).toEqual([]);
    expect(started.length).toBeLessThan(outcomes.length);
    expect(started.length).toBeGreaterThanOrEqual(ok.length);
  }, 30_000);

  it("keeps serving afterwards, with no call or timer left behind", async () => {
    const before = timers();
    const [outcome] = await childClient(port, 1, 1, 60_000, "after");
    expect(outcome!.status).toBe(Code.Ok);
    const res = await rawRequest(port, { ":path": "/test.Test/Unary" }, [encodeEnvelope(echoBytes("no deadline"))]);
    expect(rawStatus(res).code).toBe(Code.Ok);
    expect(timers()).toBeLessThanOrEqual(before);
    expect(await closeTime(server)).toBeLessThan(1000);
  }, 30_000);
});

describe("deadlines behind a busy event loop", () => {
  let server: Server;
  let port: number;
  const ran: string[] = [];
  const signals = new Map<string, { aborted: boolean; code: Code | undefined }>();

  beforeAll(async () => {
    server = createServer();
    server.add(TestService, {
      unary(req, ctx) {
        ran.push(req.text);
        if (req.text === "hog") burn(150);
        if (req.text === "late") {
          burn(120); // past the 50 ms deadline; its timer cannot fire meanwhile
          const reason: unknown = ctx.signal.reason;
          signals.set(req.text, { aborted: ctx.signal.aborted, code: reason instanceof RpcError ? reason.code : undefined });
        }
        return { text: req.text };
      },
      async *serverStream(req, ctx) {
        ran.push(req.text);
        yield { text: "before" };
        burn(120); // past the deadline
        signals.set(req.text, { aborted: ctx.signal.aborted, code: undefined });
        yield { text: "after" };
      },
      async clientStream(requests) {
        ran.push("client stream");
        for await (const _ of requests) {
          // drain
        }
        return {};
      },
      async *bidi() {
        ran.push("bidi hog");
        burn(150);
      },
    });
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close(0));

  /** Sends several raw calls on one connection in one go (one socket write, read by the server in one go). */
  function together(calls: { path: string; timeout?: string; text: string; end?: boolean }[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      const session = http2.connect(`http://127.0.0.1:${port}`);
      session.on("error", reject);
      const codes: number[] = [];
      let done = 0;
      session.on("connect", () => {
        calls.forEach((call, i) => {
          const headers: http2.OutgoingHttpHeaders = { ":method": "POST", ":path": call.path, "content-type": "application/grpc", te: "trailers" };
          if (call.timeout !== undefined) headers["grpc-timeout"] = call.timeout;
          const st = session.request(headers);
          st.on("response", (h) => {
            if (h["grpc-status"] !== undefined) codes[i] = Number(h["grpc-status"]);
          });
          st.on("trailers", (t) => (codes[i] = Number(t["grpc-status"])));
          st.on("data", () => {});
          st.on("error", () => {});
          st.on("close", () => {
            if (++done === calls.length) {
              session.close();
              resolve(codes);
            }
          });
          const body = encodeEnvelope(echoBytes(call.text));
          if (call.end === false) st.write(body);
          else st.end(body);
        });
      });
    });
  }

  it("a call whose deadline passes while another handler holds the event loop is answered DEADLINE_EXCEEDED without running its handler", async () => {
    ran.length = 0;
    const codes = await together([
      { path: "/test.Test/Unary", text: "hog" },
      { path: "/test.Test/Unary", timeout: "50m", text: "queued unary" },
      { path: "/test.Test/ServerStream", timeout: "50m", text: "queued stream" },
    ]);
    expect(codes).toEqual([Code.Ok, Code.DeadlineExceeded, Code.DeadlineExceeded]);
    expect(ran).toEqual(["hog"]);
  });

  it("a unary response produced after the deadline is not sent; ctx.signal reads aborted although its timer could not fire", async () => {
    const res = await rawRequest(port, { ":path": "/test.Test/Unary", "grpc-timeout": "50m" }, [encodeEnvelope(echoBytes("late"))]);
    expect(rawStatus(res).code).toBe(Code.DeadlineExceeded);
    expect(res.data.length).toBe(0);
    expect(signals.get("late")).toEqual({ aborted: true, code: Code.DeadlineExceeded });
  });

  it("a server stream ends at the deadline: a message produced after it is not sent", async () => {
    const res = await rawRequest(port, { ":path": "/test.Test/ServerStream", "grpc-timeout": "50m" }, [
      encodeEnvelope(echoBytes("stream past deadline")),
    ]);
    expect(rawStatus(res).code).toBe(Code.DeadlineExceeded);
    // One message ("before": 5-byte prefix + 8 bytes), not two.
    expect(res.data.length).toBe(encodeEnvelope(echoBytes("before")).length);
    expect(signals.get("stream past deadline")?.aborted).toBe(true);
  });

  it("a client-streaming call queued past its deadline never starts its handler", async () => {
    // Request-streaming handlers start with the request headers, in the order the headers arrive.
    ran.length = 0;
    const codes = await together([
      { path: "/test.Test/Bidi", text: "hog" },
      { path: "/test.Test/ClientStream", timeout: "50m", text: "x", end: false },
    ]);
    expect(codes).toEqual([Code.Ok, Code.DeadlineExceeded]);
    expect(ran).toEqual(["bidi hog"]);
  });
});

describe("an async handler waiting for a slow resource", () => {
  it("every call ends by its deadline, expired handlers see ctx.signal abort and give the resource back, and the server keeps serving", async () => {
    // One slot, held 30 ms per call: about 3 calls fit in a 100 ms deadline.
    let busy = false;
    const waiting: (() => void)[] = [];
    async function acquire(signal: AbortSignal): Promise<void> {
      while (busy) {
        await new Promise<void>((resolve, reject) => {
          waiting.push(resolve);
          signal.addEventListener("abort", () => reject(signal.reason), { once: true });
        });
      }
      busy = true;
    }
    function release(): void {
      busy = false;
      for (const wake of waiting.splice(0)) wake(); // they check again; aborted ones have left
    }
    const reasons: unknown[] = [];
    let served = 0;
    const server = createServer();
    server.add(TestService, {
      async unary(req, ctx: ServerCallContext) {
        if (req.text === "free") return { text: "free" };
        try {
          await acquire(ctx.signal);
        } catch (e) {
          reasons.push(e);
          throw e;
        }
        try {
          await new Promise((r) => setTimeout(r, 30));
          served++;
          return { text: "served" };
        } finally {
          release();
        }
      },
      ...noStreams,
    });
    const port = await server.listen("127.0.0.1:0");
    const channel = connect(`http://127.0.0.1:${port}`);
    const client = createClient(TestService, channel);
    await client.unary({ text: "free" }); // connected
    const before = timers();

    const start = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () =>
        client.unary({ text: "slow" }, { timeoutMs: 100 }).then(
          () => ({ code: Code.Ok, ms: performance.now() - start }),
          (e: RpcError) => ({ code: e.code, ms: performance.now() - start }),
        ),
      ),
    );
    // At most what the slot can serve in 100 ms (fewer if this machine is short of CPU).
    const ok = outcomes.filter((o) => o.code === Code.Ok);
    expect(ok.length).toBeLessThanOrEqual(4);
    expect(outcomes.filter((o) => o.code === Code.DeadlineExceeded).length).toBe(20 - ok.length);
    for (const o of outcomes) expect(o.ms).toBeLessThan(100 + 300); // margin for a machine short of CPU

    // The server side of each expired call: its signal aborted with DEADLINE_EXCEEDED (or
    // CANCELLED when the client's own deadline reset the stream first), and the waiters left.
    for (let waited = 0; reasons.length < 20 - served && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(reasons.length).toBe(20 - served);
    for (const reason of reasons) expect([Code.DeadlineExceeded, Code.Cancelled]).toContain((reason as RpcError).code);
    expect(busy).toBe(false);

    expect((await client.unary({ text: "free" })).text).toBe("free");
    expect(timers()).toBeLessThanOrEqual(before);
    await channel.close();
    expect(await closeTime(server)).toBeLessThan(1000);
  });
});
