/**
 * One HTTP/2 stream (RFC 9113 §5): its state, its two flow-control
 * windows, what it has queued to send and what it holds back for a paused
 * reader. The connection does the frame work; a stream only keeps the books
 * and talks to the application through its events object.
 */
import { ErrorCode } from "../error-code.js";
import type { OutgoingHeaders } from "../headers.js";
import { ReceiveWindow, SendWindow } from "./flow-window.js";
import { canSend, nextState, type StreamEvent, type StreamState } from "./stream-state.js";

/** What a stream tells the application (the RPC layer's call objects implement it). */
export interface Http2StreamEvents {
  /** A DATA payload. The application may keep it: its memory is never reused. */
  onData(chunk: Uint8Array): void;
  /** The peer ended its side (END_STREAM). */
  onEnd(): void;
  /** The stream's send queue fell below its high-water mark after write() returned false. */
  onDrain(): void;
  /**
   * The stream is gone (always the last event). `resetCode`: the RST_STREAM
   * code if it was reset, by either side; `connectionError` when the
   * connection failed or closed under it.
   */
  onClose(resetCode: number | undefined, connectionError: Error | undefined): void;
  /** Client side: the response's final header block (1xx heads are skipped). */
  onResponse?(headers: string[], endStream: boolean): void;
  /** Client side: the trailers. */
  onTrailers?(headers: string[]): void;
}

/** What a stream needs from its connection. */
export interface StreamOwner {
  sendHeaders(stream: Http2Stream, headers: OutgoingHeaders, endStream: boolean): void;
  /** The stream has DATA (or an END_STREAM, or trailers) queued. */
  dataQueued(stream: Http2Stream): void;
  resetStream(stream: Http2Stream, code: number): void;
  /** The application consumed `bytes` of received DATA: give the window back. */
  consumed(stream: Http2Stream, bytes: number): void;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

export class Http2Stream {
  readonly id: number;
  state: StreamState = "idle";
  /** The request's (server) or the response's (client) first header block. */
  headers: string[] = [];
  readonly sendWindow: SendWindow;
  readonly receiveWindow: ReceiveWindow;
  events: Http2StreamEvents | undefined;

  // ---- sending ----
  /** DATA waiting for window, in order. */
  readonly queue: Uint8Array[] = [];
  /** Bytes of the first queued chunk already sent. */
  queueOffset = 0;
  queuedBytes = 0;
  /** END_STREAM goes out after the queue (with the last DATA, or with the trailers). */
  endQueued = false;
  trailers: OutgoingHeaders | undefined;
  /** The response head went out (server); the request head (client). */
  headSent = false;
  /** write() returned false: onDrain is owed once the queue falls below the mark. */
  needsDrain = false;
  /** In the connection's list of streams with something to send. */
  scheduled = false;

  // ---- receiving ----
  /**
   * What arrived while the application paused the stream, delivered in
   * order on resume(): DATA chunks, then the trailers, the end and the close
   * (a stream can close while its reader is paused; its last DATA must still
   * come before onClose).
   */
  private inbox: Uint8Array[] | undefined;
  private heldTrailers: string[] | undefined;
  private endHeld = false;
  /** A normal close that came while the reader held data, with its reset code (undefined or NO_ERROR). */
  private heldClose: { readonly resetCode: number | undefined } | undefined;
  paused = false;
  /** The final response head arrived (client). */
  gotHead = false;
  /** The declared content-length, and the DATA bytes seen (§8.1.1). */
  contentLength = -1;
  dataReceived = 0;

  constructor(
    private readonly owner: StreamOwner,
    id: number,
    sendWindow: number,
    receiveWindow: number,
    private readonly highWaterMark: number,
  ) {
    this.id = id;
    this.sendWindow = new SendWindow(sendWindow);
    this.receiveWindow = new ReceiveWindow(receiveWindow, receiveWindow);
  }

  /** Moves the state machine; throws on a transition §5.1 does not allow (a bug of ours, not the peer's). */
  transition(event: StreamEvent): void {
    const next = nextState(this.state, event);
    if (next === undefined) throw new Error(`stream ${this.id}: ${event} is not allowed in state ${this.state}`);
    this.state = next;
  }

  get closed(): boolean {
    return this.state === "closed";
  }

  get remoteAddress(): string {
    return this.owner.remoteAddress;
  }

  get remotePort(): number {
    return this.owner.remotePort;
  }

  // ---- the application's side (the transport interface's stream methods) ----

  attach(events: Http2StreamEvents): void {
    this.events = events;
  }

  /** Sends a header block: the response head (server), or trailers-only when `endStream`. */
  respond(headers: OutgoingHeaders, endStream: boolean): void {
    if (!canSend(this.state) || this.endQueued) return;
    if (endStream) this.endQueued = true;
    this.owner.sendHeaders(this, headers, endStream);
  }

  /** Queues DATA. False when the stream's queue is past its high-water mark: wait for onDrain. */
  write(data: Uint8Array): boolean {
    if (!canSend(this.state) || this.endQueued) return true;
    if (data.length > 0) {
      this.queue.push(data);
      this.queuedBytes += data.length;
      this.owner.dataQueued(this);
    }
    if (this.queuedBytes < this.highWaterMark) return true;
    this.needsDrain = true;
    return false;
  }

  /** Ends our side: `data` if any, then the trailers (or an empty END_STREAM without them). */
  end(data?: Uint8Array, trailers?: OutgoingHeaders): void {
    if (!canSend(this.state) || this.endQueued) return;
    if (data !== undefined && data.length > 0) {
      this.queue.push(data);
      this.queuedBytes += data.length;
    }
    this.endQueued = true;
    this.trailers = trailers;
    this.owner.dataQueued(this);
  }

  /** RST_STREAM now; whatever is queued is dropped. */
  reset(code: number): void {
    if (this.state === "closed" || this.state === "idle") return;
    this.owner.resetStream(this, code);
  }

  /** Stops handing DATA to the application; the window is not given back until resume(). */
  pause(): void {
    this.paused = true;
  }

  /** Hands over what arrived while paused (in a microtask, not inside the caller), and gives its window back. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (this.holding) queueMicrotask(() => this.drainSafely());
  }

  // ---- the connection's side ----

  /** True while something received waits for the application (paused, or resumed and not yet handed over). */
  private get holding(): boolean {
    return this.inbox !== undefined || this.heldTrailers !== undefined || this.endHeld || this.heldClose !== undefined;
  }

  /** True when what arrives now must wait behind the reader: it is paused, or earlier arrivals still wait. */
  private get deferring(): boolean {
    return this.paused || this.holding;
  }

  /** DATA arrived: to the application now, or held while paused (or while earlier chunks wait). */
  receiveData(chunk: Uint8Array): void {
    if (this.deferring) {
      (this.inbox ??= []).push(chunk);
      return;
    }
    this.events?.onData(chunk);
    this.owner.consumed(this, chunk.length);
  }

  /** The trailers arrived (client): after any held DATA. */
  receiveTrailers(fields: string[]): void {
    if (this.deferring) {
      this.heldTrailers = fields;
      return;
    }
    this.events?.onTrailers?.(fields);
  }

  /** END_STREAM arrived (after any held DATA and trailers). */
  receiveEnd(): void {
    if (this.deferring) {
      this.endHeld = true;
      return;
    }
    this.events?.onEnd();
  }

  /**
   * The connection closed the stream. A normal close waits for what a
   * paused reader holds; a reset or a lost connection drops it (the
   * application is told the stream failed, and the data would not help).
   */
  receiveClose(resetCode: number | undefined, error: Error | undefined): void {
    const normal = (resetCode === undefined || resetCode === 0) && error === undefined;
    if (normal && this.holding) {
      this.heldClose = { resetCode };
      return;
    }
    this.inbox = undefined;
    this.heldTrailers = undefined;
    this.endHeld = false;
    this.heldClose = undefined;
    this.events?.onClose(resetCode, error);
  }

  /** As the connection does for its callbacks: an application handler that throws resets its stream, nothing more. */
  private drainSafely(): void {
    try {
      this.drainInbox();
    } catch {
      this.reset(ErrorCode.INTERNAL_ERROR);
    }
  }

  private drainInbox(): void {
    const inbox = this.inbox;
    this.inbox = undefined;
    if (inbox !== undefined) {
      for (let i = 0; i < inbox.length; i++) {
        if (this.paused) {
          // Paused again by a handler of one of these chunks: keep the rest.
          this.inbox = inbox.slice(i).concat(this.inbox ?? []);
          return;
        }
        this.events?.onData(inbox[i]!);
        this.owner.consumed(this, inbox[i]!.length);
      }
    }
    if (this.paused) return;
    const trailers = this.heldTrailers;
    if (trailers !== undefined) {
      this.heldTrailers = undefined;
      this.events?.onTrailers?.(trailers);
    }
    if (this.endHeld) {
      this.endHeld = false;
      this.events?.onEnd();
    }
    const close = this.heldClose;
    if (close !== undefined) {
      this.heldClose = undefined;
      this.events?.onClose(close.resetCode, undefined);
    }
  }

  /** Bytes held for a paused reader (they count against the windows until consumed). */
  get heldBytes(): number {
    let n = 0;
    for (const chunk of this.inbox ?? []) n += chunk.length;
    return n;
  }

  /** The queue went below the high-water mark: tell a writer that waited. */
  checkDrain(): void {
    if (this.needsDrain && this.queuedBytes < this.highWaterMark) {
      this.needsDrain = false;
      this.events?.onDrain();
    }
  }

  /** Forgets what was queued to send (the stream closed). */
  dropQueue(): void {
    this.queue.length = 0;
    this.queueOffset = 0;
    this.queuedBytes = 0;
    this.trailers = undefined;
  }
}
