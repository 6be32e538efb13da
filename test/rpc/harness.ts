/**
 * Starts a server on 127.0.0.1:0 and a channel to it, and tears both down.
 * Raw node:http2 helpers send what a well-behaved client never would.
 */
import type { FlowControlView } from "../../src/http2/connection/connection.js";
import type { ClientConnection } from "../../src/transport/types.js";
import type { NodeHttp2ClientConnection } from "../../src/transport/node-http2/client.js";
import { WiregrpcClientConnection } from "../../src/transport/wiregrpc/client.js";
import * as http2 from "node:http2";
import { connect, type Channel, type ConnectOptions } from "../../src/rpc/channel.js";
import { createServer, type Server, type ServerOptions } from "../../src/rpc/server.js";

export interface Harness {
  server: Server;
  port: number;
  channel: Channel;
  close(): Promise<void>;
}

export async function startHarness(setup: (server: Server) => void, serverOptions?: ServerOptions, connectOptions?: ConnectOptions): Promise<Harness> {
  const server = createServer(serverOptions);
  setup(server);
  const port = await server.listen("127.0.0.1:0");
  let channel: Channel;
  try {
    channel = connect(`http://127.0.0.1:${port}`, connectOptions);
  } catch (e) {
    await server.close(0);
    throw e;
  }
  return {
    server,
    port,
    channel,
    async close() {
      await channel.close();
      await server.close(0);
    },
  };
}

export interface RawResponse {
  headers: http2.IncomingHttpHeaders & http2.IncomingHttpStatusHeader;
  trailers: http2.IncomingHttpHeaders | undefined;
  data: Buffer;
  rstCode: number | undefined;
}

/**
 * Sends one raw request and collects everything that comes back.
 * `body` chunks are written in order; `end: false` leaves the stream open
 * (it is then closed with CANCEL once the response is complete).
 */
export function rawRequest(
  port: number,
  headers: http2.OutgoingHttpHeaders,
  body: readonly Uint8Array[] = [],
  end = true,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on("error", reject);
    const stream = session.request({ ":method": "POST", "content-type": "application/grpc", te: "trailers", ...headers });
    let responseHeaders: RawResponse["headers"] | undefined;
    let trailers: http2.IncomingHttpHeaders | undefined;
    const chunks: Buffer[] = [];
    stream.on("response", (h) => (responseHeaders = h));
    stream.on("trailers", (t) => (trailers = t));
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("error", () => {});
    stream.on("close", () => {
      session.close();
      resolve({ headers: responseHeaders ?? ({} as RawResponse["headers"]), trailers, data: Buffer.concat(chunks), rstCode: stream.rstCode });
    });
    for (const chunk of body) stream.write(chunk);
    if (end) stream.end();
  });
}

/** The status of a raw response: from trailers, or from the headers of a Trailers-Only answer. */
export function rawStatus(res: RawResponse): { code: number; message: string | undefined } {
  const source = res.trailers?.["grpc-status"] !== undefined ? res.trailers : res.headers;
  return {
    code: Number(source["grpc-status"]),
    message: source["grpc-message"] === undefined ? undefined : decodeURIComponent(String(source["grpc-message"])),
  };
}

/** A bare node:http2 server answering every stream with `onStream`, to play a broken or hostile peer. */
export async function rawServer(
  onStream: (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders) => void,
): Promise<{ port: number; sessionCount(): number; dropSessions(): void; close(): Promise<void> }> {
  const server = http2.createServer();
  let count = 0;
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on("session", (s) => {
    count++;
    sessions.add(s);
    s.on("error", () => {});
    s.on("close", () => sessions.delete(s));
  });
  server.on("stream", (stream, headers) => {
    stream.on("error", () => {});
    onStream(stream, headers);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    sessionCount: () => count,
    /** Closes every connection (GOAWAY, then close), as a restarting proxy would. */
    dropSessions: () => {
      for (const s of sessions) s.close();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The transport connection under a channel's current session. */
export function connectionOf(channel: Channel): ClientConnection {
  return channel.session()["connection"];
}

/**
 * The flow-control books of a channel's current connection, read from
 * whichever transport runs under it: the stream window each side advertised
 * and each direction's connection window now.
 */
export function flowControlOf(channel: Channel): FlowControlView {
  const connection: unknown = channel.session()["connection"];
  if (connection instanceof WiregrpcClientConnection) return connection["connection"].flowControl;
  const session = (connection as NodeHttp2ClientConnection)["session"];
  return {
    peerStreamWindow: session.remoteSettings.initialWindowSize ?? 65_535,
    sendWindow: session.state.remoteWindowSize ?? 0,
    localStreamWindow: session.localSettings.initialWindowSize ?? 65_535,
    receiveWindow: session.state.localWindowSize ?? 0,
  };
}

/**
 * The node:http2 session under a channel's current connection, for tests that
 * read node's own view of settings and windows (node:http2 transport only).
 */
export function nodeSessionOf(channel: Channel): import("node:http2").ClientHttp2Session {
  const connection = channel.session()["connection"] as NodeHttp2ClientConnection;
  return connection["session"];
}
