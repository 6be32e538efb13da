import type { Http2Limits } from "../http2/connection/limits.js";
import type * as http2 from "node:http2";
import type { ConnectionOptions } from "node:tls";
import { Code } from "../grpc/code.js";
import { codeFromRstCode, Http2ErrorCode, rstMessage } from "../grpc/rst-code.js";
import type { OutgoingHeaders } from "../http2/headers.js";
import { createClientConnection } from "../transport/create.js";
import type { ClientConnection, ClientStream, ClientStreamClose, ClientStreamEvents, TransportName } from "../transport/types.js";

/**
 * The client's HTTP/2 connection to one target: opened lazily by the first
 * call, shared by all concurrent calls, replaced by a new one once it closes
 * or the server sends GOAWAY. While no call is running the connection is
 * unref'd, so an idle client never keeps the process alive.
 */
export class SessionHandle {
  readonly target: string;
  /** The server sent GOAWAY: no new calls here. */
  goaway = false;
  private readonly connection: ClientConnection;
  private active = 0;
  private closing = false;
  /** Settles when the connection has closed, however that came about. */
  private readonly closed: Promise<void>;

  constructor(target: string, options: SessionOptions, onGone: (handle: SessionHandle) => void) {
    this.target = target;
    let closed!: () => void;
    this.closed = new Promise<void>((resolve) => (closed = resolve));
    this.connection = createClientConnection(options.transport, {
      origin: target,
      tls: options.tls,
      connectTimeoutMs: options.connectTimeoutMs,
      streamWindowSize: options.streamWindowSize,
      connectionWindowSize: options.connectionWindowSize,
      http2: options.http2,
      http2Limits: options.http2Limits,
      events: {
        onGoaway: () => {
          this.goaway = true;
          onGone(this);
        },
        onClose: () => {
          closed();
          onGone(this);
        },
      },
    });
  }

  /** The connection's first error (connection refused, TLS failure, reset), kept for messages. */
  get error(): Error | undefined {
    return this.connection.error;
  }

  /** Opens a call's stream. */
  request(headers: OutgoingHeaders, events: ClientStreamEvents): ClientStream {
    return this.connection.request(headers, events);
  }

  /**
   * Closes gracefully: running calls finish, then the connection closes.
   * The connection is unref'd while idle so a channel never keeps the
   * process alive; while closing it stays ref'd, or the process could exit
   * before it closes and leave the caller's Promise unsettled.
   *
   * The transport's close() is only called once no call is running: it
   * sends GOAWAY at once, and node:http2 puts GOAWAY ahead of the HEADERS of
   * streams requested in the same tick (nghttp2 queues GOAWAY before new
   * streams); a node:http2 server refuses (REFUSED_STREAM) every stream that
   * arrives after a client's GOAWAY, so calls started just before close()
   * would fail.
   */
  close(): Promise<void> {
    if (this.connection.closed && !this.closing) return Promise.resolve();
    if (!this.closing) {
      this.closing = true;
      this.connection.ref();
      if (this.active === 0) void this.connection.close();
    }
    return this.closed;
  }

  /** True while new calls may use this connection. */
  get usable(): boolean {
    return !this.closing && !this.goaway && !this.connection.closed;
  }

  callStarted(): void {
    if (this.active++ === 0) this.connection.ref();
  }

  callEnded(): void {
    if (--this.active > 0 || this.connection.closed) return;
    if (!this.closing) this.connection.unref();
    else void this.connection.close();
  }
}

export interface SessionOptions {
  readonly transport: TransportName | undefined;
  /** node:http2 connect options, for the node:http2 transport. */
  readonly http2: http2.ClientSessionOptions | undefined;
  /** Limits of our HTTP/2 engine, for the wiregrpc transport. */
  readonly http2Limits: Partial<Http2Limits> | undefined;
  /** node:tls options, for https targets. */
  readonly tls: ConnectionOptions | undefined;
  /** A connection not established within this time fails (UNAVAILABLE). */
  readonly connectTimeoutMs: number;
  readonly streamWindowSize: number;
  readonly connectionWindowSize: number;
}

/** How a stream ended without a status, as a code and a readable message. */
export interface StreamEnd {
  readonly code: Code;
  readonly message: string;
  readonly cause?: unknown;
}

/**
 * Explains a stream that closed without trailers. Connection failures are
 * UNAVAILABLE (with the reason: "connect ECONNREFUSED 127.0.0.1:1"); an
 * RST_STREAM from the server is mapped by its error code
 * (PROTOCOL-HTTP2.md, "Errors"); a stream just ending without a status is
 * INTERNAL.
 */
export function describeStreamEnd(handle: SessionHandle, how: ClientStreamClose): StreamEnd {
  const { resetCode, connectionError } = how;
  if (connectionError !== undefined) {
    const what = how.neverConnected ? "failed to connect to" : "lost the connection to";
    return { code: Code.Unavailable, message: `${what} ${handle.target}: ${connectionError.message}`, cause: connectionError };
  }
  if (resetCode !== undefined && resetCode !== Http2ErrorCode.NoError) {
    return { code: codeFromRstCode(resetCode), message: rstMessage(resetCode) };
  }
  if (handle.goaway && resetCode === undefined) {
    return { code: Code.Unavailable, message: `the server at ${handle.target} is going away` };
  }
  return { code: Code.Internal, message: "the server closed the stream without sending a status" };
}

/** How a stream that ended normally (END_STREAM) without a status is described. */
export const ENDED_NORMALLY: ClientStreamClose = Object.freeze({ resetCode: undefined, connectionError: undefined, neverConnected: false });
