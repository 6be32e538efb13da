/**
 * The receiving end of a stream of messages, as an AsyncIterator: a server
 * handler's request stream, a client's response stream. Messages are kept
 * raw (bytes + compressed flag) and turned into values by `read` when the
 * consumer asks for them, so decompression, which is asynchronous, keeps
 * the order without a promise per message when nothing is compressed.
 *
 * Flow control: past `highWaterMark` buffered messages the source is paused
 * (for node:http2 that stops WINDOW_UPDATEs, so the peer stops sending) and
 * resumed once the consumer has caught up.
 */

/** How the queue talks back to the call that feeds it. */
export interface QueueSource<T> {
  /** Turns raw bytes into a value; throws or rejects with the error to fail the call with. */
  read(bytes: Uint8Array, compressed: boolean): T | Promise<T>;
  pause(): void;
  resume(): void;
  /** The consumer stopped early (`break` out of for-await): cancel the call. */
  cancel(): void;
  /** A `read` failed: the call is over with this error. */
  failed(error: unknown): void;
}

interface Pending {
  readonly bytes: Uint8Array;
  readonly compressed: boolean;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };

export class MessageQueue<T> implements AsyncIterableIterator<T> {
  private readonly source: QueueSource<T>;
  private readonly highWaterMark: number;
  private readonly buffer: Pending[] = [];
  private head = 0;
  private paused = false;
  private ended = false;
  private error: unknown;
  private hasError = false;
  /** Set once the consumer has called return() or seen the end. */
  private closed = false;
  private waiter: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | undefined;
  private reading = false;

  constructor(source: QueueSource<T>, highWaterMark = 16) {
    this.source = source;
    this.highWaterMark = highWaterMark;
  }

  /** Adds a received message. */
  push(bytes: Uint8Array, compressed: boolean): void {
    if (this.ended || this.closed) return;
    if (this.waiter !== undefined && !this.reading) {
      const waiter = this.waiter;
      this.waiter = undefined;
      this.deliver({ bytes, compressed }, waiter);
      return;
    }
    this.buffer.push({ bytes, compressed });
    if (!this.paused && this.buffer.length - this.head >= this.highWaterMark) {
      this.paused = true;
      this.source.pause();
    }
  }

  /** The stream ended normally; buffered messages can still be read. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.settleWaiter();
  }

  /**
   * The call failed: once the messages already buffered are read, next()
   * rejects with `error` (a server may stream some messages, then fail).
   */
  fail(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.hasError = true;
    this.error = error;
    this.settleWaiter();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.waiter !== undefined) return Promise.reject(new Error("next() called again before the previous call settled"));
    if (this.head < this.buffer.length) {
      const item = this.take();
      return new Promise((resolve, reject) => this.deliver(item, { resolve, reject }));
    }
    if (this.ended) return this.finalResult();
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      if (!this.ended) this.source.cancel();
      this.ended = true;
      this.buffer.length = 0;
      this.head = 0;
    }
    return Promise.resolve(DONE);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private take(): Pending {
    const item = this.buffer[this.head]!;
    this.buffer[this.head++] = undefined as unknown as Pending;
    if (this.head === this.buffer.length) {
      this.buffer.length = 0;
      this.head = 0;
    }
    if (this.paused && this.buffer.length - this.head <= this.highWaterMark / 2) {
      this.paused = false;
      this.source.resume();
    }
    return item;
  }

  private deliver(item: Pending, to: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void }): void {
    let value: T | Promise<T>;
    try {
      value = this.source.read(item.bytes, item.compressed);
    } catch (e) {
      this.readFailed(e, to);
      return;
    }
    if (value instanceof Promise) {
      // Keep later messages behind this one while it decompresses.
      this.reading = true;
      this.waiter = to;
      value.then(
        (v) => {
          this.reading = false;
          this.waiter = undefined;
          to.resolve({ done: false, value: v });
        },
        (e: unknown) => {
          this.reading = false;
          this.waiter = undefined;
          this.readFailed(e, to);
        },
      );
      return;
    }
    to.resolve({ done: false, value });
  }

  private readFailed(e: unknown, to: { reject(e: unknown): void }): void {
    this.source.failed(e);
    this.ended = true;
    this.hasError = true;
    this.error = e;
    this.buffer.length = 0;
    this.head = 0;
    to.reject(e);
  }

  private settleWaiter(): void {
    if (this.waiter === undefined || this.reading) return;
    const waiter = this.waiter;
    this.waiter = undefined;
    this.finalResult().then(waiter.resolve, waiter.reject);
  }

  private finalResult(): Promise<IteratorResult<T>> {
    if (this.hasError) return Promise.reject(this.error);
    this.closed = true;
    return Promise.resolve(DONE);
  }
}
