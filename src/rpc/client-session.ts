import * as http2 from "node:http2";
import { Code } from "../http2/code.js";
import { codeFromRstCode, Http2ErrorCode, rstMessage } from "../http2/rst-code.js";

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

  constructor(session: http2.ClientHttp2Session, target: string) {
    this.session = session;
    this.target = target;
  }

  /** True while new calls may use this session. */
  get usable(): boolean {
    return !this.goaway && !this.session.closed && !this.session.destroyed;
  }

  callStarted(): void {
    if (this.active++ === 0) this.session.ref();
  }

  callEnded(): void {
    if (--this.active === 0 && !this.session.destroyed) this.session.unref();
  }
}

export interface SessionOptions {
  /** node:http2 connect options (TLS options go here too, for https targets). */
  readonly connect: http2.SecureClientSessionOptions;
  /** A connection not established within this time fails (UNAVAILABLE). */
  readonly connectTimeoutMs: number;
}

/** Opens a session and wires the bookkeeping that lets a channel drop it when it dies. */
export function openSession(origin: string, options: SessionOptions, onGone: (handle: SessionHandle) => void): SessionHandle {
  const session = http2.connect(origin, options.connect);
  const handle = new SessionHandle(session, origin);
  session.on("error", (e: Error) => {
    handle.error ??= e;
  });
  session.on("goaway", () => {
    handle.goaway = true;
    onGone(handle);
  });
  session.once("close", () => onGone(handle));
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
