import * as http2 from "node:http2";
import { connect as netConnect, isIP } from "node:net";
import type { Duplex } from "node:stream";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import { Code } from "../grpc/code.js";
import { codeFromRstCode, Http2ErrorCode, rstMessage } from "../grpc/rst-code.js";

/**
 * The client's HTTP/2 connection to one target: opened lazily by the first
 * call, shared by all concurrent calls, replaced by a new one once it closes
 * or the server sends GOAWAY. While no call is running the session is
 * unref'd, so an idle client never keeps the process alive.
 */
export class SessionHandle {
  readonly session: http2.ClientHttp2Session;
  readonly target: string;
  /** The session's 'error' (connection refused, TLS failure, reset), kept for messages. */
  error: Error | undefined;
  /** The server sent GOAWAY: no new calls here. */
  goaway = false;
  private active = 0;
  private readonly socket: () => Duplex | undefined;
  private readonly onGone: (handle: SessionHandle) => void;

  constructor(
    session: http2.ClientHttp2Session,
    target: string,
    socket: () => Duplex | undefined,
    onGone: (handle: SessionHandle) => void,
  ) {
    this.session = session;
    this.target = target;
    this.socket = socket;
    this.onGone = onGone;
  }

  /**
   * Forgets a dead session and destroys its socket. node:http2 does not
   * always do the latter (a TLS alert after the handshake leaves the
   * session destroyed, its socket open and no 'close' event), and an open
   * socket would keep the process alive.
   */
  dispose(): void {
    const socket = this.socket();
    if (socket !== undefined && !socket.destroyed) socket.destroy();
    this.onGone(this);
  }

  private closing = false;

  /**
   * Closes gracefully: running calls finish, then the connection closes.
   * The session is unref'd while idle so a channel never keeps the process
   * alive; while closing it stays ref'd, or the process could exit before
   * the 'close' event and leave the caller's Promise unsettled.
   *
   * node:http2's own close() is only called once no call is running: it
   * sends GOAWAY at once, ahead of the HEADERS of streams requested in the
   * same tick (nghttp2 queues GOAWAY before new streams), and a node:http2
   * server refuses (REFUSED_STREAM) every stream that arrives after a
   * client's GOAWAY — calls started just before close() would fail.
   */
  close(): Promise<void> {
    const session = this.session;
    if (session.destroyed || (session.closed && !this.closing)) return Promise.resolve();
    const closed = new Promise<void>((resolve) => session.once("close", () => resolve()));
    if (!this.closing) {
      this.closing = true;
      session.ref();
      if (this.active === 0) session.close();
    }
    return closed;
  }

  /** True while new calls may use this session. */
  get usable(): boolean {
    return !this.closing && !this.goaway && !this.session.closed && !this.session.destroyed;
  }

  callStarted(): void {
    if (this.active++ === 0) this.session.ref();
  }

  callEnded(): void {
    if (--this.active > 0 || this.session.destroyed) return;
    if (!this.closing) this.session.unref();
    else if (!this.session.closed) this.session.close();
  }
}

export interface SessionOptions {
  /** node:http2 connect options. */
  readonly connect: http2.ClientSessionOptions;
  /** node:tls options, for https targets. */
  readonly tls: ConnectionOptions | undefined;
  /** A connection not established within this time fails (UNAVAILABLE). */
  readonly connectTimeoutMs: number;
}

/** Opens a session and wires the bookkeeping that lets a channel drop it when it dies. */
export function openSession(origin: string, options: SessionOptions, onGone: (handle: SessionHandle) => void): SessionHandle {
  let socket: Duplex | undefined;
  // We make the socket ourselves, to be able to destroy it (see SessionHandle.dispose).
  const createConnection = (url: URL): Duplex => (socket = connectSocket(url, options.tls));
  const session = http2.connect(origin, { ...options.connect, createConnection });
  const handle = new SessionHandle(session, origin, () => socket, onGone);
  session.on("error", (e: Error) => {
    handle.error ??= e;
  });
  session.on("goaway", () => {
    handle.goaway = true;
    onGone(handle);
  });
  session.once("close", () => handle.dispose());
  // Frame errors arrive as stream errors too; the listener keeps them from crashing the process.
  session.on("frameError", noop);
  if (options.connectTimeoutMs > 0 && Number.isFinite(options.connectTimeoutMs)) {
    const timer = setTimeout(() => {
      session.destroy(new Error(`no connection after ${options.connectTimeoutMs} ms`));
    }, options.connectTimeoutMs);
    timer.unref();
    session.once("connect", () => clearTimeout(timer));
    session.once("close", () => clearTimeout(timer));
  }
  session.unref();
  return handle;
}

function noop(): void {}

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

/** How a stream ended without a status, as a code and a readable message. */
export interface StreamEnd {
  readonly code: Code;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * Explains a stream that closed without trailers. Connection failures are
 * UNAVAILABLE (with node's reason: "connect ECONNREFUSED 127.0.0.1:1");
 * an RST_STREAM from the server is mapped by its error code
 * (PROTOCOL-HTTP2.md, "Errors"); a stream just ending without a status is
 * INTERNAL.
 */
export function describeStreamEnd(handle: SessionHandle, rstCode: number | undefined, streamError: Error | undefined): StreamEnd {
  const streamCode = (streamError as NodeJS.ErrnoException | undefined)?.code;
  const connectionError = handle.error ?? (streamCode === "ERR_HTTP2_STREAM_CANCEL" ? causeOf(streamError) : undefined);
  if (streamCode === "ERR_HTTP2_STREAM_CANCEL" || streamCode === "ERR_HTTP2_GOAWAY_SESSION" || handle.session.destroyed) {
    const reason = (connectionError ?? streamError)?.message ?? "the connection was closed";
    const what = handle.session.connecting || streamCode === "ERR_HTTP2_STREAM_CANCEL" ? "failed to connect to" : "lost the connection to";
    return { code: Code.Unavailable, message: `${what} ${handle.target}: ${reason}`, cause: connectionError ?? streamError };
  }
  if (rstCode !== undefined && rstCode !== Http2ErrorCode.NoError) {
    return { code: codeFromRstCode(rstCode), message: rstMessage(rstCode), cause: streamError };
  }
  if (handle.goaway && rstCode === undefined) {
    return { code: Code.Unavailable, message: `the server at ${handle.target} is going away`, cause: streamError };
  }
  return {
    code: Code.Internal,
    message: "the server closed the stream without sending a status",
    cause: streamError,
  };
}

function causeOf(error: Error | undefined): Error | undefined {
  const cause: unknown = error?.cause;
  return cause instanceof Error ? cause : undefined;
}
