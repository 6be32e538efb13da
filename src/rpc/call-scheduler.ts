/**
 * Where a server's handlers start.
 *
 * node:http2 hands us a request as it parses the bytes of a socket read, and
 * one read holds many requests when the server is busy. Running each handler
 * right there would make the event loop read nothing else until all of them
 * are done: a CPU-bound handler then works through requests that waited in
 * the socket for longer than their deadline, and never sees the RST_STREAM
 * their clients sent meanwhile (it comes later in the same byte stream).
 *
 * So a call whose request is complete is queued here instead, and handlers
 * start from a setImmediate, after the poll phase has read what the sockets
 * had: cancellations are known, and a call's deadline counts from when its
 * request was read, not from when its turn came. Handlers start in arrival
 * order in slices of at most SLICE_MS of event-loop time; between slices
 * node reads the sockets again and fires timers (deadlines), so queued calls
 * see their cancellation and their deadline within a slice.
 *
 * A call is checked again as it starts: one already ended (cancelled, reset,
 * deadline timer, shutdown) is skipped, one whose deadline has passed ends
 * with DEADLINE_EXCEEDED, and the handler never runs for either.
 *
 * Under sustained overload that is not enough: in a first-in first-out
 * queue that is always full, the call at the head is always the oldest one
 * still alive, about to expire, and whatever its handler produces comes too
 * late; the server would be busy and still answer nothing in time. So while
 * the queue is congested (a slice ended with calls left over), a call with a
 * deadline is admitted only if the work queued ahead of it, at the measured
 * cost per queued call, lets it finish before its deadline. The others are
 * refused at once (`schedule` returns false; the call answers
 * DEADLINE_EXCEEDED), which also spares their clients the wait and the
 * server their RST_STREAMs. Calls without a deadline are always queued; the
 * queue stays bounded by the streams the server allows per connection.
 */

/** A call waiting for its handler to start. */
export interface ScheduledCall {
  /** Starts the handler, or ends the call without it if it is over or expired. */
  start(): void;
}

/** Event-loop time spent starting handlers before the scheduler lets node read sockets and fire timers again. */
export const SLICE_MS = 1;

/** A drained prefix longer than this is cut off the queue (it never empties under sustained overload). */
const COMPACT_AT = 1024;

/** Weight of a new sample in the moving average of the cost per queued call. */
const COST_WEIGHT = 0.25;

export class CallScheduler {
  private queue: (ScheduledCall | undefined)[] = [];
  private head = 0;
  private scheduled = false;
  /** The last slice ended with calls left over, and none has emptied the queue since. */
  private congested = false;
  /** Event-loop milliseconds per queued call while congested (handler time and the I/O between slices). */
  private costMs = 0;
  /** When the last slice started, and how many calls it took off the queue. */
  private sliceStart = 0;
  private sliceTaken = 0;

  /** Calls queued and not started yet (including ones that ended while they waited). */
  get size(): number {
    return this.queue.length - this.head;
  }

  /** Milliseconds of event-loop work the calls now queued stand for (0 while not congested). */
  get backlogMs(): number {
    return this.congested ? this.size * this.costMs : 0;
  }

  /**
   * Queues a call; its handler starts from a setImmediate, after the current
   * I/O has been read. Returns false, queuing nothing, when the queue is
   * congested and the call could not finish before `deadline` (Date.now()
   * milliseconds) behind the calls queued ahead of it.
   */
  schedule(call: ScheduledCall, deadline: number | undefined): boolean {
    if (deadline !== undefined && this.congested && Date.now() + (this.size + 1) * this.costMs > deadline) return false;
    this.queue.push(call);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.drain);
    }
    return true;
  }

  private readonly drain = (): void => {
    this.scheduled = false;
    const queue = this.queue;
    const start = performance.now();
    if (this.congested && this.sliceTaken > 0) {
      // Slice to slice, the loop did nothing but this queue's work and the I/O that came with it.
      this.average((start - this.sliceStart) / this.sliceTaken);
    }
    this.sliceStart = start;
    const first = this.head;
    const end = start + SLICE_MS;
    while (this.head < queue.length) {
      const call = queue[this.head]!;
      queue[this.head++] = undefined;
      try {
        call.start();
      } catch {
        // start() reports its own failures on the call; nothing may stop the queue.
      }
      if (performance.now() >= end) break;
    }
    this.sliceTaken = this.head - first;
    if (this.head === queue.length) {
      queue.length = 0;
      this.head = 0;
      this.congested = false;
      return;
    }
    if (!this.congested) {
      this.congested = true;
      // A first estimate from this slice alone, until the next slice measures the I/O too.
      if (this.costMs === 0) this.average((performance.now() - start) / this.sliceTaken);
    }
    if (this.head >= COMPACT_AT) {
      this.queue = queue.slice(this.head);
      this.head = 0;
    }
    this.scheduled = true;
    setImmediate(this.drain);
  };

  private average(sample: number): void {
    this.costMs = this.costMs === 0 ? sample : this.costMs + COST_WEIGHT * (sample - this.costMs);
  }
}
