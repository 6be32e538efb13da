// server.onClose / server.isClosing: the hook services (health) use to learn
// that the server is shutting down before its connections go away.
import { describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import { createServer } from "./server.js";

describe("server.onClose", () => {
  it("runs listeners once, synchronously, when close() is first called", async () => {
    const server = createServer();
    const seen: string[] = [];
    server.onClose(() => seen.push("a"));
    server.onClose(() => seen.push("b"));
    expect(server.isClosing).toBe(false);
    const closing = server.close();
    expect(seen).toEqual(["a", "b"]);
    expect(server.isClosing).toBe(true);
    await closing;
    await server.close();
    expect(seen).toEqual(["a", "b"]);
  });

  it("a removed listener is not called; one added after close runs at once", async () => {
    const server = createServer();
    let removed = 0;
    const remove = server.onClose(() => removed++);
    remove();
    await server.close();
    expect(removed).toBe(0);
    let late = 0;
    server.onClose(() => late++);
    expect(late).toBe(1);
  });

  it("a throwing listener does not stop the shutdown or the other listeners", async () => {
    const server = createServer();
    let after = 0;
    server.onClose(() => {
      throw new Error("boom");
    });
    server.onClose(() => after++);
    await server.listen("127.0.0.1:0");
    await server.close();
    expect(after).toBe(1);
  });

  it("runs before running calls are drained, so a streaming handler can still send", async () => {
    const server = createServer();
    const stop = new AbortController();
    server.onClose(() => stop.abort());
    server.add(TestService, {
      unary: () => ({}),
      async *serverStream() {
        yield { text: "first" };
        await new Promise((r) => stop.signal.addEventListener("abort", r));
        yield { text: "closing" };
      },
      clientStream: () => ({}),
      async *bidi() {},
    });
    const port = await server.listen("127.0.0.1:0");
    const channel = connect(`http://127.0.0.1:${port}`);
    const got: string[] = [];
    const reading = (async () => {
      for await (const m of createClient(TestService, channel).serverStream({})) {
        got.push(m.text);
        if (got.length === 1) void server.close(10_000);
      }
    })();
    const started = Date.now();
    await reading;
    await server.close();
    expect(got).toEqual(["first", "closing"]);
    // The stream ended by itself: close() did not wait for its grace period.
    expect(Date.now() - started).toBeLessThan(5000);
    await channel.close();
  });
});
