import type * as http2 from "node:http2";
import type { TlsOptions } from "node:tls";
import type { MethodDefinition, ServiceDefinition } from "../codec/message-type.js";
import { Code } from "../grpc/code.js";
import { BUILTIN_COMPRESSIONS, type Compression } from "../grpc/compression.js";
import { checkWindowSize, DEFAULT_CONNECTION_WINDOW_SIZE, DEFAULT_STREAM_WINDOW_SIZE } from "../grpc/flow-control.js";
import type { Http2Limits } from "../http2/connection/limits.js";
import { createServerTransport } from "../transport/create.js";
import type { ServerStream, ServerTransport, TransportName } from "../transport/types.js";
import type { ServerCallContext } from "./call-context.js";
import { CallScheduler, type ScheduledCall } from "./call-scheduler.js";
import type { AnyHandler, ServiceHandlers } from "./handler-types.js";
import { chainInterceptors, type ServerInterceptor, type ServerNext } from "./interceptors.js";
import { parseListenAddress } from "./listen-address.js";
import { RpcError } from "./rpc-error.js";
import { ServerCall, type Route, type ServerCallHost } from "./server-call.js";
import { acceptStream, type StreamRouter } from "./server-stream.js";

export interface ServerOptions {
  /**
   * Serve over TLS (ALPN "h2") with these node:tls options: `key` and `cert`,
   * plus `ca` and `requestCert: true` for mutual TLS. Plaintext without it.
   */
  readonly tls?: TlsOptions;
  /** Largest request message accepted, before and after decompression. Default 4 MiB. */
  readonly maxReceiveMessageSize?: number;
  /** Largest response message sent (RESOURCE_EXHAUSTED past it). Default 2^31 - 1 bytes. */
  readonly maxSendMessageSize?: number;
  /** Encodings understood in requests. Default gzip and deflate (identity is always understood). */
  readonly compressions?: readonly Compression[];
  /**
   * Compress responses with the request's grpc-encoding when the client's
   * grpc-accept-encoding lists it. Default true.
   */
  readonly compressResponses?: boolean;
  /**
   * SETTINGS_MAX_CONCURRENT_STREAMS: how many calls one connection may have
   * open at once, and so how many of its calls can wait for a busy server.
   * Clients keep further calls queued on their side; a peer that opens more
   * anyway gets RST_STREAM REFUSED_STREAM (UNAVAILABLE: not processed, safe
   * to retry). Default 100 (node:http2 alone sets no limit). On the
   * node:http2 transport the SETTINGS advertise twice as many (at least 100
   * more), because nghttp2 ends the whole connection for a stream over its
   * own limit; the streams over this one are refused one by one instead.
   */
  readonly maxConcurrentStreams?: number;
  /**
   * Receive window of each stream (SETTINGS_INITIAL_WINDOW_SIZE), in bytes.
   * Default 1 MiB (HTTP/2's own default, 64 KiB, makes a big request crawl).
   */
  readonly streamWindowSize?: number;
  /** Receive window of each connection, shared by its streams. Default 4 MiB. */
  readonly connectionWindowSize?: number;
  /** SETTINGS_MAX_HEADER_LIST_SIZE for request headers, in bytes. Default 16 KiB. */
  readonly maxHeaderListSize?: number;
  /** Wrap every handler; the first one is outermost. */
  readonly interceptors?: readonly ServerInterceptor[];
  /**
   * Every this many milliseconds, each connection is sent a PING; one not
   * answered within `keepaliveTimeoutMs` is closed. Default 2 hours (as
   * grpc-go); 0 or Infinity turns keepalive off.
   */
  readonly keepaliveTimeMs?: number;
  /** How long a keepalive PING may go unanswered. Default 20000 ms. */
  readonly keepaliveTimeoutMs?: number;
  /**
   * A connection that has not sent the HTTP/2 preface and its SETTINGS (and,
   * with TLS, finished the handshake) within this many milliseconds is
   * closed, so silent connections cannot pile up. Default 20000.
   */
  readonly handshakeTimeoutMs?: number;
  /**
   * Further limits of our HTTP/2 engine (the "wiregrpc" transport), by the
   * names of src/http2/connection/limits.ts: rapid-reset and idle-frame
   * budgets, header and SETTINGS timeouts, buffered output, ... Each has a
   * default; these win over the options above.
   */
  readonly http2Limits?: Partial<Http2Limits>;
  /** How long close() lets running calls finish before cancelling them. Default 5000 ms. */
  readonly shutdownGraceMs?: number;
  /** Told about errors a handler threw that are not RpcErrors (the client only sees UNKNOWN). */
  readonly onError?: (error: unknown, ctx: ServerCallContext) => void;
  /**
   * The HTTP/2 implementation: "wiregrpc" (our own engine, src/http2) or
   * "node:http2" (node's built-in). Default "wiregrpc", or the
   * WIREGRPC_TRANSPORT environment variable when it is set.
   */
  readonly transport?: TransportName;
  /** Further node:http2 server options (settings, maxSessionMemory, ...), for the node:http2 transport. */
  readonly http2?: http2.ServerOptions;
}

export const DEFAULT_MAX_RECEIVE_MESSAGE_SIZE = 4 * 1024 * 1024;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_SEND_MESSAGE_SIZE = 0x7fff_ffff;
export const DEFAULT_MAX_CONCURRENT_STREAMS = 100;
export const DEFAULT_MAX_HEADER_LIST_SIZE = 16 * 1024;
const DEFAULT_SHUTDOWN_GRACE_MS = 5000;
const DEFAULT_KEEPALIVE_TIME_MS = 2 * 60 * 60 * 1000;
const DEFAULT_KEEPALIVE_TIMEOUT_MS = 20_000;
/** After the grace period, how long cancelled calls get to flush their status before connections are destroyed. */
const FORCE_CLOSE_MS = 1000;

/**
 * A gRPC server: services are added with `add`, then `listen` binds an
 * address (several listens serve the same services on several addresses).
 *
 * Under load, handlers start in arrival order from one queue per server
 * (call-scheduler.ts), between which node keeps reading the connections:
 * a call cancelled or past its deadline by its turn never runs its
 * handler, and while the queue is congested a call that could not finish
 * before its deadline is answered DEADLINE_EXCEEDED at once.
 */
export class Server implements ServerCallHost, StreamRouter {
  readonly maxReceiveMessageSize: number;
  readonly maxSendMessageSize: number;
  readonly onError: ((error: unknown, ctx: ServerCallContext) => void) | undefined;
  readonly compressions: readonly Compression[];
  readonly compressResponses: boolean;
  private readonly options: ServerOptions;
  private readonly routes = new Map<string, Route>();
  private readonly definitions = new Map<string, ServiceDefinition>();
  private readonly transport: ServerTransport;
  private readonly calls = new Set<ServerCall>();
  private readonly scheduler = new CallScheduler();
  private closing: Promise<void> | undefined;
  private readonly closeListeners = new Set<() => void>();

  constructor(options: ServerOptions = {}) {
    this.options = options;
    this.maxReceiveMessageSize = options.maxReceiveMessageSize ?? DEFAULT_MAX_RECEIVE_MESSAGE_SIZE;
    this.maxSendMessageSize = options.maxSendMessageSize ?? DEFAULT_MAX_SEND_MESSAGE_SIZE;
    this.onError = options.onError;
    this.compressions = options.compressions ?? BUILTIN_COMPRESSIONS;
    this.compressResponses = options.compressResponses ?? true;
    this.transport = createServerTransport(options.transport, {
      tls: options.tls,
      maxConcurrentStreams: options.maxConcurrentStreams ?? DEFAULT_MAX_CONCURRENT_STREAMS,
      maxHeaderListSize: options.maxHeaderListSize ?? DEFAULT_MAX_HEADER_LIST_SIZE,
      streamWindowSize: checkWindowSize("streamWindowSize", options.streamWindowSize ?? DEFAULT_STREAM_WINDOW_SIZE),
      connectionWindowSize: checkWindowSize("connectionWindowSize", options.connectionWindowSize ?? DEFAULT_CONNECTION_WINDOW_SIZE),
      keepaliveTimeMs: options.keepaliveTimeMs ?? DEFAULT_KEEPALIVE_TIME_MS,
      keepaliveTimeoutMs: options.keepaliveTimeoutMs ?? DEFAULT_KEEPALIVE_TIMEOUT_MS,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
      http2Limits: options.http2Limits,
      onStream: (stream: ServerStream) => acceptStream(this, stream),
      onConnectionClose: () => this.checkIdle?.(),
      http2: options.http2,
    });
  }

  /**
   * Registers a service. Handler keys are the methods' localNames; a missing
   * handler answers UNIMPLEMENTED. Throws if the service is already added.
   */
  add<S extends ServiceDefinition>(service: S, handlers: ServiceHandlers<S>): this {
    if (this.definitions.has(service.typeName)) throw new Error(`service ${service.typeName} is already added`);
    const object = handlers as unknown as object;
    for (const method of Object.values(service.methods)) {
      const handler = findHandler(object, method.localName);
      const base: ServerNext = handler === undefined ? unimplemented(method) : bindHandler(handler, object);
      const interceptors = this.options.interceptors ?? [];
      const invoke = interceptors.length === 0 ? base : chainInterceptors(interceptors, promised(base));
      this.routes.set(method.path, { method, invoke });
    }
    this.definitions.set(service.typeName, service);
    return this;
  }

  /** Names of the registered services, in the order they were added: ["pkg.Greeter"]. */
  services(): string[] {
    return [...this.definitions.keys()];
  }

  /** The registered ServiceDefinitions (for reflection and other service layers). */
  serviceDefinitions(): ServiceDefinition[] {
    return [...this.definitions.values()];
  }

  /** A registered service by its fully qualified name. */
  getService(typeName: string): ServiceDefinition | undefined {
    return this.definitions.get(typeName);
  }

  /**
   * Binds "host:port" ("127.0.0.1:0", "[::1]:50051", ":50051" for every
   * interface) or a port number, and resolves with the bound port.
   */
  async listen(address: string | number): Promise<number> {
    if (this.closing !== undefined) throw new Error("the server is closed");
    const { host, port } = parseListenAddress(address);
    return this.transport.listen(host, port);
  }

  /**
   * Stops accepting connections and calls (GOAWAY), lets running calls
   * finish for `graceMs` (default: the shutdownGraceMs option), then cancels
   * the rest (their ctx.signal aborts; clients get UNAVAILABLE) and resolves
   * once every connection is closed.
   */
  close(graceMs = this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS): Promise<void> {
    if (this.closing === undefined) {
      // Listeners run first, while running calls can still send: the health
      // service tells its watchers NOT_SERVING before connections go away.
      for (const listener of this.closeListeners) {
        try {
          listener();
        } catch {
          // A listener's failure must not stop the shutdown it was told about.
        }
      }
      this.closeListeners.clear();
      this.closing = this.shutdown(graceMs);
    }
    return this.closing;
  }

  /** True once close() has been called. */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  /**
   * Calls `listener` once, synchronously, when close() is first called, before
   * connections are told to go away (services such as health use it to
   * report NOT_SERVING). A listener added after that runs at once. Returns a
   * function that removes the listener.
   */
  onClose(listener: () => void): () => void {
    if (this.closing !== undefined) {
      listener();
      return noop;
    }
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  private async shutdown(graceMs: number): Promise<void> {
    const transport = this.transport;
    const closed = transport.shutdown();
    if (this.calls.size > 0) {
      await this.waitFor(() => this.calls.size === 0, graceMs);
      for (const call of [...this.calls]) call.cancelForShutdown();
    }
    if (transport.connections > 0) {
      await this.waitFor(() => transport.connections === 0, FORCE_CLOSE_MS);
      transport.destroy();
    }
    await closed;
  }

  /** Resolves once `done()` holds (checked whenever a call or session closes) or after `ms`. */
  private waitFor(done: () => boolean, ms: number): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.checkIdle = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.checkIdle = () => {
        if (done()) finish();
      };
    });
  }

  // ---- StreamRouter / ServerCallHost: used by the calls, not by applications ----

  /** @internal */
  route(path: string): Route | undefined {
    return this.routes.get(path);
  }

  /** @internal */
  hasService(name: string): boolean {
    return this.definitions.has(name);
  }

  /** @internal */
  startCall(call: ServerCall): void {
    this.calls.add(call);
  }

  /** @internal */
  schedule(call: ScheduledCall, deadline: number | undefined): boolean {
    return this.scheduler.schedule(call, deadline);
  }

  /** @internal */
  callClosed(call: ServerCall): void {
    this.calls.delete(call);
    this.checkIdle?.();
  }

  /** Set while close() waits for calls or sessions to drain. */
  private checkIdle: (() => void) | undefined;
}

/** `createServer(options)`: a Server with no services yet. */
export function createServer(options?: ServerOptions): Server {
  return new Server(options);
}

function noop(): void {}

/**
 * The handler for a localName on a handler object, own or inherited (class
 * instances keep methods on their prototype), but never one of
 * Object.prototype's ("constructor", "toString"...).
 */
function findHandler(handlers: object, localName: string): AnyHandler | undefined {
  const value: unknown = Reflect.get(handlers, localName);
  if (typeof value !== "function") return undefined;
  if (!Object.hasOwn(handlers, localName) && value === Reflect.get(Object.prototype, localName)) return undefined;
  return value as AnyHandler;
}

function bindHandler(handler: AnyHandler, object: object): ServerNext {
  return (request, ctx) => Reflect.apply(handler, object, [request, ctx]) as Promise<unknown>;
}

function unimplemented(method: MethodDefinition): ServerNext {
  return () => {
    throw new RpcError(Code.Unimplemented, `method ${method.path} is not implemented`);
  };
}

/** Interceptors are promised a Promise from `next`, whatever the handler returned. */
function promised(next: ServerNext): ServerNext {
  return async (request, ctx) => next(request, ctx);
}
