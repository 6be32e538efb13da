// The socket shells: an HTTP/2 server and client on node:net (h2c with prior
// knowledge, RFC 9113 §3.3) and node:tls (ALPN "h2", §3.2), the hook for
// connections that are not HTTP/2, and sockets that never finish a handshake.
import { readFileSync } from "node:fs";
import { connect as netConnect, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import type { Http2Connection } from "../connection/connection.js";
import type { Http2Stream } from "../connection/stream.js";
import { findHeader } from "../headers.js";
import { connectHttp2 } from "./client.js";
import { Http2Server, type Http2ServerOptions } from "./server.js";

const pem = (name: string): Buffer => readFileSync(new URL(`../../../test/rpc/tls/${name}`, import.meta.url));

/** Answers "hello <request body>" with a trailer. */
function hello(stream: Http2Stream): void {
  const chunks: Uint8Array[] = [];
  stream.attach({
    onData: (c) => void chunks.push(c),
    onEnd: () => {
      stream.respond({ ":status": "200", "content-type": "text/plain" }, false);
      stream.end(Buffer.from(`hello ${Buffer.concat(chunks).toString()}`), { "x-done": "1" });
    },
    onDrain() {},
    onClose() {},
  });
}

/** One POST on `connection`: status, body and trailers. */
function post(connection: Http2Connection, body: string): Promise<{ status: string | undefined; body: string; trailer: string | undefined }> {
  return new Promise((resolve, reject) => {
    let status: string | undefined;
    let trailer: string | undefined;
    const chunks: Uint8Array[] = [];
    const stream = connection.request(
      { ":method": "POST", ":path": "/x" },
      {
        onResponse: (h) => void (status = findHeader(h, ":status")),
        onData: (c) => void chunks.push(c),
        onTrailers: (t) => void (trailer = findHeader(t, "x-done")),
        onEnd() {},
        onDrain() {},
        onClose: (_code, error) => (error === undefined ? resolve({ status, body: Buffer.concat(chunks).toString(), trailer }) : reject(error)),
      },
    );
    stream.end(Buffer.from(body));
  });
}

const servers: Http2Server[] = [];
async function serve(options: Partial<Http2ServerOptions> = {}): Promise<{ server: Http2Server; port: number }> {
  const server = new Http2Server({ onStream: hello, ...options });
  servers.push(server);
  return { server, port: await server.listen("127.0.0.1", 0) };
}

afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.destroy();
    await s.shutdown();
  }
});

function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves with everything the peer sent once it closed (or ended) its side. */
function readToEnd(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.once("end", () => resolve(Buffer.concat(chunks)));
    socket.once("close", () => resolve(Buffer.concat(chunks)));
  });
}

describe("server and client", () => {
  it("h2c with prior knowledge: a request, its response and trailers, then a graceful close", async () => {
    const { server, port } = await serve();
    const { connection } = connectHttp2({ origin: `http://127.0.0.1:${port}` });
    expect(await post(connection, "world")).toEqual({ status: "200", body: "hello world", trailer: "1" });
    expect(server.connections).toBe(1);
    connection.close();
    await server.shutdown();
    expect(server.connections).toBe(0);
  });

  it("TLS with ALPN h2, trusting a private CA", async () => {
    const { port } = await serve({ tls: { key: pem("server.key"), cert: pem("server.crt") } });
    const { connection } = connectHttp2({ origin: `https://127.0.0.1:${port}`, tls: { ca: pem("ca.crt") } });
    expect(await post(connection, "tls")).toEqual({ status: "200", body: "hello tls", trailer: "1" });
    connection.close();
  });

  it("a TLS server that does not agree to h2: the client fails, naming ALPN", async () => {
    const tls = createTlsServer({ key: pem("server.key"), cert: pem("server.crt"), ALPNProtocols: ["http/1.1"] }, (s) => s.end());
    await new Promise<void>((r) => tls.listen(0, "127.0.0.1", r));
    const port = (tls.address() as { port: number }).port;
    const { connection } = connectHttp2({ origin: `https://127.0.0.1:${port}`, tls: { ca: pem("ca.crt") } });
    await expect(post(connection, "x")).rejects.toThrow(/no application protocol|did not agree to HTTP\/2/);
    await new Promise<void>((r) => tls.close(() => r()));
  });

  it("a connection that is not HTTP/2 goes to onOtherProtocol with the bytes already read", async () => {
    let seen = "";
    const { port } = await serve({
      onOtherProtocol: (socket, first) => {
        seen = Buffer.from(first).toString();
        socket.end("HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n");
      },
    });
    const socket = await openSocket(port);
    const reply = readToEnd(socket);
    socket.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n");
    expect((await reply).toString()).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(seen).toMatch(/^GET \/ HTTP\/1\.1/);
    socket.destroy();
  });

  it("without the hook, such a connection gets GOAWAY PROTOCOL_ERROR and is closed (RFC 9113 §3.4)", async () => {
    const { server, port } = await serve();
    const socket = await openSocket(port);
    const reply = readToEnd(socket);
    socket.write("GET / HTTP/1.1\r\nhost: x\r\n\r\n");
    const bytes = await reply;
    // The server's SETTINGS, then GOAWAY (type 7) with PROTOCOL_ERROR (1).
    const goaway = bytes.indexOf(Buffer.from([0x07, 0x00, 0x00, 0x00, 0x00, 0x00]));
    expect(goaway).toBeGreaterThan(0);
    expect(bytes.readUInt32BE(goaway + 10)).toBe(1);
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.connections).toBe(0);
  });
});

describe("sockets that never finish their handshake", () => {
  it("a silent plaintext connection is closed at the handshake timeout", async () => {
    const { server, port } = await serve({ limits: { handshakeTimeoutMs: 300 } });
    const socket = await openSocket(port);
    const started = Date.now();
    await readToEnd(socket);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    expect(server.connections).toBe(0);
  });

  it("TLS: a silent connection is closed at the handshake timeout, and one closed mid-handshake does not hold up shutdown", async () => {
    const { server, port } = await serve({ tls: { key: pem("server.key"), cert: pem("server.crt") }, limits: { handshakeTimeoutMs: 300 } });
    const silent = await openSocket(port);
    const started = Date.now();
    await readToEnd(silent);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    silent.destroy();
    // A client that half-closes before its handshake: nothing keeps its socket open.
    const quitter = await openSocket(port);
    const gone = readToEnd(quitter);
    quitter.end();
    await gone;
    const t = Date.now();
    await server.shutdown();
    expect(Date.now() - t).toBeLessThan(250);
  });
});
