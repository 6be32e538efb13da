/**
 * The transport interface: the few things the RPC layer (src/rpc) asks of
 * an HTTP/2 implementation. Two implement it: our own engine (src/http2) and
 * node's built-in node:http2. The RPC layer never learns which one it runs on.
 *
 * Streams report to an events object (one method per event, no
 * EventEmitter), and write with backpressure: `write` returns false once the
 * stream's output buffer is full, and `onDrain` says when to go on.
 */
import type { HeaderList, OutgoingHeaders } from "../http2/headers.js";

/** The name of a transport, as the `transport` option of servers and channels takes it. */
export type TransportName = "wiregrpc" | "node:http2";

// ---- server side -----------------------------------------------------------

/** What a server stream tells the RPC layer. */
export interface ServerStreamEvents {
  /** A DATA payload of the request. The RPC layer may keep it: the transport never reuses its memory. */
  onData(chunk: Uint8Array): void;
  /** The client half-closed the stream (END_STREAM): no more request data. */
  onEnd(): void;
  /** The output buffer has room again after `write` returned false. */
  onDrain(): void;
  /**
   * The stream is gone. `resetCode` is the RST_STREAM error code when it did
   * not end normally: the client reset it, or the connection was lost
   * (CANCEL), or the transport reset it itself (a protocol error).
   */
  onClose(resetCode: number | undefined): void;
}

/** One request stream on the server. */
export interface ServerStream {
  /** The request header block, pseudo-header fields first. */
  readonly headers: HeaderList;
  /** The client's address ("127.0.0.1", "::1") and port. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** True once nothing more can be sent (the response ended or the stream was reset). */
  readonly closed: boolean;
  /**
   * Starts reporting to `events`. Call it at once when the stream is
   * accepted; a stream answered without it (a rejection) drops request data.
   */
  attach(events: ServerStreamEvents): void;
  /**
   * Sends the response header block. With `endStream` it is the whole
   * response (Trailers-Only, or an HTTP error); otherwise trailers follow
   * with `end`.
   */
  respond(headers: OutgoingHeaders, endStream: boolean): void;
  /** Sends DATA. False when the output buffer is full: wait for `onDrain` before writing more. */
  write(data: Uint8Array): boolean;
  /**
   * Ends the response: `data` (if any), then `trailers` as the last header
   * block, or an empty END_STREAM without them. When the request is not
   * complete yet, the stream is then reset with NO_ERROR, after everything
   * queued has gone out (RFC 9113 §8.1: the client may stop sending).
   */
  end(data: Uint8Array | undefined, trailers: OutgoingHeaders | undefined): void;
  /** RST_STREAM with `code` now; nothing queued for the stream is sent. */
  reset(code: number): void;
  /** Stops reading request data: no window is given back, so the client is held back. */
  pause(): void;
  resume(): void;
}

export interface ServerTransportOptions {
  /** Serve TLS (ALPN "h2") with these node:tls options; plaintext (h2c, prior knowledge) without. */
  readonly tls: import("node:tls").TlsOptions | undefined;
  /** SETTINGS_MAX_CONCURRENT_STREAMS per connection; a stream beyond it is refused (REFUSED_STREAM). */
  readonly maxConcurrentStreams: number;
  /** SETTINGS_MAX_HEADER_LIST_SIZE for request header blocks, in bytes. */
  readonly maxHeaderListSize: number;
  /** SETTINGS_INITIAL_WINDOW_SIZE: the receive window of each stream. */
  readonly streamWindowSize: number;
  /** The receive window of each connection. */
  readonly connectionWindowSize: number;
  /** A PING every this many ms on every connection; 0 or Infinity: none. */
  readonly keepaliveTimeMs: number;
  /** A keepalive PING unanswered for this long closes the connection. */
  readonly keepaliveTimeoutMs: number;
  /** A connection without the preface and SETTINGS (and TLS handshake) this long after it opened is closed. */
  readonly handshakeTimeoutMs: number;
  /** Each new request stream. */
  readonly onStream: (stream: ServerStream) => void;
  /** A connection closed (the server waits on these when it shuts down). */
  readonly onConnectionClose: () => void;
}

/** The HTTP/2 side of a server: listening sockets and their connections. */
export interface ServerTransport {
  /** Binds host:port and resolves with the bound port. */
  listen(host: string | undefined, port: number): Promise<number>;
  /**
   * Stops listening and sends every connection GOAWAY (graceful: streams in
   * flight go on, new ones are refused). Resolves once the listening sockets
   * are closed.
   */
  shutdown(): Promise<void>;
  /** Closes every connection now. */
  destroy(): void;
  /** Open connections. */
  readonly connections: number;
}

// ---- client side -----------------------------------------------------------

/** Why a client stream ended without a complete response, as the transport saw it. */
export interface ClientStreamClose {
  /**
   * The RST_STREAM code the server sent, or the one we reset with. Undefined
   * or NO_ERROR (0): the stream was not reset with an error.
   */
  readonly resetCode: number | undefined;
  /** The connection failed or was lost while the stream was open. */
  readonly connectionError: Error | undefined;
  /** The connection failed before it was ever established (connect, TLS handshake, preface). */
  readonly neverConnected: boolean;
}

/** What a client stream tells the RPC layer. */
export interface ClientStreamEvents {
  /** The first header block of the response; `endStream` when it is the whole response (Trailers-Only). */
  onResponse(headers: HeaderList, endStream: boolean): void;
  /** A DATA payload; the RPC layer may keep it. */
  onData(chunk: Uint8Array): void;
  /** The trailers (the last header block, with END_STREAM). */
  onTrailers(headers: HeaderList): void;
  /**
   * The server ended its side normally (END_STREAM after the response or
   * its trailers). Not called for a stream that was reset: `onClose` says so.
   */
  onEnd(): void;
  onDrain(): void;
  /** The stream is gone; `how` says whether it ended normally. Always the last event. */
  onClose(how: ClientStreamClose): void;
}

/** One call's stream on the client. */
export interface ClientStream {
  write(data: Uint8Array): boolean;
  /** Ends the request side: `data` if any, with END_STREAM. */
  end(data?: Uint8Array): void;
  /** RST_STREAM with `code`, without ending the request side first. */
  reset(code: number): void;
  pause(): void;
  resume(): void;
}

/** What a client connection tells its owner. */
export interface ClientConnectionEvents {
  /** The server sent GOAWAY: no new streams here. */
  onGoaway(): void;
  /** The connection is closed; `error` when it failed. */
  onClose(error: Error | undefined): void;
}

/** One HTTP/2 connection from a client to a server. */
export interface ClientConnection {
  /** Opens a stream with `headers` (pseudo-headers :method and :path; :scheme and :authority are the connection's). */
  request(headers: OutgoingHeaders, events: ClientStreamEvents): ClientStream;
  /** The first connection error, if any (kept for messages). */
  readonly error: Error | undefined;
  /** True while the connection is still being made. */
  readonly connecting: boolean;
  /** True once it is closed or destroyed. */
  readonly closed: boolean;
  /** Graceful close: GOAWAY, streams in flight finish, then the socket closes. Resolves when closed. */
  close(): Promise<void>;
  destroy(error?: Error): void;
  /** Keep the process alive while calls run (ref) or not (unref). */
  ref(): void;
  unref(): void;
}

export interface ClientConnectionOptions {
  /** "http://host:port" or "https://host:port". */
  readonly origin: string;
  readonly tls: import("node:tls").ConnectionOptions | undefined;
  /** A connection not made within this time fails. */
  readonly connectTimeoutMs: number;
  readonly streamWindowSize: number;
  readonly connectionWindowSize: number;
  readonly events: ClientConnectionEvents;
}
