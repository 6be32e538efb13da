/**
 * The client side of the transport interface on node's built-in node:http2:
 * one session per connection, with the socket made here (so it can always
 * be destroyed), a connect timeout, a widened connection window, and node's
 * stream and session errors turned into the interface's close reasons.
 */
import * as http2 from "node:http2";
import { connect as netConnect, isIP } from "node:net";
import type { Duplex } from "node:stream";
import { addAbortSignal } from "node:stream";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import type { OutgoingHeaders } from "../../http2/headers.js";
import type { ClientConnection, ClientConnectionOptions, ClientStream, ClientStreamEvents } from "../types.js";
import { rawHeaderList } from "./server.js";
import { setConnectionWindow } from "./windows.js";

/** HEADERS and DATA flag END_STREAM (RFC 9113 §6.2), as node passes the frame's flags. */
const END_STREAM = 0x1;
const NO_ERROR = 0;

export interface NodeClientConnectionOptions extends ClientConnectionOptions {
  /** Further node:http2 connect options (settings, maxSessionMemory, ...). */
  readonly http2: http2.ClientSessionOptions | undefined;
}

export class NodeHttp2ClientConnection implements ClientConnection {
  error: Error | undefined;
  private readonly session: http2.ClientHttp2Session;
  private socket: Duplex | undefined;
  private goaway = false;

  constructor(options: NodeClientConnectionOptions) {
    const url = new URL(options.origin);
    // We make the socket ourselves, to be able to destroy it (see dispose).
    const createConnection = (): Duplex => (this.socket = connectSocket(url, options.tls));
    const settings = { enablePush: false, initialWindowSize: options.streamWindowSize, ...options.http2?.settings };
    const session = http2.connect(options.origin, { ...options.http2, settings, createConnection });
    this.session = session;
    session.on("error", (e: Error) => {
      this.error ??= e;
    });
    session.on("goaway", () => {
      this.goaway = true;
      options.events.onGoaway();
    });
    session.once("connect", () => setConnectionWindow(session, options.connectionWindowSize));
    session.once("close", () => {
      this.dispose();
      options.events.onClose(this.error);
    });
    // Frame errors arrive as stream errors too; the listener keeps them from crashing the process.
    session.on("frameError", noop);
    const timeout = options.connectTimeoutMs;
    if (timeout > 0 && Number.isFinite(timeout)) {
      const timer = setTimeout(() => session.destroy(new Error(`no connection after ${timeout} ms`)), timeout);
      timer.unref();
      session.once("connect", () => clearTimeout(timer));
      session.once("close", () => clearTimeout(timer));
    }
    session.unref();
  }

  get connecting(): boolean {
    return this.session.connecting;
  }

  get closed(): boolean {
    return this.session.closed || this.session.destroyed;
  }

  request(headers: OutgoingHeaders, events: ClientStreamEvents): ClientStream {
    const stream = this.session.request(headers as http2.OutgoingHttpHeaders, { endStream: false });
    return new NodeClientStream(this, stream, events);
  }

  close(): Promise<void> {
    const session = this.session;
    if (session.destroyed) return Promise.resolve();
    const closed = new Promise<void>((resolve) => session.once("close", () => resolve()));
    if (!session.closed) session.close();
    return closed;
  }

  destroy(error?: Error): void {
    this.session.destroy(error);
    this.dispose();
  }

  ref(): void {
    this.session.ref();
  }

  unref(): void {
    this.session.unref();
  }

  /** @internal Whether the session is gone (a stream closing then may be the last sign of it). */
  get destroyed(): boolean {
    return this.session.destroyed;
  }

  /** @internal */
  get goneAway(): boolean {
    return this.goaway;
  }

  /**
   * Destroys the socket of a dead session. node:http2 does not always do it
   * (a TLS alert after the handshake leaves the session destroyed, its socket
   * open and no 'close' event), and an open socket would keep the process alive.
   * @internal
   */
  dispose(): void {
    const socket = this.socket;
    if (socket !== undefined && !socket.destroyed) socket.destroy();
  }
}

const ABORTED = AbortSignal.abort();

class NodeClientStream implements ClientStream {
  private readonly connection: NodeHttp2ClientConnection;
  private readonly stream: http2.ClientHttp2Stream;
  private readonly events: ClientStreamEvents;
  private streamError: Error | undefined;

  constructor(connection: NodeHttp2ClientConnection, stream: http2.ClientHttp2Stream, events: ClientStreamEvents) {
    this.connection = connection;
    this.stream = stream;
    this.events = events;
    stream.on("response", (headers: http2.IncomingHttpHeaders, flags: number, raw?: string[]) =>
      events.onResponse(raw ?? rawHeaderList(headers), (flags & END_STREAM) !== 0),
    );
    stream.on("data", (chunk: Buffer) => events.onData(chunk));
    stream.on("trailers", (headers: http2.IncomingHttpHeaders, _flags: number, raw?: string[]) =>
      events.onTrailers(raw ?? rawHeaderList(headers)),
    );
    stream.on("end", this.onEnd);
    stream.on("drain", () => events.onDrain());
    stream.on("error", (e: Error) => {
      this.streamError = e;
    });
    stream.on("close", this.onClose);
  }

  write(data: Uint8Array): boolean {
    if (this.stream.destroyed) return true;
    return this.stream.write(data);
  }

  end(data?: Uint8Array): void {
    if (this.stream.destroyed) return;
    if (data === undefined) this.stream.end();
    else this.stream.end(data);
  }

  /**
   * A bare RST_STREAM (PROTOCOL-HTTP2.md, "Client Cancellation"). Not
   * `stream.close(code)`: that half-closes first (END_STREAM, then
   * RST_STREAM), and a server could take the END_STREAM for the end of a
   * complete request stream. Destroying the stream through an aborted signal
   * is node:http2's own path for a bare RST_STREAM CANCEL; other codes (only
   * NO_ERROR, after a complete response) go through close().
   */
  reset(code: number): void {
    if (this.stream.destroyed || this.stream.closed) return;
    if (code === 0x8) addAbortSignal(ABORTED, this.stream);
    else this.stream.close(code);
  }

  pause(): void {
    this.stream.pause();
  }

  resume(): void {
    this.stream.resume();
  }

  /**
   * node:http2 ends the readable side on a reset too; only a normal end
   * (no reset, or RST_STREAM NO_ERROR after the response) is an end here.
   * After RST_STREAM NO_ERROR (or a bare END_STREAM) 'close' may never come
   * while our request side is still open, so the end must be reported now.
   */
  private readonly onEnd = (): void => {
    const code = this.stream.rstCode;
    if (code !== undefined && code !== NO_ERROR) return;
    this.events.onEnd();
  };

  private readonly onClose = (): void => {
    const connection = this.connection;
    if (connection.destroyed) connection.dispose();
    const streamError = this.streamError;
    const streamCode = (streamError as NodeJS.ErrnoException | undefined)?.code;
    // node's ways of saying the connection failed or went away under the stream.
    const lost = streamCode === "ERR_HTTP2_STREAM_CANCEL" || streamCode === "ERR_HTTP2_GOAWAY_SESSION" || connection.destroyed;
    let connectionError: Error | undefined;
    if (lost) {
      connectionError = connection.error ?? (streamCode === "ERR_HTTP2_STREAM_CANCEL" ? causeOf(streamError) : undefined) ?? streamError;
      connectionError ??= new Error("the connection was closed");
    }
    this.events.onClose({
      resetCode: this.stream.rstCode,
      connectionError,
      neverConnected: lost && (connection.connecting || streamCode === "ERR_HTTP2_STREAM_CANCEL"),
    });
  };
}

function causeOf(error: Error | undefined): Error | undefined {
  const cause: unknown = error?.cause;
  return cause instanceof Error ? cause : undefined;
}

/** A TCP or TLS (ALPN "h2", SNI for host names) connection, as node:http2 would open it. */
function connectSocket(url: URL, tls: ConnectionOptions | undefined): Duplex {
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  if (url.protocol !== "https:") return netConnect({ host, port: Number(url.port) || 80 });
  return tlsConnect({
    ...(isIP(host) === 0 ? { servername: host } : {}),
    ...tls,
    host,
    port: Number(url.port) || 443,
    ALPNProtocols: ["h2"],
  });
}

function noop(): void {}
