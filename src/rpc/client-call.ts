import type { MethodDefinition } from "../codec/message-type.js";
import { Code } from "../grpc/code.js";
import { findCompression, IDENTITY, type Compression } from "../grpc/compression.js";
import { Deframer } from "../grpc/deframer.js";
import { codeFromHttpStatus } from "../grpc/http-status.js";
import type { Metadata } from "../grpc/metadata.js";
import { metadataFromRawHeaders, writeMetadata } from "../grpc/metadata-headers.js";
import { GRPC_ENCODING, headerString, withTimeout } from "../grpc/request-headers.js";
import { checkResponseHeaders, isTrailersOnly } from "../grpc/response-headers.js";
import { Http2ErrorCode } from "../grpc/rst-code.js";
import { decodeStatusDetails, type ErrorDetail } from "../grpc/status-details.js";
import { readStatus, type ReceivedStatus } from "../grpc/trailers.js";
import type { HeaderFields, HeaderList, OutgoingHeaders } from "../http2/headers.js";
import type { ClientStream, ClientStreamClose, ClientStreamEvents } from "../transport/types.js";
import type { CallOptions } from "./call-options.js";
import { describeStreamEnd, ENDED_NORMALLY, type SessionHandle } from "./client-session.js";
import { MessageQueue } from "./message-queue.js";
import { frameMessage, readMessage } from "./message-codec.js";
import { asRpcError, RpcError } from "./rpc-error.js";
import { resolveSendCompression } from "./send-compression.js";

/** What a call needs from its channel. */
export interface CallHost {
  readonly maxReceiveMessageSize: number;
  readonly maxSendMessageSize: number;
  readonly sendCompression: Compression | undefined;
  readonly compressions: readonly Compression[];
  /** The method's constant request headers (built once per method). */
  baseHeaders(method: MethodDefinition): OutgoingHeaders;
  /** The session to open the stream on (connecting lazily). */
  session(): SessionHandle;
}

/** What is sent: one message (unary, server streaming) or a stream of them. */
export type RequestSource<I> = { readonly message: I } | { readonly stream: AsyncIterable<I> | Iterable<I> };

/** Where the response goes: one message (unary, client streaming) or a stream of them. */
type Sink<O> =
  | { readonly kind: "single"; resolve(value: O): void; reject(error: RpcError): void }
  | { readonly kind: "stream"; readonly queue: MessageQueue<O> };

/** Timers longer than this overflow setTimeout; such deadlines are only sent, not armed. */
const MAX_TIMER_MS = 0x7fff_ffff;

/** Attempts of a call the server refused unprocessed, in all, and the longest pause between two. */
const MAX_TRANSPARENT_ATTEMPTS = 10;
const TRANSPARENT_RETRY_MAX_PAUSE_MS = 250;

/**
 * One call on the client. It opens a stream, sends the request message(s),
 * reads Response-Headers, messages and Trailers, and ends exactly once:
 * with the received status, or with a local one (deadline, cancel, broken
 * connection, protocol violation), after which the stream is reset.
 */
export class ClientCall<I, O> implements ClientStreamEvents {
  private readonly host: CallHost;
  private readonly method: MethodDefinition<I, O>;
  private readonly options: CallOptions;
  private readonly sink: Sink<O>;
  private readonly deframer: Deframer;
  private stream: ClientStream | undefined;
  private handle: SessionHandle | undefined;
  private deadline: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private recvCompression: Compression | undefined;
  private unsupportedEncoding: string | undefined;
  private single: { bytes: Uint8Array; compressed: boolean } | undefined;
  private messageCount = 0;
  /** The request encoding: the channel's, or the call's own (CallOptions.sendCompression). */
  private readonly sendCompression: Compression | undefined;
  private requestIndex = 0;
  private status: ReceivedStatus | undefined;
  private trailer: Metadata | undefined;
  private drainWaiter: (() => void) | undefined;
  private done = false;
  /** Our side of the stream is ended (or must not be written any more). */
  private sendClosed = false;
  /** The request headers without grpc-timeout, and the one framed request, kept for a transparent retry. */
  private untimedHeaders: OutgoingHeaders | undefined;
  private singleFrame: Buffer | undefined;
  private responded = false;
  private attempts = 1;

  private constructor(host: CallHost, method: MethodDefinition<I, O>, options: CallOptions, sink: Sink<O>) {
    this.host = host;
    this.method = method;
    this.options = options;
    this.sink = sink;
    this.deframer = new Deframer(host.maxReceiveMessageSize, this.onMessage);
    this.sendCompression =
      options.sendCompression === undefined ? host.sendCompression : resolveSendCompression(options.sendCompression, host.compressions);
  }

  /** A call with one response message; `metadata` is the request metadata, if any. */
  static single<I, O>(
    host: CallHost,
    method: MethodDefinition<I, O>,
    options: CallOptions,
    metadata: Metadata | undefined,
    request: RequestSource<I>,
  ): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      new ClientCall(host, method, options, { kind: "single", resolve, reject }).start(metadata, request);
    });
  }

  /** A call with a stream of response messages. */
  static stream<I, O>(
    host: CallHost,
    method: MethodDefinition<I, O>,
    options: CallOptions,
    metadata: Metadata | undefined,
    request: RequestSource<I>,
  ): AsyncIterableIterator<O> {
    let call: ClientCall<I, O> | undefined;
    const queue = new MessageQueue<O>({
      read: (bytes, compressed) => call!.readResponse(bytes, compressed),
      pause: () => call!.stream?.pause(),
      resume: () => call!.stream?.resume(),
      cancel: () => call!.fail(new RpcError(Code.Cancelled, "the response stream was abandoned")),
      failed: (e) => call!.fail(asRpcError(e)),
    });
    call = new ClientCall(host, method, options, { kind: "stream", queue });
    call.start(metadata, request);
    return queue;
  }

  private start(metadata: Metadata | undefined, request: RequestSource<I>): void {
    const { signal, timeoutMs, deadline } = this.options;
    if (signal?.aborted) return this.fail(cancelError(signal));
    let timeout: number | undefined;
    if (timeoutMs !== undefined || deadline !== undefined) {
      const now = Date.now();
      const at = Math.min(
        timeoutMs === undefined ? Infinity : now + timeoutMs,
        deadline === undefined ? Infinity : +deadline,
      );
      this.deadline = at;
      timeout = at - now;
      if (!(timeout > 0)) return this.fail(new RpcError(Code.DeadlineExceeded, "deadline exceeded before the call started"));
    }
    // Encode a single request before opening a stream, so a bad message costs no round trip.
    let frame: Buffer | Promise<Buffer> | undefined;
    if ("message" in request) {
      try {
        frame = this.frame(request.message);
      } catch (e) {
        return this.fail(asRpcError(e));
      }
    }
    // The method's shared headers, copied before anything is added for this call.
    let untimed: OutgoingHeaders = this.host.baseHeaders(this.method);
    if (this.sendCompression !== this.host.sendCompression || (metadata !== undefined && metadata.size > 0)) {
      const fields: HeaderFields = { ...untimed };
      if (this.sendCompression === undefined) delete fields[GRPC_ENCODING];
      else fields[GRPC_ENCODING] = this.sendCompression.name;
      if (metadata !== undefined && metadata.size > 0) writeMetadata(metadata, fields);
      untimed = fields;
    }
    this.untimedHeaders = untimed;
    if (!this.openStream(timeout === undefined ? untimed : withTimeout(untimed, timeout))) return;
    if (timeout !== undefined && timeout <= MAX_TIMER_MS) this.timer = setTimeout(this.onDeadline, timeout);
    signal?.addEventListener("abort", this.onAbort, { once: true });
    if (frame === undefined) {
      this.pump((request as { stream: AsyncIterable<I> | Iterable<I> }).stream).catch((e: unknown) => this.fail(asRpcError(e)));
    } else if (frame instanceof Promise) {
      frame.then((f) => this.endWith(f), (e: unknown) => this.fail(asRpcError(e)));
    } else {
      this.endWith(frame);
    }
  }

  /** Opens the call's stream on the channel's current session; false (and the call failed) when it cannot. */
  private openStream(headers: OutgoingHeaders): boolean {
    try {
      this.handle = this.host.session();
      this.stream = this.handle.request(headers, this);
    } catch (e) {
      this.fail(new RpcError(Code.Unavailable, `cannot start a call: ${(e as Error).message}`, { cause: e }));
      return false;
    }
    this.handle.callStarted();
    return true;
  }

  // ---- sending -------------------------------------------------------------

  private frame(message: I): Buffer | Promise<Buffer> {
    let compression = this.sendCompression;
    const index = this.requestIndex++;
    if (compression !== undefined && this.options.compressRequest !== undefined && !this.options.compressRequest(index)) {
      compression = undefined;
    }
    return frameMessage(this.method.input, message, this.host.maxSendMessageSize, compression, "request");
  }

  private endWith(frame: Buffer): void {
    if (this.sendClosed) return;
    this.sendClosed = true;
    this.singleFrame = frame;
    this.stream!.end(frame);
  }

  // ---- transparent retry ---------------------------------------------------

  /**
   * True when the server refused the stream before processing it (RST_STREAM
   * REFUSED_STREAM, RFC 9113 §8.7; also what a GOAWAY says of the streams
   * above its last one) and the call can simply be sent again: its one
   * request message is still at hand and nothing of a response has come.
   * gRFC A6 calls this a transparent retry; it needs no retry policy.
   */
  private canRetryTransparently(how: ClientStreamClose): boolean {
    return (
      !this.done &&
      how.resetCode === Http2ErrorCode.RefusedStream &&
      !this.responded &&
      this.singleFrame !== undefined &&
      this.attempts < MAX_TRANSPARENT_ATTEMPTS
    );
  }

  /** Sends the call again after a short, growing pause (the server was at its stream limit). */
  private retryTransparently(): void {
    this.handle?.callEnded();
    this.handle = undefined;
    this.stream = undefined;
    const pause = Math.min(TRANSPARENT_RETRY_MAX_PAUSE_MS, 2 ** this.attempts);
    this.attempts++;
    const retry = setTimeout(() => {
      if (this.done) return;
      let headers = this.untimedHeaders!;
      if (this.deadline !== undefined) headers = withTimeout(headers, Math.max(1, this.deadline - Date.now()));
      if (this.openStream(headers)) this.stream!.end(this.singleFrame);
    }, pause);
    retry.unref();
  }

  /** Sends a request stream with backpressure, then half-closes. */
  private async pump(requests: AsyncIterable<I> | Iterable<I>): Promise<void> {
    const stream = this.stream!;
    try {
      for await (const request of requests) {
        if (this.sendClosed) break;
        const framed = this.frame(request);
        const frame = framed instanceof Promise ? await framed : framed;
        if (this.sendClosed) break;
        if (!stream.write(frame)) await this.drained();
      }
    } catch (e) {
      if (e instanceof RpcError) throw e;
      throw new RpcError(Code.Cancelled, "the request stream threw an error; the call was cancelled", { cause: e });
    }
    if (this.sendClosed) return;
    this.sendClosed = true;
    stream.end();
  }

  // ---- receiving -----------------------------------------------------------

  /** Resolves when the stream has room for more or is gone. */
  private drained(): Promise<void> {
    if (this.done) return Promise.resolve();
    return new Promise((resolve) => {
      this.drainWaiter = resolve;
    });
  }

  /** @internal */
  readonly onDrain = (): void => {
    const waiter = this.drainWaiter;
    this.drainWaiter = undefined;
    waiter?.();
  };

  /** @internal */
  readonly onResponse = (headers: HeaderList): void => {
    if (this.done) return;
    this.responded = true;
    if (isTrailersOnly(headers)) {
      this.onTrailers(headers);
      return;
    }
    const invalid = checkResponseHeaders(headers);
    if (invalid !== undefined) return this.fail(new RpcError(invalid.code, invalid.message));
    const encoding = headerString(headers, GRPC_ENCODING);
    if (encoding !== undefined && encoding !== IDENTITY) {
      this.recvCompression = findCompression(this.host.compressions, encoding);
      if (this.recvCompression === undefined) this.unsupportedEncoding = encoding;
    }
    const onHeader = this.options.onHeader;
    if (onHeader !== undefined) this.callback(onHeader, metadataFromRawHeaders(headers), "onHeader");
  };

  /** Runs an application callback; if it throws, the call fails with that (it never escapes into node's event loop). */
  private callback(fn: (md: Metadata) => void, md: Metadata, name: string): void {
    try {
      fn(md);
    } catch (e) {
      this.fail(new RpcError(Code.Cancelled, `the ${name} callback threw; the call was cancelled`, { cause: e }));
    }
  }

  /** @internal */
  readonly onData = (chunk: Uint8Array): void => {
    if (this.done) return;
    const error = this.deframer.push(chunk);
    if (error !== undefined) this.fail(new RpcError(error.code, error.message));
  };

  private readonly onMessage = (bytes: Uint8Array, compressed: boolean): void => {
    if (this.done) return;
    const onResponseMessage = this.options.onResponseMessage;
    if (onResponseMessage !== undefined) {
      try {
        onResponseMessage({ compressed, byteLength: bytes.byteLength });
      } catch (e) {
        this.fail(new RpcError(Code.Cancelled, "the onResponseMessage callback threw; the call was cancelled", { cause: e }));
        return;
      }
    }
    if (this.sink.kind === "stream") {
      this.sink.queue.push(bytes, compressed);
      return;
    }
    if (++this.messageCount > 1) {
      this.fail(new RpcError(Code.Internal, `received more than one response message for ${this.method.kind} method ${this.method.path}`));
      return;
    }
    this.single = { bytes, compressed };
  };

  /** @internal */
  readonly onTrailers = (trailers: HeaderList): void => {
    if (this.done || this.status !== undefined) return;
    this.status = readStatus(trailers) ?? {
      code: codeFromHttpStatus(200),
      message: "received trailers without grpc-status",
    };
    this.trailer = metadataFromRawHeaders(trailers);
  };

  private readResponse(bytes: Uint8Array, compressed: boolean): O | Promise<O> {
    if (compressed && this.unsupportedEncoding !== undefined) {
      throw new RpcError(Code.Internal, `received a message compressed with unsupported grpc-encoding ${JSON.stringify(this.unsupportedEncoding)}`);
    }
    return readMessage(this.method.output, bytes, compressed, this.recvCompression, this.host.maxReceiveMessageSize, "response");
  }

  /** @internal Everything the server sent has been read; without trailers, no status is a failure (INTERNAL). */
  readonly onEnd = (): void => {
    if (this.status !== undefined) return this.complete(this.status);
    if (this.done) return;
    const ended = describeStreamEnd(this.handle!, ENDED_NORMALLY);
    this.fail(new RpcError(ended.code, ended.message, { cause: ended.cause }));
  };

  /** @internal The stream is gone. */
  readonly onClose = (how: ClientStreamClose): void => {
    if (this.canRetryTransparently(how)) return this.retryTransparently();
    this.clearTimer();
    this.onDrain();
    this.handle?.callEnded();
    this.options.signal?.removeEventListener("abort", this.onAbort);
    if (this.done) return;
    if (this.status !== undefined) return this.complete(this.status);
    const ended = describeStreamEnd(this.handle!, how);
    let error = new RpcError(ended.code, ended.message, { cause: ended.cause });
    if (error.code === Code.Cancelled && this.deadline !== undefined && Date.now() >= this.deadline) {
      // The server's deadline fired before ours (PROTOCOL-HTTP2.md, "Client Cancellation").
      error = new RpcError(Code.DeadlineExceeded, "deadline exceeded", { cause: error });
    }
    this.fail(error);
  };

  /** Ends the call with the status the server sent. */
  private complete(status: ReceivedStatus): void {
    if (this.done) return;
    if (this.deframer.hasPartialMessage) {
      return this.fail(new RpcError(Code.Internal, "response stream ended in the middle of a message"));
    }
    const trailer = this.trailer;
    const onTrailer = this.options.onTrailer;
    if (trailer !== undefined && onTrailer !== undefined) {
      this.callback(onTrailer, trailer, "onTrailer");
      if (this.done) return;
    }
    if (status.code !== Code.Ok) return this.endWithError(statusError(status, trailer));
    if (this.sink.kind === "stream") {
      this.finish();
      this.sink.queue.end();
      return;
    }
    const single = this.single;
    if (single === undefined) {
      return this.fail(new RpcError(Code.Internal, `received no response message for ${this.method.kind} method ${this.method.path}`));
    }
    this.finish();
    const { resolve, reject } = this.sink;
    try {
      const value = this.readResponse(single.bytes, single.compressed);
      if (value instanceof Promise) value.then(resolve, (e: unknown) => reject(asRpcError(e)));
      else resolve(value);
    } catch (e) {
      reject(asRpcError(e));
    }
  }

  // ---- ending --------------------------------------------------------------

  /** Marks the call done; resets the stream if we still send or the server still does. */
  private finish(): void {
    this.done = true;
    this.clearTimer();
    // Trailers before our END_STREAM: RST_STREAM NO_ERROR (PROTOCOL-HTTP2.md, "Early Server Closure").
    if (this.stream !== undefined && !this.sendClosed) this.stream.reset(Http2ErrorCode.NoError);
    this.sendClosed = true;
  }

  /** Ends the call with a local error, resetting the stream with CANCEL. */
  /**
   * Ends the call with the error status the server sent. Its side of the
   * stream is over, so there is nothing to cancel: an RST_STREAM CANCEL for
   * every failed call would count against node:http2's rapid-reset guard
   * (1,000 resets, then 33 a second), past which the server drops the whole
   * connection with every call on it.
   */
  private endWithError(error: RpcError): void {
    if (this.done) return;
    this.finish();
    this.deliverError(error);
  }

  /** Hands the call's error to whoever waits for its result. */
  private deliverError(error: RpcError): void {
    if (this.sink.kind === "single") this.sink.reject(error);
    else this.sink.queue.fail(error);
  }

  private fail(error: RpcError): void {
    if (this.done) return;
    this.done = true;
    this.sendClosed = true;
    this.clearTimer();
    // RST_STREAM CANCEL (PROTOCOL-HTTP2.md, "Client Cancellation").
    this.stream?.reset(Http2ErrorCode.Cancel);
    this.onDrain();
    this.deliverError(error);
  }

  private readonly onDeadline = (): void => {
    this.timer = undefined;
    this.fail(new RpcError(Code.DeadlineExceeded, "deadline exceeded"));
  };

  private readonly onAbort = (): void => {
    this.fail(cancelError(this.options.signal!));
  };

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }
}

/** The error for an aborted signal: the reason's code when it is an RpcError (a server passing ctx.signal on). */
function cancelError(signal: AbortSignal): RpcError {
  const reason: unknown = signal.reason;
  if (reason instanceof RpcError) return new RpcError(reason.code, reason.rawMessage, { cause: reason });
  return new RpcError(Code.Cancelled, "the call was cancelled", { cause: reason });
}

function statusError(status: ReceivedStatus, trailer: Metadata | undefined): RpcError {
  let details: readonly ErrorDetail[] | undefined;
  if (status.detailsBin !== undefined) {
    try {
      details = decodeStatusDetails(status.detailsBin).details;
    } catch {
      // Undecodable details are dropped; the code and message still stand.
    }
  }
  return new RpcError(status.code, status.message, { metadata: trailer, details });
}
