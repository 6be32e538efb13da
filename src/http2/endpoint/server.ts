/**
 * An HTTP/2 server on node:net (h2c with prior knowledge, RFC 9113 §3.3)
 * or node:tls (ALPN "h2", §3.2): it accepts sockets, gives each an
 * Http2Connection, and hands the streams clients open to `onStream`.
 *
 * A connection that turns out not to be HTTP/2 (plaintext whose first
 * bytes are not the client preface, or TLS that negotiated "http/1.1") goes
 * to `onOtherProtocol` when one is given, with the bytes already read; that
 * is where gRPC-Web and Connect over HTTP/1.1 come in. Without the hook it
 * is answered as HTTP/2 would: GOAWAY PROTOCOL_ERROR.
 */
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from "node:net";
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from "node:tls";
import { Http2Connection } from "../connection/connection.js";
import { resolveLimits, type Http2Limits } from "../connection/limits.js";
import type { Http2Stream } from "../connection/stream.js";
import { CLIENT_PREFACE, matchClientPreface } from "../frame/preface.js";
import type { OutgoingHeaders } from "../headers.js";
import { SocketHost } from "./socket-host.js";

export interface Http2ServerOptions {
  /** Serve TLS with these node:tls options (certificate, key, ...); plaintext without. */
  readonly tls?: TlsOptions | undefined;
  readonly limits?: Partial<Http2Limits> | undefined;
  /** The response to a request whose header list is over the limit (default HTTP 431). */
  readonly headerListTooLarge?: OutgoingHeaders | undefined;
  /** A client opened a stream: call stream.attach() at once to read its request. */
  readonly onStream: (stream: Http2Stream, endStream: boolean, connection: Http2Connection) => void;
  /** A new HTTP/2 connection (after the protocol is known). */
  readonly onConnection?: ((connection: Http2Connection) => void) | undefined;
  /** A connection closed. */
  readonly onConnectionClose?: ((connection: Http2Connection, error: Error | undefined) => void) | undefined;
  /** A connection that is not HTTP/2; `firstBytes` were read from it already. Without it: GOAWAY PROTOCOL_ERROR. */
  readonly onOtherProtocol?: ((socket: Socket, firstBytes: Uint8Array) => void) | undefined;
}

export class Http2Server {
  readonly limits: Http2Limits;
  private readonly options: Http2ServerOptions;
  private readonly listeners: NetServer[] = [];
  private readonly live = new Set<Http2Connection>();
  /** Sockets not yet known to be HTTP/2 (TLS handshake, preface sniffing), so shutdown can close them too. */
  private readonly pending = new Set<Socket>();
  /** TLS server: raw sockets still in their handshake, by remote address and port (what ties one to its TLSSocket). */
  private readonly handshakes = new Map<string, Socket>();
  private shuttingDown = false;

  constructor(options: Http2ServerOptions) {
    this.options = options;
    this.limits = resolveLimits(options.limits);
  }

  /** Open HTTP/2 connections. */
  get connections(): number {
    return this.live.size;
  }

  /** Binds `host`:`port` (0: any free port) and resolves with the port bound. */
  async listen(host: string | undefined, port: number): Promise<number> {
    const tls = this.options.tls;
    const server =
      tls === undefined
        ? createNetServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.accept(socket))
        : createTlsServer(
            {
              ...tls,
              allowHalfOpen: true,
              ALPNProtocols: this.options.onOtherProtocol === undefined ? ["h2"] : ["h2", "http/1.1"],
              handshakeTimeout: this.limits.handshakeTimeoutMs,
            },
            (socket) => this.acceptTls(socket),
          );
    // A client that fails its TLS handshake (or does not finish it in time) is its own problem:
    // its socket is closed, and the server goes on.
    server.on("tlsClientError", (_error: Error, socket: Socket) => socket.destroy());
    if (tls !== undefined) server.on("connection", (raw: Socket) => this.handshaking(raw));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", noop);
    this.listeners.push(server);
    return (server.address() as AddressInfo).port;
  }

  /**
   * Stops listening and closes every connection gracefully (GOAWAY, the
   * streams in flight finish). Resolves once the listeners are closed.
   */
  shutdown(): Promise<void> {
    this.shuttingDown = true;
    const closed = this.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve())));
    for (const connection of this.live) connection.close();
    for (const socket of this.pending) socket.destroy();
    return Promise.all(closed).then(noop);
  }

  /** Closes every connection now. */
  destroy(): void {
    for (const connection of [...this.live]) connection.destroy(new Error("the server was destroyed"));
    for (const socket of this.pending) socket.destroy();
  }

  private accept(socket: Socket): void {
    if (this.shuttingDown) return void socket.destroy();
    socket.on("error", noop);
    if (this.options.onOtherProtocol === undefined) return this.serve(socket, undefined);
    this.sniff(socket);
  }

  /**
   * A TCP connection of the TLS server, before its handshake is done. It
   * counts as pending, so shutdown closes it; a peer that closes its side
   * now will never finish the handshake (the socket is half-open, and would
   * otherwise wait for the handshake timeout).
   */
  private handshaking(raw: Socket): void {
    const key = socketKey(raw);
    this.handshakes.set(key, raw);
    this.pending.add(raw);
    const forget = (): void => {
      if (this.handshakes.get(key) === raw) this.handshakes.delete(key);
      this.pending.delete(raw);
    };
    raw.once("close", forget);
    raw.once("end", () => {
      if (this.handshakes.get(key) === raw) raw.destroy();
    });
  }

  private acceptTls(socket: TLSSocket): void {
    // The handshake is done: the raw socket under it is this connection's now.
    const raw = this.handshakes.get(socketKey(socket));
    if (raw !== undefined) {
      this.handshakes.delete(socketKey(socket));
      this.pending.delete(raw);
    }
    if (this.shuttingDown) return void socket.destroy();
    socket.on("error", noop);
    const alpn = socket.alpnProtocol;
    // No ALPN at all: a client that knows it speaks HTTP/2 (prior knowledge over TLS).
    if (alpn === "h2" || alpn === false || this.options.onOtherProtocol === undefined) return this.serve(socket, undefined);
    this.options.onOtherProtocol(socket, new Uint8Array(0));
  }

  /**
   * Reads until the first bytes either are the client preface so far (HTTP/2)
   * or differ from it (another protocol), within the handshake timeout.
   */
  private sniff(socket: Socket): void {
    this.pending.add(socket);
    let read = new Uint8Array(0);
    const timer = setTimeout(() => socket.destroy(), this.limits.handshakeTimeoutMs);
    timer.unref();
    const done = (): void => {
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("close", onClose);
      this.pending.delete(socket);
    };
    const onClose = (): void => done();
    const onData = (chunk: Buffer): void => {
      const joined = new Uint8Array(read.length + chunk.length);
      joined.set(read);
      joined.set(chunk, read.length);
      read = joined;
      const matched = matchClientPreface(read, 0, 0);
      if (matched >= 0 && matched < CLIENT_PREFACE.length) return; // so far so good: wait for more
      done();
      socket.pause();
      if (matched < 0) this.options.onOtherProtocol!(socket, read);
      else this.serve(socket, read);
    };
    socket.on("data", onData);
    socket.on("close", onClose);
  }

  private serve(socket: Socket, firstBytes: Uint8Array | undefined): void {
    const host = new SocketHost(socket, this.limits.lingerMs);
    const options = this.options;
    const connection: Http2Connection = new Http2Connection(
      host,
      {
        onStream: (stream, endStream) => options.onStream(stream, endStream, connection),
        onClose: (error) => {
          this.live.delete(connection);
          options.onConnectionClose?.(connection, error);
        },
      },
      {
        role: "server",
        limits: this.limits,
        headerListTooLarge: options.headerListTooLarge,
        remoteAddress: socket.remoteAddress,
        remotePort: socket.remotePort,
      },
    );
    this.live.add(connection);
    host.bind(connection, firstBytes);
    socket.resume();
    options.onConnection?.(connection);
  }
}

function noop(): void {}

function socketKey(socket: Socket): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}
