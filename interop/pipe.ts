/**
 * A request stream the test cases write to as they go (ping_pong sends each
 * request only after the previous response): push() values, end() to
 * half-close. Iterated once, by the call that sends them.
 */
export class Pipe<T> implements AsyncIterable<T> {
  private readonly values: T[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(value: T): void {
    if (this.ended) throw new Error("push() after end()");
    this.values.push(value);
    this.notify();
  }

  /** The client half-closes once what was pushed is sent. */
  end(): void {
    this.ended = true;
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const next = this.values.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
