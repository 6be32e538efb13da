/**
 * The server side of the transport interface on node's built-in node:http2.
 * What node does not do for a gRPC server, this file does: it leaves out
 * the `date` header, sends trailers through node's wantTrailers dance,
 * resets a stream with NO_ERROR once the response is out and the request
 * is not, widens the connection window, pings idle connections, and keeps
 * node's own stream errors from crashing the process.
 */
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import type { OutgoingHeaders } from "../../http2/headers.js";
import type { ServerStream, ServerStreamEvents, ServerTransport, ServerTransportOptions } from "../types.js";
import { probeIdleSession } from "./idle-probe.js";
import { keepAlive } from "./keepalive.js";
import { setConnectionWindow } from "./windows.js";

/**
 * A connection that has not sent its SETTINGS (after the preface) within
 * `ms` is destroyed: node:http2 itself would keep a silent connection open
 * for ever (RFC 9113 §3.4 only says the preface comes first).
 */
function closeIfSilent(session: http2.ServerHttp2Session, ms: number): void {
  if (!(ms > 0) || !Number.isFinite(ms)) return;
  const timer = setTimeout(() => session.destroy(), ms);
  timer.unref();
  session.once("remoteSettings", () => clearTimeout(timer));
  session.once("close", () => clearTimeout(timer));
}

/** The limit node:http2 enforces (and advertises): above ours, so that we refuse first. */
function nodeStreamLimit(ours: number): number {
  return Math.min(2 ** 31 - 1, ours + Math.max(100, ours));
}

/** RST_STREAM NO_ERROR (RFC 9113 §7). */
const NO_ERROR = 0;

/**
 * Options for `ServerHttp2Stream.respond`. `sendDate: false` leaves out the
 * `date` header node:http2 adds by default. gRPC's Response-Headers do not
 * include it (PROTOCOL-HTTP2.md) and grpc-go sends none, though RFC 9110
 * (6.6.1) asks HTTP origin servers for one; it cost a unary call ~17k
 * instructions and 15-20% of the server's CPU time (bench/README.md).
 * node reads `sendDate` from the respond options, which @types/node does
 * not list, hence the wider type. Shared objects: node copies them.
 */
type RespondOptions = http2.ServerStreamResponseOptions & { readonly sendDate: boolean };
/** Headers now, then DATA, then trailers (a normal response). */
const RESPOND_WITH_TRAILERS: RespondOptions = Object.freeze({ waitForTrailers: true, sendDate: false });
/** One header block that ends the stream (Trailers-Only, or an HTTP error). */
const RESPOND_AND_END: RespondOptions = Object.freeze({ endStream: true, sendDate: false });

export interface NodeServerTransportOptions extends ServerTransportOptions {
  /** Further node:http2 server options (settings, maxSessionMemory, ...). */
  readonly http2: http2.ServerOptions | undefined;
}

export class NodeHttp2ServerTransport implements ServerTransport {
  private readonly options: NodeServerTransportOptions;
  private readonly listeners: http2.Http2Server[] = [];
  private readonly sessions = new Set<http2.ServerHttp2Session>();
  /** Streams each session has open (node counts refused ones too, so we keep our own count). */
  private readonly openStreams = new WeakMap<http2.Http2Session, number>();
  private shuttingDown = false;

  constructor(options: NodeServerTransportOptions) {
    this.options = options;
  }

  get connections(): number {
    return this.sessions.size;
  }

  async listen(host: string | undefined, port: number): Promise<number> {
    const o = this.options;
    const settings: http2.Settings = {
      // nghttp2 treats a stream over its own limit, once its SETTINGS are acknowledged, as a
      // connection error, and node then ends every call of the connection; RFC 9113 §5.1.2 asks
      // for a stream error. So node's limit (which is also what is advertised) is set above
      // ours, and the streams over ours are refused here, one by one (refuseOverLimit).
      maxConcurrentStreams: nodeStreamLimit(o.maxConcurrentStreams),
      maxHeaderListSize: o.maxHeaderListSize,
      initialWindowSize: o.streamWindowSize,
      ...o.http2?.settings,
    };
    const server =
      o.tls === undefined
        ? http2.createServer({ ...o.http2, settings })
        : http2.createSecureServer({ ...o.http2, ...o.tls, settings, ALPNProtocols: ["h2"], allowHTTP1: false, handshakeTimeout: o.handshakeTimeoutMs });
    server.on("session", this.onSession);
    server.on("stream", (stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, _flags: number, raw?: string[]) => {
      if (this.refuseOverLimit(stream)) return;
      o.onStream(new NodeServerStream(stream, raw ?? rawHeaderList(headers)));
    });
    // A broken connection is the client's problem; it must never take the server down.
    server.on("sessionError", noop);
    // A TLS handshake that fails or times out: its socket is closed (node leaves that to us once
    // a listener is there).
    server.on("tlsClientError", (_error: Error, socket: { destroy(): void }) => socket.destroy());
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

  shutdown(): Promise<void> {
    this.shuttingDown = true;
    const closed = this.listeners.map((l) => new Promise<void>((resolve) => l.close(() => resolve())));
    for (const session of this.sessions) session.close();
    return Promise.all(closed).then(noop);
  }

  destroy(): void {
    for (const session of this.sessions) session.destroy();
  }

  /** True when `stream` is over our concurrency limit and was reset with REFUSED_STREAM. */
  private refuseOverLimit(stream: http2.ServerHttp2Stream): boolean {
    const session = stream.session;
    if (session === undefined) return false;
    const open = (this.openStreams.get(session) ?? 0) + 1;
    if (open > this.options.maxConcurrentStreams) {
      stream.on("error", noop);
      stream.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      return true;
    }
    this.openStreams.set(session, open);
    stream.once("close", () => this.openStreams.set(session, (this.openStreams.get(session) ?? 1) - 1));
    return false;
  }

  private readonly onSession = (session: http2.ServerHttp2Session): void => {
    session.on("error", noop);
    if (this.shuttingDown) {
      session.close();
      return;
    }
    setConnectionWindow(session, this.options.connectionWindowSize);
    keepAlive(session, this.options.keepaliveTimeMs, this.options.keepaliveTimeoutMs);
    probeIdleSession(session);
    closeIfSilent(session, this.options.handshakeTimeoutMs);
    this.sessions.add(session);
    session.once("close", () => {
      this.sessions.delete(session);
      this.options.onConnectionClose();
    });
  };
}

/** Where the shared stream listeners find their wrapper (no closures per stream). */
const WRAPPER = Symbol("wiregrpc.nodeServerStream");
type WrappedStream = http2.ServerHttp2Stream & { [WRAPPER]: NodeServerStream };

class NodeServerStream implements ServerStream {
  readonly headers: readonly string[];
  private readonly stream: http2.ServerHttp2Stream;
  private readonly session: http2.Http2Session | undefined;
  private events: ServerStreamEvents | undefined;
  private trailers: OutgoingHeaders | undefined;

  constructor(stream: http2.ServerHttp2Stream, headers: readonly string[]) {
    this.stream = stream;
    this.headers = headers;
    // Kept for the address: the stream forgets its session once closed.
    this.session = stream.session;
    // Stream errors show up as 'close' with an rstCode; an unhandled 'error' would crash the process.
    stream.on("error", noop);
  }

  get remoteAddress(): string {
    return this.session?.socket?.remoteAddress ?? "";
  }

  get remotePort(): number {
    return this.session?.socket?.remotePort ?? 0;
  }

  get closed(): boolean {
    return this.stream.destroyed || this.stream.closed;
  }

  attach(events: ServerStreamEvents): void {
    this.events = events;
    const stream = this.stream as WrappedStream;
    stream[WRAPPER] = this;
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("close", onClose);
    stream.on("drain", onDrain);
    stream.on("wantTrailers", onWantTrailers);
  }

  respond(headers: OutgoingHeaders, endStream: boolean): void {
    // The client may have reset the stream before node told us ('close' comes later).
    if (this.stream.destroyed) return;
    this.stream.respond(headers as http2.OutgoingHttpHeaders, endStream ? RESPOND_AND_END : RESPOND_WITH_TRAILERS);
    if (endStream) this.closeRequestSide();
  }

  write(data: Uint8Array): boolean {
    if (this.stream.destroyed) return true;
    return this.stream.write(data);
  }

  end(data: Uint8Array | undefined, trailers: OutgoingHeaders | undefined): void {
    if (this.stream.destroyed) return;
    // Sent when node asks for them (onWantTrailers); an empty block if none were given.
    this.trailers = trailers ?? {};
    if (data === undefined) this.stream.end();
    else this.stream.end(data);
  }

  reset(code: number): void {
    if (!this.stream.destroyed) this.stream.close(code);
  }

  pause(): void {
    this.stream.pause();
  }

  resume(): void {
    this.stream.resume();
  }

  /** @internal */
  onData(chunk: Buffer): void {
    this.events?.onData(chunk);
  }

  /** @internal */
  onEnd(): void {
    // node:http2 also ends the readable side when the client resets the stream; 'close' reports that.
    if (this.stream.aborted) return;
    this.events?.onEnd();
  }

  /** @internal */
  onClose(): void {
    const code = this.stream.rstCode;
    this.events?.onClose(code === undefined || code === NO_ERROR ? undefined : code);
  }

  /** @internal */
  onDrain(): void {
    this.events?.onDrain();
  }

  /** @internal node:http2 is ready for the trailers. */
  onWantTrailers(): void {
    this.stream.sendTrailers((this.trailers ?? {}) as http2.OutgoingHttpHeaders);
    // node:http2 sends the trailers from a setImmediate; an RST_STREAM
    // submitted now would go out first, and the client would never see the
    // status. Only calls whose client is still sending get here with work to do.
    if (!this.stream.readableEnded && !this.stream.closed) setImmediate(closeRequestSideOf, this);
  }

  /**
   * Early server closure (RFC 9113 §8.1, PROTOCOL-HTTP2.md): when we end
   * before the client has, RST_STREAM NO_ERROR lets the stream be freed.
   * node:http2 sends it after what we queued (headers, data, trailers).
   * @internal
   */
  closeRequestSide(): void {
    if (!this.stream.readableEnded && !this.stream.closed) this.stream.close(NO_ERROR);
  }
}

function onData(this: WrappedStream, chunk: Buffer): void {
  this[WRAPPER].onData(chunk);
}

function onEnd(this: WrappedStream): void {
  this[WRAPPER].onEnd();
}

function onClose(this: WrappedStream): void {
  this[WRAPPER].onClose();
}

function onDrain(this: WrappedStream): void {
  this[WRAPPER].onDrain();
}

function onWantTrailers(this: WrappedStream): void {
  this[WRAPPER].onWantTrailers();
}

function closeRequestSideOf(stream: NodeServerStream): void {
  stream.closeRequestSide();
}

/**
 * A raw header list rebuilt from node:http2's header object, for when the raw
 * list was not passed to an event (repeated headers come back as arrays).
 */
export function rawHeaderList(headers: http2.IncomingHttpHeaders): string[] {
  const raw: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) for (const v of value) raw.push(name, v);
    else if (value !== undefined) raw.push(name, String(value));
  }
  return raw;
}

function noop(): void {}
