import { readFileSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import { connect } from "./channel.js";
import { createClient } from "./client.js";
import type { RpcError } from "./rpc-error.js";
import { createServer, type Server } from "./server.js";

const pem = (name: string): Buffer => readFileSync(new URL(`../../test/rpc/tls/${name}`, import.meta.url));

const handlers = {
  async unary(req: { text: string }, ctx: { peer: string }) {
    return { text: `${req.text} via ${ctx.peer.split(":")[0]}` };
  },
  async *serverStream() {},
  async clientStream() {
    return {};
  },
  async *bidi() {},
};

/** TLS with ALPN h2, and mutual TLS, configured with plain node:tls options. */
describe("TLS", () => {
  let tlsServer: Server;
  let mtlsServer: Server;
  let tlsPort: number;
  let mtlsPort: number;

  beforeAll(async () => {
    tlsServer = createServer({ tls: { key: pem("server.key"), cert: pem("server.crt") } }).add(TestService, handlers);
    tlsPort = await tlsServer.listen("127.0.0.1:0");
    mtlsServer = createServer({
      tls: { key: pem("server.key"), cert: pem("server.crt"), ca: pem("ca.crt"), requestCert: true, rejectUnauthorized: true },
    }).add(TestService, handlers);
    mtlsPort = await mtlsServer.listen("127.0.0.1:0");
  });
  afterAll(async () => {
    await tlsServer.close(0);
    await mtlsServer.close(0);
  });

  it("calls over TLS with a private CA", async () => {
    const channel = connect(`https://127.0.0.1:${tlsPort}`, { tls: { ca: pem("ca.crt") } });
    try {
      expect(await createClient(TestService, channel).unary({ text: "hi" })).toEqual({ text: "hi via 127.0.0.1", num: 0 });
    } finally {
      await channel.close();
    }
  });

  it("an untrusted server certificate -> UNAVAILABLE naming the reason", async () => {
    const channel = connect(`https://127.0.0.1:${tlsPort}`);
    try {
      const e = (await createClient(TestService, channel).unary({}).catch((x: unknown) => x)) as RpcError;
      expect(e.code).toBe(Code.Unavailable);
      expect(e.rawMessage).toMatch(/certificate/i);
    } finally {
      await channel.close();
    }
  });

  it("a plaintext client against a TLS server fails clearly", async () => {
    const channel = connect(`http://127.0.0.1:${tlsPort}`, { connectTimeoutMs: 2000 });
    try {
      const e = (await createClient(TestService, channel).unary({}, { timeoutMs: 3000 }).catch((x: unknown) => x)) as RpcError;
      expect([Code.Unavailable, Code.Internal, Code.DeadlineExceeded]).toContain(e.code);
    } finally {
      await channel.close();
    }
  });

  it("mutual TLS: a client certificate signed by the CA is accepted", async () => {
    const channel = connect(`https://127.0.0.1:${mtlsPort}`, {
      tls: { ca: pem("ca.crt"), cert: pem("client.crt"), key: pem("client.key") },
    });
    try {
      expect((await createClient(TestService, channel).unary({ text: "m" })).text).toBe("m via 127.0.0.1");
    } finally {
      await channel.close();
    }
  });

  it("mutual TLS: a client without a certificate is refused -> UNAVAILABLE", async () => {
    const channel = connect(`https://127.0.0.1:${mtlsPort}`, { tls: { ca: pem("ca.crt") } });
    try {
      const e = (await createClient(TestService, channel).unary({}).catch((x: unknown) => x)) as RpcError;
      expect(e.code).toBe(Code.Unavailable);
    } finally {
      await channel.close();
    }
  });

  it("a TLS connection that never finishes its handshake is closed at the handshake timeout", async () => {
    const server = createServer({ tls: { key: pem("server.key"), cert: pem("server.crt") }, handshakeTimeoutMs: 300 }).add(TestService, handlers);
    const port = await server.listen("127.0.0.1:0");
    try {
      const socket = netConnect({ host: "127.0.0.1", port });
      socket.on("error", () => {});
      const started = Date.now();
      await new Promise((resolve) => socket.once("close", resolve).resume());
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(250);
      expect(took).toBeLessThan(3000);
    } finally {
      await server.close(0);
    }
  });
});
