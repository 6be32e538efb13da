import type { MethodDefinition } from "../codec/message-type.js";
import { Code } from "../grpc/code.js";
import { IDENTITY, parseAcceptEncoding, type Compression } from "../grpc/compression.js";
import { CONTENT_TYPE_GRPC_PROTO } from "../grpc/content-type.js";
import { Deframer } from "../grpc/deframer.js";
import { Metadata, type MetadataValue } from "../grpc/metadata.js";
import { metadataFromRawHeaders, writeMetadata } from "../grpc/metadata-headers.js";
import { GRPC_ENCODING } from "../grpc/request-headers.js";
import { Http2ErrorCode, http2ErrorName } from "../grpc/rst-code.js";
import { encodeStatusDetails } from "../grpc/status-details.js";
import { writeStatus } from "../grpc/trailers.js";
import type { HeaderFields, OutgoingHeaders } from "../http2/headers.js";
import type { ServerStream, ServerStreamEvents } from "../transport/types.js";
import type { ServerCallContext } from "./call-context.js";
import { MessageQueue } from "./message-queue.js";
import { frameMessage, readMessage } from "./message-codec.js";
import { RpcError, rpcErrorFromThrown } from "./rpc-error.js";
import type { ScheduledCall } from "./call-scheduler.js";

/** A registered method: its definition and the handler wrapped in the server's interceptors. */
export interface Route {
  readonly method: MethodDefinition;
  readonly invoke: (request: unknown, ctx: ServerCallContext) => unknown;
}

/** What calls need from their server. */
export interface ServerCallHost {
  readonly maxReceiveMessageSize: number;
  readonly maxSendMessageSize: number;
  /** Encodings the server supports. */
  readonly compressions: readonly Compression[];
  /** Told about handler errors that are not RpcErrors (their text is not sent). */
  readonly onError: ((error: unknown, ctx: ServerCallContext) => void) | undefined;
  /**
   * The request is complete (the whole message, or the headers of a request
   * stream): start the handler in turn. False when the server is too busy to
   * start it before `deadline`.
   */
  schedule(call: ScheduledCall, deadline: number | undefined): boolean;
  /** The stream is closed: forget the call. */
  callClosed(call: ServerCall): void;
}

/** Timers longer than this overflow setTimeout (it would fire at once); such deadlines are not armed. */
const MAX_TIMER_MS = 0x7fff_ffff;

const OK_TRAILERS: OutgoingHeaders = Object.freeze({ "grpc-status": "0" });
const RESPONSE_HEADERS: OutgoingHeaders = Object.freeze({ ":status": 200, "content-type": CONTENT_TYPE_GRPC_PROTO });

/**
 * One call on the server, from its request headers to its trailers; it is
 * also the handler's `ctx`. The request side feeds a Deframer; unary and
 * server-streaming calls run the handler once the client has half-closed
 * with exactly one message, streaming requests reach the handler through a
 * MessageQueue. The handler starts when the server's scheduler says so
 * (`start`), which skips calls that ended or expired while they waited.
 * Every way a call can end goes through `sendStatus` (we end it) or
 * `onClose` (the stream is gone), and both clean up.
 *
 * Deadlines (PROTOCOL-HTTP2.md, "Timeout"): the timer armed for a
 * grpc-timeout ends the call with DEADLINE_EXCEEDED and aborts ctx.signal.
 * A handler that keeps the event loop busy delays that timer, so the
 * deadline is also checked where it matters without it: as the handler
 * would start (it is not run), as a response message or the OK status
 * would go out (they are not sent), and as the handler reads ctx.signal.
 */
export class ServerCall implements ServerCallContext, ScheduledCall, ServerStreamEvents {
  readonly method: MethodDefinition;
  readonly deadline: number | undefined;
  private readonly stream: ServerStream;
  private readonly route: Route;
  private readonly host: ServerCallHost;
  private readonly recvCompression: Compression | undefined;
  private sendCompression: Compression | undefined;
  /** The request's grpc-accept-encoding header, parsed when a handler chooses a response encoding. */
  private readonly acceptEncoding: string | undefined;
  private compressMessages = true;
  private lastRequestCompressed = false;
  private readonly deframer: Deframer;
  private readonly requests: MessageQueue<unknown> | undefined;
  /** The request message of a unary or server-streaming call, until the client half-closes. */
  private requestBytes: Uint8Array | undefined;
  private requestFlag = false;
  /** What the handler is called with once its turn comes: the decoded request, or the request stream. */
  private handlerInput: unknown;
  private requestCount = 0;
  private headersSent = false;
  /** The status is sent (or cannot be any more): nothing else goes out. */
  private finished = false;
  private closed = false;
  private controller: AbortController | undefined;
  private abortReason: RpcError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private header: Metadata | undefined;
  private trailer: Metadata | undefined;
  private metadata: Metadata | undefined;
  /** The trailers of a successful call (grpc-status 0 and the handler's trailer metadata). */
  private okTrailers: OutgoingHeaders = OK_TRAILERS;
  private drainWaiter: (() => void) | undefined;

  constructor(
    stream: ServerStream,
    route: Route,
    host: ServerCallHost,
    timeoutMs: number | undefined,
    recvCompression: Compression | undefined,
    sendCompression: Compression | undefined,
    acceptEncoding?: string,
  ) {
    this.stream = stream;
    this.route = route;
    this.method = route.method;
    this.host = host;
    this.recvCompression = recvCompression;
    this.sendCompression = sendCompression;
    this.acceptEncoding = acceptEncoding;
    this.deframer = new Deframer(host.maxReceiveMessageSize, this.onMessage);
    const kind = route.method.kind;
    this.requests =
      kind === "client_streaming" || kind === "bidi_streaming"
        ? new MessageQueue<unknown>({
            read: (bytes, compressed) => this.readRequest(bytes, compressed),
            pause: () => stream.pause(),
            resume: () => stream.resume(),
            cancel: () => {},
            failed: (e) => this.fail(e),
          })
        : undefined;
    if (timeoutMs !== undefined) {
      this.deadline = Date.now() + timeoutMs;
      if (timeoutMs <= MAX_TIMER_MS) this.timer = setTimeout(onCallDeadline, timeoutMs, this);
    } else {
      this.deadline = undefined;
    }
    stream.attach(this);
    if (this.requests !== undefined) this.enqueue(this.requests);
  }

  // ---- ServerCallContext -------------------------------------------------

  get requestMetadata(): Metadata {
    return (this.metadata ??= metadataFromRawHeaders(this.stream.headers));
  }

  get signal(): AbortSignal {
    // The deadline timer may be late behind a busy event loop; a handler asking is told now.
    if (!this.finished && this.expired()) this.expire();
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortReason !== undefined) this.controller.abort(this.abortReason);
    }
    return this.controller.signal;
  }

  get peer(): string {
    const address = this.stream.remoteAddress;
    const port = this.stream.remotePort;
    return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
  }

  get responseHeader(): Metadata {
    return (this.header ??= new Metadata());
  }

  get responseTrailer(): Metadata {
    return (this.trailer ??= new Metadata());
  }

  setHeader(key: string, value: MetadataValue): void {
    if (this.headersSent) throw new Error("response headers were already sent");
    this.responseHeader.append(key, value);
  }

  setTrailer(key: string, value: MetadataValue): void {
    this.responseTrailer.append(key, value);
  }

  get requestCompressed(): boolean {
    return this.lastRequestCompressed;
  }

  get responseCompression(): string | undefined {
    return this.sendCompression?.name;
  }

  setResponseCompression(encoding: Compression | string): boolean {
    if (this.headersSent) throw new Error("response headers were already sent");
    const name = typeof encoding === "string" ? encoding : encoding.name;
    if (name === IDENTITY) {
      this.sendCompression = undefined;
      return true;
    }
    const known = this.host.compressions.find((c) => c.name === name);
    if (known === undefined) throw new TypeError(`unsupported compression ${JSON.stringify(name)}`);
    if (!parseAcceptEncoding(this.acceptEncoding).includes(name)) return false;
    this.sendCompression = typeof encoding === "string" ? known : encoding;
    return true;
  }

  setMessageCompression(enabled: boolean): void {
    this.compressMessages = enabled;
  }

  sendHeader(): void {
    if (this.headersSent || this.finished) return;
    this.headersSent = true;
    let headers = RESPONSE_HEADERS;
    if (this.sendCompression !== undefined || (this.header !== undefined && this.header.size > 0)) {
      const fields: HeaderFields = { ...RESPONSE_HEADERS };
      if (this.sendCompression !== undefined) fields[GRPC_ENCODING] = this.sendCompression.name;
      if (this.header !== undefined) writeMetadata(this.header, fields);
      headers = fields;
    }
    this.stream.respond(headers, false);
  }

  // ---- request side ------------------------------------------------------

  /** @internal A DATA chunk of the request stream. */
  onData(chunk: Uint8Array): void {
    if (this.finished) return;
    const error = this.deframer.push(chunk);
    if (error !== undefined) this.sendStatus(error.code, error.message);
  }

  private readonly onMessage = (bytes: Uint8Array, compressed: boolean): void => {
    if (this.finished) return;
    if (this.requests !== undefined) {
      this.requests.push(bytes, compressed);
      return;
    }
    if (++this.requestCount > 1) {
      // A cardinality violation; grpc-go and grpc-java answer INTERNAL.
      this.sendStatus(Code.Internal, `received more than one request message for ${this.method.kind} method ${this.method.path}`);
      return;
    }
    this.requestBytes = bytes;
    this.requestFlag = compressed;
  };

  /** @internal The client half-closed (END_STREAM). */
  onEnd(): void {
    if (this.finished) return;
    if (this.deframer.hasPartialMessage) {
      const error = new RpcError(Code.Internal, "request stream ended in the middle of a message (its length prefix announced more bytes)");
      this.requests?.fail(error);
      this.sendStatus(error.code, error.rawMessage);
      return;
    }
    if (this.requests !== undefined) {
      this.requests.end();
      return;
    }
    const bytes = this.requestBytes;
    if (bytes === undefined) {
      this.sendStatus(Code.Internal, `received no request message for ${this.method.kind} method ${this.method.path}`);
      return;
    }
    this.requestBytes = undefined;
    let value: unknown;
    try {
      value = this.readRequest(bytes, this.requestFlag);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (value instanceof Promise) value.then((v) => this.enqueue(v), this.failLater());
    else this.enqueue(value);
  }

  private readRequest(bytes: Uint8Array, compressed: boolean): unknown {
    // Called as the handler is handed each message, so this describes the latest one.
    this.lastRequestCompressed = compressed;
    const max = this.host.maxReceiveMessageSize;
    return readMessage(this.method.input, bytes, compressed, this.recvCompression, max, "request");
  }

  // ---- running the handler -----------------------------------------------

  /** The handler can start: wait for the scheduler (see call-scheduler.ts). */
  private enqueue(input: unknown): void {
    if (this.finished) return;
    this.handlerInput = input;
    if (this.host.schedule(this, this.deadline)) return;
    this.handlerInput = undefined;
    const error = new RpcError(Code.DeadlineExceeded, "the server is too busy to run the call before its deadline");
    this.sendStatus(error.code, error.rawMessage);
    this.abort(error);
  }

  /**
   * @internal The scheduler's turn for this call. A call that ended while it
   * waited (cancelled, reset, deadline, shutdown) is dropped; one whose
   * deadline has passed ends with DEADLINE_EXCEEDED: either way the handler
   * does not run, since nobody waits for its work.
   */
  start(): void {
    if (this.finished) return;
    if (this.expired()) {
      this.expire();
      return;
    }
    const input = this.handlerInput;
    this.handlerInput = undefined;
    this.run(input);
  }

  private run(request: unknown): void {
    let result: unknown;
    try {
      result = this.route.invoke(request, this);
    } catch (e) {
      this.fail(e);
      return;
    }
    const kind = this.method.kind;
    if (kind === "unary" || kind === "client_streaming") {
      if (result instanceof Promise) result.then((r) => this.sendResponse(r), this.failLater());
      else this.sendResponse(result);
    } else {
      this.pump(result).catch(this.failLater());
    }
  }

  /** Sends the single response of a unary or client-streaming call, then OK. */
  private sendResponse(response: unknown): void {
    if (this.finished) return;
    let frame: Buffer | Promise<Buffer>;
    try {
      frame = this.frame(response);
    } catch (e) {
      this.fail(e);
      return;
    }
    if (frame instanceof Promise) frame.then((f) => this.endWith(f), this.failLater());
    else this.endWith(frame);
  }

  private endWith(frame: Buffer): void {
    if (this.finished) return;
    if (this.expired()) {
      // Too late: the client has given up (its own deadline is no later than ours).
      this.expire();
      return;
    }
    this.sendHeader();
    this.finishOk();
    this.stream.end(frame, this.okTrailers);
  }

  /** Writes each message of a server-streaming or bidi response, with backpressure, then OK. */
  private async pump(result: unknown): Promise<void> {
    const responses = (result instanceof Promise ? await result : result) as AsyncIterable<unknown> | Iterable<unknown>;
    if (responses === null || typeof responses !== "object" || !(Symbol.asyncIterator in responses || Symbol.iterator in responses)) {
      throw new RpcError(Code.Internal, `handler of ${this.method.path} did not return an AsyncIterable`);
    }
    for await (const response of responses) {
      if (this.finished) break;
      const framed = this.frame(response);
      const frame = framed instanceof Promise ? await framed : framed;
      if (this.finished) break;
      if (this.expired()) {
        this.expire();
        break;
      }
      this.sendHeader();
      if (!this.stream.write(frame)) await this.drained();
    }
    if (this.finished) return;
    if (this.expired()) {
      this.expire();
      return;
    }
    this.sendHeader();
    this.finishOk();
    this.stream.end(undefined, this.okTrailers);
  }

  private frame(response: unknown): Buffer | Promise<Buffer> {
    const max = this.host.maxSendMessageSize;
    const compression = this.compressMessages ? this.sendCompression : undefined;
    return frameMessage(this.method.output, response, max, compression, "response");
  }

  /** Resolves when the stream has room for more (onDrain) or is gone (onClose). */
  private drained(): Promise<void> {
    if (this.closed || this.stream.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiter = resolve;
    });
  }

  /** @internal The stream's output buffer has room again. */
  onDrain(): void {
    const waiter = this.drainWaiter;
    this.drainWaiter = undefined;
    waiter?.();
  }

  // ---- ending the call ---------------------------------------------------

  /** `fail` as a callback, for the rejection of a Promise (made only on the paths that wait for one). */
  private failLater(): (thrown: unknown) => void {
    return (thrown) => this.fail(thrown);
  }

  /** A handler (or reading a request) failed: answer with its status. */
  private fail(thrown: unknown): void {
    if (this.finished) return;
    const error = rpcErrorFromThrown(thrown);
    if (error !== thrown && this.host.onError !== undefined) {
      try {
        this.host.onError(thrown, this);
      } catch {
        // A failing error hook must not take the call down with it.
      }
    }
    this.requests?.fail(error);
    this.sendStatus(error.code, error.rawMessage, error.metadata, error.details.length > 0 ? error : undefined);
  }

  /** Marks the call as successfully done, with the trailers to end it with. */
  private finishOk(): void {
    this.finished = true;
    this.clearTimer();
    if (this.trailer !== undefined && this.trailer.size > 0) {
      const trailers: HeaderFields = { ...OK_TRAILERS };
      writeMetadata(this.trailer, trailers);
      this.okTrailers = trailers;
    }
  }

  /**
   * Ends the call with a status: in the trailers, or as a Trailers-Only
   * response when no headers were sent yet.
   */
  private sendStatus(code: Code, message: string, extra?: Metadata, withDetails?: RpcError): void {
    if (this.finished) return;
    this.finished = true;
    this.clearTimer();
    const trailers: HeaderFields = {};
    const details =
      withDetails === undefined
        ? undefined
        : encodeStatusDetails({ code, message, details: withDetails.details });
    writeStatus(trailers, code, message, details);
    if (this.trailer !== undefined) writeMetadata(this.trailer, trailers);
    if (extra !== undefined && extra.size > 0) writeMetadata(extra, trailers);
    if (this.closed || this.stream.closed) return;
    // Either way, the transport resets the stream with NO_ERROR afterwards if the
    // client is still sending (PROTOCOL-HTTP2.md, "Early Server Closure").
    if (!this.headersSent) {
      this.headersSent = true;
      const headers: HeaderFields = { ...RESPONSE_HEADERS };
      if (this.header !== undefined) writeMetadata(this.header, headers);
      Object.assign(headers, trailers);
      this.stream.respond(headers, true);
    } else {
      this.stream.end(undefined, trailers);
    }
  }

  /** @internal The deadline timer fired. */
  onDeadline(): void {
    this.timer = undefined;
    this.expire();
  }

  /** The deadline has passed (whether or not its timer has fired yet). */
  private expired(): boolean {
    return this.deadline !== undefined && Date.now() >= this.deadline;
  }

  /** Ends the call with DEADLINE_EXCEEDED and aborts ctx.signal. */
  private expire(): void {
    const error = new RpcError(Code.DeadlineExceeded, "deadline exceeded");
    this.sendStatus(error.code, error.rawMessage);
    this.abort(error);
  }

  /** The server is shutting down past its grace period. */
  cancelForShutdown(): void {
    const error = new RpcError(Code.Unavailable, "the server is shutting down");
    this.sendStatus(error.code, error.rawMessage);
    this.abort(error);
  }

  /** @internal The stream is gone. If we had not ended the call, the client cancelled or reset it. */
  onClose(resetCode: number | undefined): void {
    this.closed = true;
    this.clearTimer();
    this.onDrain();
    if (!this.finished) {
      this.finished = true;
      const code = resetCode ?? Http2ErrorCode.Cancel;
      const message =
        code === Http2ErrorCode.Cancel
          ? "the client cancelled the call"
          : `the client reset the stream with ${http2ErrorName(code)} (${code})`;
      this.abort(new RpcError(Code.Cancelled, message));
    }
    this.host.callClosed(this);
  }

  private abort(reason: RpcError): void {
    this.requests?.fail(reason);
    if (this.controller !== undefined) this.controller.abort(reason);
    else this.abortReason ??= reason;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

function onCallDeadline(call: ServerCall): void {
  call.onDeadline();
}
