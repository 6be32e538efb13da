/**
 * One HTTP/2 connection (RFC 9113), client or server, as a state machine
 * with no socket inside: `receive()` is fed the bytes that arrived,
 * `takeOutput()` hands back the frames to send, and the host (the socket
 * shell, src/http2/endpoint.ts) moves bytes between the two and the network.
 * That is the python-hyper h2 habit: every rule here can be tested by feeding
 * frames in and reading frames out.
 *
 * This file is the connection's receiving side (one method per frame type,
 * called by the FrameParser) and its life cycle: preface, SETTINGS,
 * streams, GOAWAY, errors. Sending lives in outgoing.ts, a stream's books in
 * stream.ts, and the stream-state table in stream-state.ts.
 */
import { ErrorCode } from "../error-code.js";
import {
  CLIENT_PREFACE,
  FrameParser,
  writeGoaway,
  writePing,
  writeRstStream,
  writeSettings,
  writeSettingsAck,
  writeWindowUpdate,
  type FrameHandler,
  type Priority,
  type SettingsUpdate,
} from "../frame/index.js";
import type { OutgoingHeaders } from "../headers.js";
import { HeaderListTooLargeError, HpackDecoder, HpackError } from "../hpack/index.js";
import { Http2Error } from "../http2-error.js";
import { INITIAL_WINDOW, ReceiveWindow } from "./flow-window.js";
import {
  checkRequestHead,
  checkResponseHead,
  checkTrailers,
  contentLengthMismatch,
  isViolation,
} from "./header-rules.js";
import { resolveLimits, TokenBucket, type Http2Limits } from "./limits.js";
import { Outgoing } from "./outgoing.js";
import { RecentIds } from "./recent-ids.js";
import { Http2Stream, type Http2StreamEvents, type StreamOwner } from "./stream.js";
import { canReceive } from "./stream-state.js";

export type Role = "server" | "client";

/** What the connection needs from the socket shell around it. */
export interface ConnectionHost {
  /** Frames are waiting: call takeOutput() soon (the shell does it once per event-loop turn). */
  wantFlush(): void;
  /** Bytes handed to the socket that it has not written yet (socket.writableLength). */
  readonly unreadOutput: number;
  /** The connection is over: flush what is left, end the socket, and read (discarding) until the peer closes. */
  end(): void;
}

/** What the connection tells the application above it (the transport). */
export interface ConnectionEvents {
  /** Server: a new request stream. Call stream.attach() now to receive its DATA. */
  onStream?(stream: Http2Stream, endStream: boolean): void;
  /** The peer's first SETTINGS arrived: the connection is up. */
  onReady?(): void;
  /** The peer sent GOAWAY: no new streams. */
  onGoaway?(lastStreamId: number, errorCode: number, debugData: Uint8Array): void;
  /** The connection is over; `error` when it failed. Called once. */
  onClose?(error: Error | undefined): void;
}

export interface ConnectionOptions {
  readonly role: Role;
  readonly limits?: Partial<Http2Limits> | undefined;
  readonly remoteAddress?: string | undefined;
  readonly remotePort?: number | undefined;
  /**
   * Server: the whole response (END_STREAM) to a request whose header list
   * is over maxHeaderListSize. Default HTTP 431 (RFC 9113 §10.5.1, RFC 6585);
   * a gRPC server answers with a Trailers-Only status its clients read.
   */
  readonly headerListTooLarge?: OutgoingHeaders | undefined;
  /** Client: the :scheme and :authority of every request. */
  readonly scheme?: string | undefined;
  readonly authority?: string | undefined;
}

/** See Http2Connection.flowControl. */
export interface FlowControlView {
  /** The peer's SETTINGS_INITIAL_WINDOW_SIZE: each of our streams' first send window. */
  readonly peerStreamWindow: number;
  /** What we may still send on the connection before the peer's next WINDOW_UPDATE. */
  readonly sendWindow: number;
  /** Our SETTINGS_INITIAL_WINDOW_SIZE. */
  readonly localStreamWindow: number;
  /** What the peer may still send on the connection before our next WINDOW_UPDATE. */
  readonly receiveWindow: number;
}

type Phase = "handshake" | "open" | "closing" | "closed";

const MAX_STREAM_ID = 0x7fff_ffff;
/** The opaque data of the PING that times the graceful GOAWAY (§6.8). */
const GOAWAY_PING = Uint8Array.of(0x67, 0x6f, 0x61, 0x77, 0x61, 0x79, 0x21, 0x21);
/** Without a PING answer, the last GOAWAY goes out after this long anyway. */
const GOAWAY_PING_TIMEOUT_MS = 1000;

export class Http2Connection implements FrameHandler, StreamOwner {
  readonly role: Role;
  readonly limits: Http2Limits;
  readonly remoteAddress: string;
  readonly remotePort: number;
  private phase: Phase = "handshake";
  private readonly host: ConnectionHost;
  private readonly events: ConnectionEvents;
  private readonly parser: FrameParser;
  private readonly decoder: HpackDecoder;
  private readonly outgoing: Outgoing;
  private readonly receiveWindow: ReceiveWindow;
  private readonly streams = new Map<number, Http2Stream>();
  /** Streams closed normally, and streams reset (by either side), most recent first to be kept. */
  private readonly closedIds = new RecentIds();
  private readonly resetIds = new RecentIds();
  private readonly resets: TokenBucket;
  private readonly idleFrames: TokenBucket;
  /** Highest stream id the peer opened (server) or that we opened (client). */
  private lastPeerStreamId = 0;
  private nextLocalStreamId: number;
  private peerStreams = 0;
  private localStreams = 0;
  /** Client streams waiting for the peer's SETTINGS_MAX_CONCURRENT_STREAMS to let them open. */
  private readonly waiting: { stream: Http2Stream; headers: OutgoingHeaders }[] = [];
  private readonly requestPrefix: readonly string[];
  private readonly headerListTooLarge: OutgoingHeaders;
  // The peer's settings.
  private peerInitialWindow = INITIAL_WINDOW;
  private peerMaxConcurrentStreams = Infinity;
  /** Our SETTINGS not yet acknowledged. */
  private settingsUnacked = 0;
  private flushRequested = false;
  private goawaySent = -1;
  private goawayReceived = -1;
  private readonly pings = new Map<string, () => void>();
  private timers: { handshake?: NodeJS.Timeout | undefined; settings?: NodeJS.Timeout | undefined; header?: NodeJS.Timeout | undefined } = {};
  private closeError: Error | undefined;

  constructor(host: ConnectionHost, events: ConnectionEvents, options: ConnectionOptions) {
    this.host = host;
    this.events = events;
    this.role = options.role;
    this.limits = resolveLimits(options.limits);
    this.remoteAddress = options.remoteAddress ?? "";
    this.remotePort = options.remotePort ?? 0;
    const l = this.limits;
    this.nextLocalStreamId = this.role === "client" ? 1 : 2;
    this.requestPrefix = [":scheme", options.scheme ?? "http", ":authority", options.authority ?? ""];
    this.headerListTooLarge = options.headerListTooLarge ?? HEADER_LIST_TOO_LARGE;
    this.parser = new FrameParser(this, {
      maxFrameSize: l.maxFrameSize,
      maxHeaderBlockSize: l.maxHeaderBlockSize,
      expectPreface: this.role === "server" ? "client" : "server",
    });
    // A string can be no longer than its block, which the parser already bounds; a long one only
    // makes the list too large (431 or the like for that request), not the connection unusable.
    this.decoder = new HpackDecoder({ maxTableSize: 4096, maxHeaderListSize: l.maxHeaderListSize, maxStringLength: l.maxHeaderBlockSize });
    this.outgoing = new Outgoing(this, l.encoderTableSize);
    const now = Date.now();
    this.resets = new TokenBucket(l.resetBurst, l.resetRatePerSecond, now);
    this.idleFrames = new TokenBucket(l.idleFrameBurst, l.idleFrameRatePerSecond, now);
    this.receiveWindow = new ReceiveWindow(INITIAL_WINDOW, INITIAL_WINDOW);
    this.sendPreface();
    this.timers.handshake = this.timer(l.handshakeTimeoutMs, () =>
      this.fail(Http2Error.connection(ErrorCode.SETTINGS_TIMEOUT, `no connection preface and SETTINGS within ${l.handshakeTimeoutMs} ms (RFC 9113 §3.4)`)),
    );
  }

  // ---- the host's side ---------------------------------------------------

  /** Bytes that arrived from the peer. A broken rule ends the connection (GOAWAY) or resets a stream. */
  receive(chunk: Uint8Array): void {
    if (this.phase === "closed") return; // read and discarded until the peer closes (§6.8)
    try {
      this.parser.feed(chunk);
    } catch (e) {
      this.fail(e instanceof Http2Error ? e : Http2Error.connection(ErrorCode.INTERNAL_ERROR, `internal error: ${(e as Error).message}`));
      return;
    }
    this.watchHeaderTime();
  }

  /** The frames to write now (one socket write, or writev). */
  takeOutput(): Uint8Array[] {
    this.flushRequested = false;
    if (this.phase !== "closed") this.outgoing.pump(this.limits.connectionHighWaterMark - this.host.unreadOutput);
    return this.outgoing.take();
  }

  /** The socket wrote out its backlog: DATA that waited can go. */
  writable(): void {
    if (this.outgoing.hasWaitingData) this.requestFlush();
  }

  /** The socket closed (the peer went away, or it failed). */
  socketClosed(error: Error | undefined): void {
    if (this.phase === "closed") {
      this.clearTimers();
      return;
    }
    this.destroy(error ?? new Error("the connection was closed by the peer"));
  }

  // ---- the application's side -------------------------------------------

  /** True while new streams may be opened here. */
  get usable(): boolean {
    return (this.phase === "handshake" || this.phase === "open") && this.goawayReceived < 0 && this.nextLocalStreamId <= MAX_STREAM_ID;
  }

  get closed(): boolean {
    return this.phase === "closed";
  }

  /** The peer's first SETTINGS arrived. */
  get ready(): boolean {
    return this.phase !== "handshake";
  }

  get activeStreams(): number {
    return this.streams.size;
  }

  /**
   * The connection's flow-control books (what node:http2 shows as
   * session.state and the two settings objects): the stream window each
   * side advertised, and each direction's connection window now.
   */
  get flowControl(): FlowControlView {
    return {
      peerStreamWindow: this.peerInitialWindow,
      sendWindow: this.outgoing.window.size,
      localStreamWindow: this.limits.streamWindowSize,
      receiveWindow: this.receiveWindow.remaining,
    };
  }

  /** Client: opens a stream with a request head (the connection adds :scheme and :authority). */
  request(headers: OutgoingHeaders, events: Http2StreamEvents): Http2Stream {
    if (this.role !== "client") throw new Error("only a client opens streams");
    if (!this.usable) throw new Error(this.goawayReceived >= 0 ? "the server sent GOAWAY" : "the connection is closed");
    const stream = new Http2Stream(this, 0, this.peerInitialWindow, this.limits.streamWindowSize, this.limits.streamHighWaterMark);
    stream.attach(events);
    stream.state = "open"; // the HEADERS may have to wait for a free slot; the application may write already
    this.localStreams++;
    if (this.localStreams > this.peerMaxConcurrentStreams) this.waiting.push({ stream, headers });
    else this.open(stream, headers);
    return stream;
  }

  /** Sends a PING; `answered` runs when its ACK arrives. */
  ping(answered: () => void): void {
    if (this.phase === "closed") return;
    const data = new Uint8Array(8);
    const view = new DataView(data.buffer);
    view.setFloat64(0, Math.random());
    this.pings.set(pingKey(data), answered);
    writePing(this.outgoing.out, data, false);
    this.requestFlush();
  }

  /**
   * Graceful close (§6.8). A server first sends GOAWAY with the largest
   * stream id, so the client stops opening streams, then after a PING round
   * trip GOAWAY with the last stream it really accepted; a client sends one
   * GOAWAY. Streams in flight finish; then the connection ends.
   */
  close(): void {
    if (this.phase === "closed" || this.phase === "closing") return;
    this.phase = "closing";
    if (this.role === "server") {
      writeGoaway(this.outgoing.out, MAX_STREAM_ID, ErrorCode.NO_ERROR);
      const last = (): void => {
        if (this.phase === "closed" || this.goawaySent >= 0) return;
        this.sendGoaway(ErrorCode.NO_ERROR, "");
        this.endIfIdle();
      };
      this.ping(last);
      this.timer(GOAWAY_PING_TIMEOUT_MS, last);
    } else {
      this.sendGoaway(ErrorCode.NO_ERROR, "");
    }
    for (const { stream } of this.waiting.splice(0)) this.closeStream(stream, ErrorCode.REFUSED_STREAM, undefined);
    this.requestFlush();
    this.endIfIdle();
  }

  /** Ends the connection at once: streams are closed with `error`, nothing more is sent. */
  destroy(error?: Error): void {
    if (this.phase === "closed") return;
    this.phase = "closed";
    this.closeError = error;
    this.closeAllStreams(error ?? new Error("the connection was destroyed"));
    this.finish(error);
  }

  // ---- StreamOwner: what streams ask of the connection ---------------------

  sendHeaders(stream: Http2Stream, headers: OutgoingHeaders, endStream: boolean): void {
    if (this.phase === "closed") return;
    stream.headSent = true;
    this.outgoing.writeHeaders(stream.id, headers, endStream);
    if (endStream) this.endSent(stream);
  }

  dataQueued(stream: Http2Stream): void {
    if (stream.id !== 0 && this.phase !== "closed") this.outgoing.schedule(stream);
  }

  resetStream(stream: Http2Stream, code: number): void {
    if (stream.id !== 0 && this.phase !== "closed") {
      writeRstStream(this.outgoing.out, stream.id, code);
      this.requestFlush();
    }
    this.closeStream(stream, code, undefined);
  }

  consumed(stream: Http2Stream, bytes: number): void {
    if (this.phase === "closed") return;
    const connection = this.receiveWindow.consume(bytes);
    if (connection > 0) writeWindowUpdate(this.outgoing.out, 0, connection);
    if (canReceive(stream.state)) {
      const own = stream.receiveWindow.consume(bytes);
      if (own > 0) writeWindowUpdate(this.outgoing.out, stream.id, own);
    }
    if (connection > 0 || this.outgoing.buffered > 0) this.requestFlush();
  }

  /** @internal The outgoing side wrote a stream's END_STREAM. */
  endSent(stream: Http2Stream): void {
    if (stream.closed) return;
    stream.transition("send-end-stream");
    if (stream.state === "closed") {
      this.closeStream(stream, undefined, undefined);
    } else if (this.role === "server") {
      // The response is complete and the request is not: let the client stop (RFC 9113 §8.1).
      writeRstStream(this.outgoing.out, stream.id, ErrorCode.NO_ERROR);
      this.closeStream(stream, undefined, undefined, true);
    }
  }

  /** @internal */
  requestFlush(): void {
    if (this.flushRequested) return;
    this.flushRequested = true;
    this.host.wantFlush();
  }

  // ---- FrameHandler: frames from the peer ---------------------------------

  onData(streamId: number, payload: Uint8Array, endStream: boolean, flowControlledLength: number): void {
    if (!this.receiveWindow.receive(flowControlledLength)) {
      throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, `DATA of ${flowControlledLength} bytes beyond the connection's window (RFC 9113 §6.9.1)`);
    }
    const stream = this.streams.get(streamId);
    if (stream === undefined || stream.id === 0) {
      this.giveBackConnection(flowControlledLength);
      if (this.isIdle(streamId)) throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `DATA on idle stream ${streamId} (RFC 9113 §5.1)`);
      if (this.resetIds.has(streamId)) return; // frames in flight after our RST_STREAM are ignored (§5.1)
      return this.streamError(streamId, ErrorCode.STREAM_CLOSED, `DATA on closed stream ${streamId} (RFC 9113 §6.1)`);
    }
    if (!canReceive(stream.state)) {
      this.giveBackConnection(flowControlledLength);
      return this.streamError(streamId, ErrorCode.STREAM_CLOSED, `DATA after END_STREAM on stream ${streamId} (RFC 9113 §5.1)`);
    }
    if (!stream.receiveWindow.receive(flowControlledLength)) {
      this.giveBackConnection(flowControlledLength);
      return this.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR, `DATA beyond the stream's window (RFC 9113 §6.9.1)`);
    }
    const padding = flowControlledLength - payload.length;
    if (padding > 0) this.consumed(stream, padding);
    stream.dataReceived += payload.length;
    const mismatch = contentLengthMismatch(stream.contentLength, stream.dataReceived, endStream);
    if (mismatch !== undefined) {
      this.giveBackConnection(payload.length);
      return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR, mismatch);
    }
    if (payload.length > 0) {
      if (stream.events === undefined) this.consumed(stream, payload.length);
      else stream.receiveData(payload);
    } else if (!endStream) {
      this.idleFrame();
    }
    if (endStream && !stream.closed) this.remoteEnded(stream);
  }

  onHeaders(streamId: number, block: Uint8Array, endStream: boolean, _priority: Priority | undefined): void {
    let fields: string[] | undefined;
    try {
      fields = this.decoder.decode(block);
    } catch (e) {
      if (e instanceof HpackError) throw Http2Error.connection(ErrorCode.COMPRESSION_ERROR, e.message);
      if (!(e instanceof HeaderListTooLargeError)) throw e;
    }
    const stream = this.streams.get(streamId);
    if (stream === undefined) {
      if (this.role === "server") return this.openPeerStream(streamId, fields, endStream);
      if (this.resetIds.has(streamId)) return;
      if (this.closedIds.has(streamId)) throw Http2Error.connection(ErrorCode.STREAM_CLOSED, `HEADERS on closed stream ${streamId} (RFC 9113 §5.1)`);
      throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `HEADERS on stream ${streamId}, which we did not open (RFC 9113 §5.1.1)`);
    }
    if (!canReceive(stream.state)) return this.streamError(streamId, ErrorCode.STREAM_CLOSED, `HEADERS after END_STREAM on stream ${streamId} (RFC 9113 §5.1)`);
    if (fields === undefined) {
      return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR, `header list larger than ${this.limits.maxHeaderListSize} bytes (SETTINGS_MAX_HEADER_LIST_SIZE)`);
    }
    if (this.role === "client" && !stream.gotHead) return this.responseHead(stream, fields, endStream);
    // A second field block is the trailers, and must end the stream (§8.1).
    if (!endStream) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR, `a second HEADERS without END_STREAM on stream ${streamId} (RFC 9113 §8.1)`);
    const violation = checkTrailers(fields);
    if (violation !== undefined) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR, violation.reason);
    const mismatch = contentLengthMismatch(stream.contentLength, stream.dataReceived, true);
    if (mismatch !== undefined) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR, mismatch);
    if (this.role === "client") this.emit(stream, () => stream.receiveTrailers(fields));
    if (!stream.closed) this.remoteEnded(stream);
  }

  onPriority(streamId: number, _priority: Priority): void {
    // Deprecated by RFC 9113 (§5.3.2) and ignored, but counted: it makes us do work for nothing.
    void streamId;
    this.idleFrame();
  }

  onRstStream(streamId: number, errorCode: number): void {
    const stream = this.streams.get(streamId);
    if (stream === undefined) {
      if (this.isIdle(streamId)) throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `RST_STREAM on idle stream ${streamId} (RFC 9113 §6.4)`);
      return this.frameOnClosedStream(streamId);
    }
    // Rapid reset (CVE-2023-44487): a stream the peer opened and dropped before we answered it.
    // A call cancelled after its response began (a long stream, a client going away) is not one.
    if (this.role === "server" && !stream.headSent && !this.resets.take(Date.now())) {
      throw Http2Error.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many streams reset by the client (rapid reset)");
    }
    this.closeStream(stream, errorCode, undefined, true);
  }

  onSettings(settings: SettingsUpdate): void {
    if (this.phase !== "handshake") this.idleFrame();
    if (this.role === "client" && settings.enablePush === true) {
      throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "a server set SETTINGS_ENABLE_PUSH to 1 (RFC 9113 §6.5.2)");
    }
    this.applyPeerSettings(settings);
    this.checkUnreadOutput("SETTINGS acknowledgement");
    writeSettingsAck(this.outgoing.out);
    this.requestFlush();
    if (this.phase === "handshake") {
      this.phase = "open";
      clearTimeout(this.timers.handshake);
      if (this.settingsUnacked > 0) this.startSettingsTimer();
      this.events.onReady?.();
    }
  }

  onSettingsAck(): void {
    if (this.settingsUnacked === 0) return; // an ACK we did not ask for changes nothing
    if (--this.settingsUnacked === 0) {
      clearTimeout(this.timers.settings);
      this.timers.settings = undefined;
    }
  }

  onPushPromise(streamId: number, _promisedStreamId: number, _block: Uint8Array): void {
    // Clients never push (§8.4), and we told servers not to (SETTINGS_ENABLE_PUSH 0, §6.6).
    throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `PUSH_PROMISE on stream ${streamId}, but push is disabled (RFC 9113 §6.6, §8.4)`);
  }

  onPing(data: Uint8Array, ack: boolean): void {
    if (ack) {
      const key = pingKey(data);
      const answered = this.pings.get(key);
      if (answered !== undefined) {
        this.pings.delete(key);
        answered();
      }
      return;
    }
    this.idleFrame();
    this.checkUnreadOutput("PING acknowledgement");
    writePing(this.outgoing.out, data, true);
    this.requestFlush();
  }

  onGoaway(lastStreamId: number, errorCode: number, debugData: Uint8Array): void {
    this.goawayReceived = lastStreamId;
    if (this.role === "client") {
      // Streams above the last one the server will process were not processed: safe to retry (§6.8).
      for (const stream of [...this.streams.values()]) {
        if (stream.id > lastStreamId) this.closeStream(stream, ErrorCode.REFUSED_STREAM, undefined);
      }
      for (const { stream } of this.waiting.splice(0)) this.closeStream(stream, ErrorCode.REFUSED_STREAM, undefined);
    }
    this.events.onGoaway?.(lastStreamId, errorCode, debugData);
    if (errorCode !== ErrorCode.NO_ERROR) {
      const reason = new TextDecoder().decode(debugData);
      this.destroy(new Error(`the peer ended the connection with GOAWAY ${errorCode}${reason === "" ? "" : `: ${reason}`}`));
      return;
    }
    if (this.phase === "open" || this.phase === "handshake") this.phase = "closing";
    if (this.goawaySent < 0 && this.role === "client") this.sendGoaway(ErrorCode.NO_ERROR, "");
    this.endIfIdle();
  }

  onWindowUpdate(streamId: number, increment: number): void {
    if (streamId === 0) {
      if (!this.outgoing.window.grow(increment)) {
        throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE made the connection's window larger than 2^31-1 (RFC 9113 §6.9.1)");
      }
      if (this.outgoing.hasWaitingData) this.requestFlush();
      return;
    }
    const stream = this.streams.get(streamId);
    if (stream === undefined) {
      if (this.isIdle(streamId)) throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `WINDOW_UPDATE on idle stream ${streamId} (RFC 9113 §5.1)`);
      return this.frameOnClosedStream(streamId);
    }
    if (!stream.sendWindow.grow(increment)) {
      return this.streamError(streamId, ErrorCode.FLOW_CONTROL_ERROR, "WINDOW_UPDATE made the stream's window larger than 2^31-1 (RFC 9113 §6.9.1)");
    }
    if (stream.scheduled) this.requestFlush();
  }

  onStreamError(error: Http2Error, fieldBlock: Uint8Array | undefined): void {
    if (fieldBlock !== undefined) {
      // Decoded only to keep the HPACK tables in step (§4.3); the stream is refused.
      try {
        this.decoder.decode(fieldBlock);
      } catch (e) {
        if (e instanceof HpackError) throw Http2Error.connection(ErrorCode.COMPRESSION_ERROR, e.message);
      }
      if (this.role === "server" && !this.streams.has(error.streamId) && error.streamId > this.lastPeerStreamId) {
        this.lastPeerStreamId = error.streamId;
      }
    }
    this.streamError(error.streamId, error.code, error.reason);
  }

  onUnknownFrame(_type: number, _flags: number, _streamId: number, _payload: Uint8Array): void {
    this.idleFrame(); // ignored (§5.5), but counted
  }

  // ---- streams -------------------------------------------------------------

  /** Server: the first HEADERS of a stream the client opens. */
  private openPeerStream(streamId: number, fields: string[] | undefined, endStream: boolean): void {
    if (streamId % 2 === 0) throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `a client opened even stream ${streamId} (RFC 9113 §5.1.1)`);
    if (streamId <= this.lastPeerStreamId) {
      if (this.resetIds.has(streamId)) return;
      if (this.closedIds.has(streamId)) throw Http2Error.connection(ErrorCode.STREAM_CLOSED, `HEADERS on closed stream ${streamId} (RFC 9113 §5.1)`);
      throw Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `stream ${streamId} is not above the last stream opened, ${this.lastPeerStreamId} (RFC 9113 §5.1.1)`);
    }
    this.lastPeerStreamId = streamId;
    if (this.goawaySent >= 0 && streamId > this.goawaySent) return this.refuse(streamId, ErrorCode.REFUSED_STREAM);
    if (fields === undefined) {
      // Too large to keep (the HPACK tables are still in step): answered at once, then the request is stopped.
      this.outgoing.writeHeaders(streamId, this.headerListTooLarge, true);
      return this.refuse(streamId, endStream ? undefined : ErrorCode.NO_ERROR);
    }
    if (this.peerStreams >= this.limits.maxConcurrentStreams) return this.refuse(streamId, ErrorCode.REFUSED_STREAM);
    const head = checkRequestHead(fields);
    if (isViolation(head)) return this.refuse(streamId, ErrorCode.PROTOCOL_ERROR);
    const stream = new Http2Stream(this, streamId, this.peerInitialWindow, this.limits.streamWindowSize, this.limits.streamHighWaterMark);
    stream.headers = fields;
    stream.contentLength = head.contentLength;
    stream.transition("recv-headers");
    this.streams.set(streamId, stream);
    this.peerStreams++;
    if (endStream) {
      const mismatch = contentLengthMismatch(stream.contentLength, 0, true);
      if (mismatch !== undefined) return this.streamError(streamId, ErrorCode.PROTOCOL_ERROR, mismatch);
      stream.transition("recv-end-stream");
    }
    try {
      this.events.onStream?.(stream, endStream);
    } catch {
      if (!stream.closed) this.resetStream(stream, ErrorCode.INTERNAL_ERROR);
      return;
    }
    if (endStream && !stream.closed) this.emit(stream, () => stream.receiveEnd());
  }

  /** Client: the response's head (1xx informational heads are skipped, §8.1). */
  private responseHead(stream: Http2Stream, fields: string[], endStream: boolean): void {
    const head = checkResponseHead(fields);
    if (isViolation(head)) return this.streamError(stream.id, ErrorCode.PROTOCOL_ERROR, head.reason);
    if (head.status < 200) {
      if (endStream) return this.streamError(stream.id, ErrorCode.PROTOCOL_ERROR, "an informational (1xx) response with END_STREAM (RFC 9113 §8.1)");
      return;
    }
    stream.gotHead = true;
    stream.headers = fields;
    stream.contentLength = head.contentLength;
    this.emit(stream, () => stream.events?.onResponse?.(fields, endStream));
    if (endStream && !stream.closed) this.remoteEnded(stream);
  }

  /** Client: sends a waiting stream's HEADERS under a fresh stream id. */
  private open(stream: Http2Stream, headers: OutgoingHeaders): void {
    const id = this.nextLocalStreamId;
    this.nextLocalStreamId += 2;
    (stream as { id: number }).id = id;
    this.lastPeerStreamId = id;
    this.streams.set(id, stream);
    stream.headSent = true;
    this.outgoing.writeHeaders(id, headers, false, this.requestPrefix);
    if (stream.queuedBytes > 0 || stream.endQueued) this.outgoing.schedule(stream);
  }

  /** The peer sent END_STREAM on `stream`. */
  private remoteEnded(stream: Http2Stream): void {
    stream.transition("recv-end-stream");
    this.emit(stream, () => stream.receiveEnd());
    if (stream.state === "closed") this.closeStream(stream, undefined, undefined);
  }

  /** Runs an application callback for a stream; if it throws, the stream is reset (INTERNAL_ERROR), not the connection. */
  private emit(stream: Http2Stream, callback: () => void): void {
    try {
      callback();
    } catch {
      if (!stream.closed) this.resetStream(stream, ErrorCode.INTERNAL_ERROR);
    }
  }

  /** A stream we never accepted: RST_STREAM (when `code` is given) and its id remembered as reset. */
  private refuse(streamId: number, code: number | undefined): void {
    if (code !== undefined) writeRstStream(this.outgoing.out, streamId, code);
    this.resetIds.add(streamId);
    this.requestFlush();
  }

  /** §5.4.2: RST_STREAM with `code`, and the stream (if we have it) is closed. */
  private streamError(streamId: number, code: number, reason: string): void {
    void reason; // the code is all RST_STREAM carries
    writeRstStream(this.outgoing.out, streamId, code);
    this.requestFlush();
    const stream = this.streams.get(streamId);
    if (stream !== undefined) this.closeStream(stream, code, undefined);
    else this.resetIds.add(streamId);
  }

  /** Closes a stream for good: it leaves the connection's books, and the application hears onClose. */
  private closeStream(stream: Http2Stream, resetCode: number | undefined, error: Error | undefined, resetSent = false): void {
    if (stream.state === "closed" && !this.streams.has(stream.id) && !this.isWaiting(stream)) return;
    stream.state = "closed";
    this.outgoing.unschedule(stream);
    stream.dropQueue();
    if (stream.id === 0) {
      const i = this.waiting.findIndex((w) => w.stream === stream);
      if (i >= 0) this.waiting.splice(i, 1);
    } else {
      this.streams.delete(stream.id);
      if (resetCode !== undefined || resetSent) this.resetIds.add(stream.id);
      else this.closedIds.add(stream.id);
    }
    if (this.role === "server") this.peerStreams--;
    else this.localStreams--;
    try {
      stream.receiveClose(resetCode, error);
    } catch {
      // An application's failing close handler must not take the connection down.
    }
    this.openWaiting();
    this.endIfIdle();
  }

  private isWaiting(stream: Http2Stream): boolean {
    return stream.id === 0 && this.waiting.some((w) => w.stream === stream);
  }

  /** Client: opens waiting streams while the peer's concurrency limit allows. */
  private openWaiting(): void {
    while (this.waiting.length > 0 && this.streams.size < this.peerMaxConcurrentStreams && this.usable) {
      const { stream, headers } = this.waiting.shift()!;
      this.open(stream, headers);
    }
  }

  /** True for a stream id in the idle state (§5.1): never opened by its side. */
  private isIdle(streamId: number): boolean {
    const peerOpens = this.role === "server" ? streamId % 2 === 1 : streamId % 2 === 0;
    if (peerOpens) return this.role === "client" || streamId > this.lastPeerStreamId;
    return streamId >= this.nextLocalStreamId;
  }

  // ---- settings, budgets, timers -------------------------------------------

  private sendPreface(): void {
    const out = this.outgoing.out;
    const l = this.limits;
    if (this.role === "client") out.append(CLIENT_PREFACE);
    const settings: SettingsUpdate = {
      maxConcurrentStreams: l.maxConcurrentStreams,
      initialWindowSize: l.streamWindowSize,
      maxHeaderListSize: l.maxHeaderListSize,
    };
    if (this.role === "client") settings.enablePush = false;
    if (l.maxFrameSize !== 16_384) settings.maxFrameSize = l.maxFrameSize;
    if (l.headerTableSize !== 4096) settings.headerTableSize = l.headerTableSize;
    writeSettings(out, settings);
    // The ACK is timed from the peer's own SETTINGS (startSettingsTimer): until then, the
    // handshake timeout is what ends a peer that says nothing.
    this.settingsUnacked++;
    const increment = this.receiveWindow.openTo(l.connectionWindowSize);
    if (increment > 0) writeWindowUpdate(out, 0, increment);
    if (l.headerTableSize !== 4096) this.decoder.setMaxTableSize(l.headerTableSize);
    this.requestFlush();
  }

  /** §6.5.3: our SETTINGS not acknowledged within settingsTimeoutMs: SETTINGS_TIMEOUT. */
  private startSettingsTimer(): void {
    const ms = this.limits.settingsTimeoutMs;
    this.timers.settings = this.timer(ms, () =>
      this.fail(Http2Error.connection(ErrorCode.SETTINGS_TIMEOUT, `SETTINGS not acknowledged within ${ms} ms (RFC 9113 §6.5.3)`)),
    );
  }

  private applyPeerSettings(s: SettingsUpdate): void {
    if (s.headerTableSize !== undefined) this.outgoing.encoder.setMaxTableSize(s.headerTableSize);
    if (s.maxFrameSize !== undefined) this.outgoing.maxFrameSize = s.maxFrameSize;
    if (s.initialWindowSize !== undefined) {
      // §6.9.2: every stream's send window moves by the difference, possibly below zero.
      const delta = s.initialWindowSize - this.peerInitialWindow;
      this.peerInitialWindow = s.initialWindowSize;
      for (const stream of this.streams.values()) {
        if (!stream.sendWindow.grow(delta)) {
          throw Http2Error.connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE made a stream's window larger than 2^31-1 (RFC 9113 §6.9.2)");
        }
      }
      for (const { stream } of this.waiting) stream.sendWindow.grow(delta);
      if (delta > 0 && this.outgoing.hasWaitingData) this.requestFlush();
    }
    if (s.maxConcurrentStreams !== undefined) {
      this.peerMaxConcurrentStreams = s.maxConcurrentStreams;
      this.openWaiting();
    }
  }

  /** A frame that makes us work for nothing; too many of them end the connection (§10.5). */
  private idleFrame(): void {
    if (!this.idleFrames.take(Date.now())) {
      throw Http2Error.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many frames that carry nothing (PING, SETTINGS, empty DATA, PRIORITY, ...)");
    }
  }

  /**
   * A WINDOW_UPDATE or RST_STREAM for a stream that is gone. For one that
   * closed a moment ago it is the ordinary race §5.1 describes (both sides
   * acted at once) and costs nothing; for one long gone it is counted.
   */
  private frameOnClosedStream(streamId: number): void {
    if (this.resetIds.has(streamId) || this.closedIds.has(streamId)) return;
    this.idleFrame();
  }

  /** A peer that never reads cannot make us queue acknowledgements without end. */
  private checkUnreadOutput(what: string): void {
    if (this.host.unreadOutput + this.outgoing.buffered > this.limits.maxUnreadOutput) {
      throw Http2Error.connection(ErrorCode.ENHANCE_YOUR_CALM, `the peer does not read what we send (a ${what} would exceed ${this.limits.maxUnreadOutput} bytes unread)`);
    }
  }

  /** A field block (or a frame) begun and not finished for too long: a slow-loris peer. */
  private watchHeaderTime(): void {
    if (this.parser.atFrameBoundary) {
      if (this.timers.header !== undefined) {
        clearTimeout(this.timers.header);
        this.timers.header = undefined;
      }
      return;
    }
    if (this.timers.header !== undefined || this.phase === "closed") return;
    const ms = this.limits.headerTimeoutMs;
    this.timers.header = this.timer(ms, () =>
      this.fail(Http2Error.connection(ErrorCode.PROTOCOL_ERROR, `a frame or field block left unfinished for ${ms} ms`)),
    );
  }

  private timer(ms: number, fn: () => void): NodeJS.Timeout | undefined {
    if (!(ms > 0) || !Number.isFinite(ms)) return undefined;
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  }

  private clearTimers(): void {
    clearTimeout(this.timers.handshake);
    clearTimeout(this.timers.settings);
    clearTimeout(this.timers.header);
    this.timers = {};
  }

  // ---- ending ----------------------------------------------------------------

  private sendGoaway(code: number, reason: string): void {
    const last = this.role === "server" ? this.lastPeerStreamId : 0;
    this.goawaySent = last;
    const debug = reason === "" ? undefined : new TextEncoder().encode(reason.slice(0, 256));
    writeGoaway(this.outgoing.out, last, code, debug);
    this.requestFlush();
  }

  /** §5.4.1: GOAWAY with the error, every stream closed, then the connection ends. */
  private fail(error: Http2Error): void {
    if (this.phase === "closed") return;
    this.sendGoaway(error.code, error.reason);
    this.phase = "closed";
    this.closeError = error;
    this.closeAllStreams(error);
    this.finish(error);
  }

  private closeAllStreams(error: Error): void {
    for (const { stream } of this.waiting.splice(0)) this.closeStream(stream, undefined, error);
    for (const stream of [...this.streams.values()]) this.closeStream(stream, undefined, error);
  }

  /** A closing connection with no stream left ends. */
  private endIfIdle(): void {
    if (this.phase !== "closing" || this.streams.size > 0 || this.waiting.length > 0) return;
    if (this.role === "server" && this.goawaySent < 0) return; // the final GOAWAY is still to come
    this.phase = "closed";
    this.finish(undefined);
  }

  private finish(error: Error | undefined): void {
    this.clearTimers();
    for (const answered of this.pings.values()) answered();
    this.pings.clear();
    this.requestFlush();
    this.host.end();
    this.events.onClose?.(error ?? this.closeError);
  }

  /** @internal The next local stream id (for tests). */
  get nextStreamId(): number {
    return this.nextLocalStreamId;
  }

  /** Gives back connection window for DATA nobody will read (refused, reset or closed streams). */
  private giveBackConnection(bytes: number): void {
    const increment = this.receiveWindow.consume(bytes);
    if (increment > 0) {
      writeWindowUpdate(this.outgoing.out, 0, increment);
      this.requestFlush();
    }
  }
}

/** The answer to a request whose header list is over our limit. */
const HEADER_LIST_TOO_LARGE: OutgoingHeaders = Object.freeze({ ":status": "431" });

function pingKey(data: Uint8Array): string {
  let key = "";
  for (let i = 0; i < 8; i++) key += String.fromCharCode(data[i]!);
  return key;
}
