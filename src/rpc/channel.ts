import type { Http2Limits } from "../http2/connection/limits.js";
import type * as http2 from "node:http2";
import type { ConnectionOptions } from "node:tls";
import type { MethodDefinition, MethodKind } from "../codec/message-type.js";
import { BUILTIN_COMPRESSIONS, formatAcceptEncoding, IDENTITY, type Compression } from "../grpc/compression.js";
import { checkWindowSize, DEFAULT_CONNECTION_WINDOW_SIZE, DEFAULT_STREAM_WINDOW_SIZE } from "../grpc/flow-control.js";
import { Metadata } from "../grpc/metadata.js";
import { baseRequestHeaders } from "../grpc/request-headers.js";
import { userAgent } from "../grpc/user-agent.js";
import type { OutgoingHeaders } from "../http2/headers.js";
import { checkName } from "../transport/create.js";
import type { TransportName } from "../transport/types.js";
import type { CallOptions } from "./call-options.js";
import { ClientCall, type CallHost } from "./client-call.js";
import { SessionHandle, type SessionOptions } from "./client-session.js";
import { chainInterceptors, type ClientInterceptor, type ClientNext } from "./interceptors.js";
import type { PartialMessage } from "./message-init.js";

export interface ConnectOptions {
  /**
   * node:tls options for "https://" targets: `ca` for a private CA, `cert`
   * and `key` for mutual TLS, `servername`, `rejectUnauthorized`...
   */
  readonly tls?: ConnectionOptions;
  /**
   * The HTTP/2 implementation: "wiregrpc" (our own engine, src/http2) or
   * "node:http2" (node's built-in). Default "wiregrpc", or the
   * WIREGRPC_TRANSPORT environment variable when it is set.
   */
  readonly transport?: TransportName;
  /** Further node:http2 connect options (settings, maxSessionMemory, ...), for the node:http2 transport. */
  readonly http2?: http2.ClientSessionOptions;
  /**
   * Further limits of our HTTP/2 engine (the "wiregrpc" transport), by the
   * names of src/http2/connection/limits.ts; they win over the options here.
   */
  readonly http2Limits?: Partial<Http2Limits>;
  /** Largest response message accepted, before and after decompression. Default 4 MiB. */
  readonly maxReceiveMessageSize?: number;
  /** Largest request message sent (RESOURCE_EXHAUSTED past it). Default 2^31 - 1 bytes. */
  readonly maxSendMessageSize?: number;
  /** Compress requests with this encoding ("gzip" or "deflate"); default identity. */
  readonly sendCompression?: Compression | string;
  /** Encodings accepted in responses (sent as grpc-accept-encoding). Default gzip and deflate. */
  readonly acceptCompression?: readonly Compression[];
  /** Wrap every call; the first one is outermost. */
  readonly interceptors?: readonly ClientInterceptor[];
  /** Product token put before ours in user-agent: "myapp/1.2". */
  readonly userAgent?: string;
  /** A connection not made within this time fails its calls with UNAVAILABLE. Default 20000 ms. */
  readonly connectTimeoutMs?: number;
  /**
   * Receive window of each stream (SETTINGS_INITIAL_WINDOW_SIZE), in bytes.
   * Default 1 MiB (HTTP/2's own default, 64 KiB, makes a big response crawl).
   */
  readonly streamWindowSize?: number;
  /** Receive window of the connection, shared by its streams. Default 4 MiB. */
  readonly connectionWindowSize?: number;
}

/** What `channel.call(method, ...)` takes and returns for each kind of method. */
export type CallRequest<K extends MethodKind, I> = K extends "unary" | "server_streaming"
  ? PartialMessage<I>
  : AsyncIterable<PartialMessage<I>> | Iterable<PartialMessage<I>>;
export type CallResult<K extends MethodKind, O> = K extends "unary" | "client_streaming" ? Promise<O> : AsyncIterable<O>;

const DEFAULT_MAX_RECEIVE_MESSAGE_SIZE = 4 * 1024 * 1024;
const DEFAULT_MAX_SEND_MESSAGE_SIZE = 0x7fff_ffff;
const DEFAULT_CONNECT_TIMEOUT_MS = 20_000;

/**
 * A connection to one server ("http://host:port" or "https://host:port"),
 * made by `connect`. It keeps one HTTP/2 session, opened by the first call
 * and reopened after it closes; all calls share it. Methods take
 * MethodDefinitions, so they work with generated and run-time definitions
 * alike; `createClient` builds typed methods on top.
 */
export class Channel implements CallHost {
  readonly target: string;
  readonly maxReceiveMessageSize: number;
  readonly maxSendMessageSize: number;
  readonly sendCompression: Compression | undefined;
  readonly compressions: readonly Compression[];
  private readonly origin: string;
  private readonly sessionOptions: SessionOptions;
  private readonly headerOptions: { userAgent: string; encoding?: string; acceptEncoding: string };
  private readonly headerCache = new WeakMap<MethodDefinition, OutgoingHeaders>();
  private readonly intercepted: ClientNext | undefined;
  private current: SessionHandle | undefined;
  private closed = false;

  constructor(target: string, options: ConnectOptions = {}) {
    const url = parseTarget(target);
    this.target = target;
    this.origin = url.origin;
    this.maxReceiveMessageSize = options.maxReceiveMessageSize ?? DEFAULT_MAX_RECEIVE_MESSAGE_SIZE;
    this.maxSendMessageSize = options.maxSendMessageSize ?? DEFAULT_MAX_SEND_MESSAGE_SIZE;
    this.compressions = options.acceptCompression ?? BUILTIN_COMPRESSIONS;
    this.sendCompression = resolveCompression(options.sendCompression, this.compressions);
    this.sessionOptions = {
      transport: options.transport === undefined ? undefined : checkName(options.transport),
      http2: options.http2,
      http2Limits: options.http2Limits,
      tls: options.tls,
      connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      streamWindowSize: checkWindowSize("streamWindowSize", options.streamWindowSize ?? DEFAULT_STREAM_WINDOW_SIZE),
      connectionWindowSize: checkWindowSize("connectionWindowSize", options.connectionWindowSize ?? DEFAULT_CONNECTION_WINDOW_SIZE),
    };
    this.headerOptions = {
      userAgent: userAgent(options.userAgent),
      acceptEncoding: formatAcceptEncoding(this.compressions),
      ...(this.sendCompression !== undefined ? { encoding: this.sendCompression.name } : {}),
    };
    const interceptors = options.interceptors ?? [];
    this.intercepted = interceptors.length === 0 ? undefined : chainInterceptors(interceptors, this.lastInterceptor);
  }

  /** One request, one response. */
  unary<I, O>(method: MethodDefinition<I, O>, request: PartialMessage<I>, options: CallOptions = {}): Promise<O> {
    if (this.intercepted !== undefined) return this.intercept(method, request, options) as Promise<O>;
    return ClientCall.single(this, method, options, requestMetadata(options), { message: request as I });
  }

  /** One request, a stream of responses. Leaving the for-await loop early cancels the call. */
  serverStream<I, O>(method: MethodDefinition<I, O>, request: PartialMessage<I>, options: CallOptions = {}): AsyncIterable<O> {
    if (this.intercepted !== undefined) return lazyIterable(this.intercept(method, request, options) as Promise<AsyncIterable<O>>);
    return ClientCall.stream(this, method, options, requestMetadata(options), { message: request as I });
  }

  /** A stream of requests (any AsyncIterable or Iterable), one response. */
  clientStream<I, O>(
    method: MethodDefinition<I, O>,
    requests: AsyncIterable<PartialMessage<I>> | Iterable<PartialMessage<I>>,
    options: CallOptions = {},
  ): Promise<O> {
    if (this.intercepted !== undefined) return this.intercept(method, requests, options) as Promise<O>;
    return ClientCall.single(this, method, options, requestMetadata(options), { stream: requests as AsyncIterable<I> });
  }

  /** Streams both ways; requests are sent as the iterable yields them. */
  bidiStream<I, O>(
    method: MethodDefinition<I, O>,
    requests: AsyncIterable<PartialMessage<I>> | Iterable<PartialMessage<I>>,
    options: CallOptions = {},
  ): AsyncIterable<O> {
    if (this.intercepted !== undefined) return lazyIterable(this.intercept(method, requests, options) as Promise<AsyncIterable<O>>);
    return ClientCall.stream(this, method, options, requestMetadata(options), { stream: requests as AsyncIterable<I> });
  }

  /** Calls any method, choosing the shape by `method.kind`. */
  call<I, O, K extends MethodKind>(
    method: MethodDefinition<I, O> & { readonly kind: K },
    request: CallRequest<K, I>,
    options?: CallOptions,
  ): CallResult<K, O>;
  call<I, O>(method: MethodDefinition<I, O>, request: unknown, options: CallOptions = {}): Promise<O> | AsyncIterable<O> {
    switch (method.kind) {
      case "unary":
        return this.unary(method, request as PartialMessage<I>, options);
      case "server_streaming":
        return this.serverStream(method, request as PartialMessage<I>, options);
      case "client_streaming":
        return this.clientStream(method, request as Iterable<PartialMessage<I>>, options);
      case "bidi_streaming":
        return this.bidiStream(method, request as Iterable<PartialMessage<I>>, options);
    }
  }

  /**
   * Closes the connection: calls already running may finish, new calls fail
   * with UNAVAILABLE. Resolves once the session is closed.
   */
  close(): Promise<void> {
    this.closed = true;
    const handle = this.current;
    this.current = undefined;
    return handle === undefined ? Promise.resolve() : handle.close();
  }

  // ---- CallHost -------------------------------------------------------------

  baseHeaders(method: MethodDefinition): OutgoingHeaders {
    let headers = this.headerCache.get(method);
    if (headers === undefined) {
      headers = baseRequestHeaders(method.path, this.headerOptions);
      this.headerCache.set(method, headers);
    }
    return headers;
  }

  session(): SessionHandle {
    if (this.closed) throw new Error("the channel is closed");
    const current = this.current;
    if (current !== undefined && current.usable) return current;
    const handle = new SessionHandle(this.origin, this.sessionOptions, this.onSessionGone);
    this.current = handle;
    return handle;
  }

  private readonly onSessionGone = (handle: SessionHandle): void => {
    if (this.current === handle) this.current = undefined;
  };

  // ---- interceptors ---------------------------------------------------------

  private intercept(method: MethodDefinition, request: unknown, options: CallOptions): Promise<unknown> {
    const ctx = { method, requestMetadata: new Metadata(options.metadata), options: { ...options } };
    try {
      return this.intercepted!(request, ctx);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** The innermost `next`: starts the call as the interceptors left it. */
  private readonly lastInterceptor: ClientNext = (request, ctx) => {
    const { method, options, requestMetadata } = ctx;
    const metadata = requestMetadata.size > 0 ? requestMetadata : undefined;
    switch (method.kind) {
      case "unary":
        return ClientCall.single(this, method, options, metadata, { message: request });
      case "client_streaming":
        return ClientCall.single(this, method, options, metadata, { stream: request as AsyncIterable<unknown> });
      case "server_streaming":
        return Promise.resolve(ClientCall.stream(this, method, options, metadata, { message: request }));
      case "bidi_streaming":
        return Promise.resolve(ClientCall.stream(this, method, options, metadata, { stream: request as AsyncIterable<unknown> }));
    }
  };
}

/** `connect("http://127.0.0.1:50051")`: a Channel; no connection is made until the first call. */
export function connect(target: string, options?: ConnectOptions): Channel {
  return new Channel(target, options);
}

function parseTarget(target: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? target : `http://${target}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new TypeError(`invalid target ${JSON.stringify(target)}: expected "http://host:port" or "https://host:port"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`invalid target ${JSON.stringify(target)}: the scheme must be http or https`);
  }
  return url;
}

function resolveCompression(choice: Compression | string | undefined, known: readonly Compression[]): Compression | undefined {
  if (choice === undefined || choice === IDENTITY) return undefined;
  if (typeof choice !== "string") return choice;
  const found = [...known, ...BUILTIN_COMPRESSIONS].find((c) => c.name === choice);
  if (found === undefined) throw new TypeError(`unknown compression ${JSON.stringify(choice)}`);
  return found;
}

function requestMetadata(options: CallOptions): Metadata | undefined {
  const init = options.metadata;
  if (init === undefined) return undefined;
  return init instanceof Metadata ? init : new Metadata(init);
}

/**
 * An AsyncIterable over a promised one, so streaming methods can return
 * synchronously while interceptors run. A rejection surfaces on the first
 * next(); it is never reported as unhandled if nobody iterates.
 */
function lazyIterable<O>(promise: Promise<AsyncIterable<O>>): AsyncIterable<O> {
  promise.catch(() => {});
  return {
    [Symbol.asyncIterator](): AsyncIterator<O> {
      let inner: AsyncIterator<O> | undefined;
      const get = async (): Promise<AsyncIterator<O>> => (inner ??= (await promise)[Symbol.asyncIterator]());
      return {
        next: async () => (await get()).next(),
        return: async (value?: unknown) => {
          if (inner === undefined) {
            // Not started yet: start it only to cancel it.
            const it = await promise.then((p) => p[Symbol.asyncIterator](), () => undefined);
            await it?.return?.();
          } else {
            await inner.return?.(value);
          }
          return { done: true, value: undefined };
        },
      };
    },
  };
}
