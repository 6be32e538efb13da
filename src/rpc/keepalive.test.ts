import * as net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectionOf, startHarness, type Harness } from "../../test/rpc/harness.js";
import { TestService } from "../../test/rpc/test-service.js";
import { createClient } from "./client.js";
import { createServer, type Server } from "./server.js";

/**
 * Server keepalive: connections are pinged; one that does not answer is
 * closed, one that does stays open and keeps serving.
 */
describe("server keepalive", () => {
  let h: Harness | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await h?.close();
    await server?.close(0);
    h = undefined;
    server = undefined;
  });

  const handlers = {
    unary: (m: { text: string; num: number }) => m,
    serverStream: async function* () {},
    clientStream: async () => ({ text: "", num: 0 }),
    bidi: async function* () {},
  };

  it("closes a connection whose peer never answers a PING", async () => {
    server = createServer({ keepaliveTimeMs: 100, keepaliveTimeoutMs: 100 });
    server.add(TestService, handlers);
    const port = await server.listen("127.0.0.1:0");
    // A peer that says hello (connection preface and an empty SETTINGS
    // frame: RFC 9113 section 3.4) and then never reads or answers anything.
    const socket = net.connect(port, "127.0.0.1");
    socket.write(Buffer.concat([Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])]));
    socket.pause();
    const started = Date.now();
    const closed = await new Promise<boolean>((resolve) => {
      socket.once("close", () => resolve(true));
      setTimeout(() => resolve(false), 5000);
      // Reading nothing, but noticing the FIN: 'end' needs flowing mode, so drain and drop.
      socket.on("end", () => socket.destroy());
      socket.resume();
      socket.on("data", () => {});
    });
    socket.destroy();
    expect(closed).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("keeps a connection that answers, and it keeps serving", async () => {
    h = await startHarness((s) => s.add(TestService, handlers), { keepaliveTimeMs: 50, keepaliveTimeoutMs: 200 });
    const client = createClient(TestService, h.channel);
    expect(await client.unary({ text: "a", num: 1 })).toEqual({ text: "a", num: 1 });
    const connection = connectionOf(h.channel);
    await new Promise((r) => setTimeout(r, 600)); // a dozen pings, all answered by the client's transport
    expect(connection.closed).toBe(false);
    expect(await client.unary({ text: "b", num: 2 })).toEqual({ text: "b", num: 2 });
    expect(connectionOf(h.channel)).toBe(connection);
  });
});
