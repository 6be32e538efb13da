import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_TRANSPORT } from "../transport/create.js";
import { flowControlOf, startHarness, type Harness } from "../../test/rpc/harness.js";
import { TestService } from "../../test/rpc/test-service.js";
import { DEFAULT_CONNECTION_WINDOW_SIZE, DEFAULT_STREAM_WINDOW_SIZE } from "../grpc/flow-control.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import { createServer } from "./server.js";

/**
 * Flow-control windows (RFC 9113 section 6.9): both sides advertise a 1 MiB
 * stream window and open a 4 MiB connection window unless told otherwise,
 * and big messages cross in both directions.
 */
describe("flow-control windows", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  const echo = (server: Parameters<Parameters<typeof startHarness>[0]>[0]): void => {
    server.add(TestService, {
      unary: (m) => m,
      serverStream: async function* () {},
      clientStream: async () => ({ text: "", num: 0 }),
      bidi: async function* () {},
    });
  };

  /** Waits until `check` holds (settings and WINDOW_UPDATEs arrive after the first call). */
  async function eventually(check: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  }

  it("advertises the default windows on both sides", async () => {
    h = await startHarness(echo);
    const client = createClient(TestService, h.channel);
    await client.unary({ text: "hi" });
    // The server's SETTINGS: its stream window. Its WINDOW_UPDATE on stream 0: our send window.
    await eventually(() => flowControlOf(h!.channel).sendWindow > 65_535);
    const books = flowControlOf(h.channel);
    expect(books.peerStreamWindow).toBe(DEFAULT_STREAM_WINDOW_SIZE);
    expect(books.sendWindow).toBeGreaterThan(DEFAULT_CONNECTION_WINDOW_SIZE - 1024);
    // Ours, as the server sees them: our SETTINGS and our connection window.
    expect(books.localStreamWindow).toBe(DEFAULT_STREAM_WINDOW_SIZE);
    expect(books.receiveWindow).toBeGreaterThan(DEFAULT_CONNECTION_WINDOW_SIZE - 1024);
  });

  it("takes other window sizes from the options", async () => {
    h = await startHarness(echo, { streamWindowSize: 65_535, connectionWindowSize: 65_535 }, { streamWindowSize: 200_000, connectionWindowSize: 300_000 });
    const client = createClient(TestService, h.channel);
    await client.unary({ text: "hi" });
    await eventually(() => flowControlOf(h!.channel).receiveWindow > 65_535);
    const books = flowControlOf(h.channel);
    expect(books.peerStreamWindow).toBe(65_535);
    expect(books.localStreamWindow).toBe(200_000);
    expect(books.receiveWindow).toBeGreaterThan(300_000 - 1024);
  });

  it.skipIf(DEFAULT_TRANSPORT !== "wiregrpc")("takes our engine's limits by name (http2Limits), over the options", async () => {
    h = await startHarness(echo, { http2Limits: { streamWindowSize: 70_000 } }, { streamWindowSize: 200_000, http2Limits: { streamWindowSize: 90_000 } });
    await createClient(TestService, h.channel).unary({ text: "hi" });
    const books = flowControlOf(h.channel);
    expect(books.peerStreamWindow).toBe(70_000);
    expect(books.localStreamWindow).toBe(90_000);
  });

  it("carries 8 MiB messages both ways, with large and with protocol-default windows", async () => {
    const text = "x".repeat(8 * 1024 * 1024);
    for (const windows of [{}, { streamWindowSize: 65_535, connectionWindowSize: 65_535 }]) {
      h = await startHarness(echo, { maxReceiveMessageSize: 16 << 20, ...windows }, { maxReceiveMessageSize: 16 << 20, ...windows });
      const reply = await createClient(TestService, h.channel).unary({ text, num: 1 });
      expect(reply.text.length).toBe(text.length);
      expect(reply.num).toBe(1);
      await h.close();
      h = undefined;
    }
  });

  it("rejects window sizes HTTP/2 cannot carry", () => {
    for (const bad of [0, 65_534, 2 ** 31, 1.5, Number.NaN]) {
      expect(() => createServer({ streamWindowSize: bad })).toThrow(RangeError);
      expect(() => createServer({ connectionWindowSize: bad })).toThrow(RangeError);
      expect(() => connect("http://127.0.0.1:1", { streamWindowSize: bad })).toThrow(RangeError);
      expect(() => connect("http://127.0.0.1:1", { connectionWindowSize: bad })).toThrow(RangeError);
    }
  });
});
