/**
 * Flow-control windows (RFC 9113 §5.2, §6.9). Each stream and the
 * connection as a whole have one in each direction:
 *
 * - the send window: how many DATA bytes we may still send before the peer
 *   says it has made room (WINDOW_UPDATE);
 * - the receive window: how many the peer may still send us. We give room
 *   back only as the application consumes what arrived, so a reader that
 *   falls behind holds the sender back instead of filling our memory.
 */

/** The largest window, 2^31-1 (§6.9.1). */
export const MAX_WINDOW = 0x7fff_ffff;

/** The window every stream and the connection start with (§6.9.2). */
export const INITIAL_WINDOW = 65_535;

export class SendWindow {
  /** May go below zero after the peer lowers SETTINGS_INITIAL_WINDOW_SIZE (§6.9.2). */
  size: number;

  constructor(size: number) {
    this.size = size;
  }

  /**
   * A WINDOW_UPDATE (or a change of the initial window size). False when
   * the window would pass 2^31-1, which the peer must not cause (§6.9.1:
   * FLOW_CONTROL_ERROR).
   */
  grow(increment: number): boolean {
    const next = this.size + increment;
    if (next > MAX_WINDOW) return false;
    this.size = next;
    return true;
  }

  /** Bytes of DATA that went out. */
  spend(bytes: number): void {
    this.size -= bytes;
  }
}

export class ReceiveWindow {
  /** What the peer may still send before it must wait for a WINDOW_UPDATE. */
  private available: number;
  /** The window we want to keep open. */
  private target: number;
  /** Bytes consumed since the last WINDOW_UPDATE. */
  private consumedSinceUpdate = 0;

  /**
   * `start` is the window as the peer sees it now (65,535 for a connection
   * before our first WINDOW_UPDATE); `target` the size we keep it at.
   */
  constructor(start: number, target: number) {
    this.available = start;
    this.target = target;
  }

  /** Bytes the peer may still send. */
  get remaining(): number {
    return this.available;
  }

  /** Counts a received frame's flow-controlled length; false when it exceeds the window (a FLOW_CONTROL_ERROR). */
  receive(bytes: number): boolean {
    if (bytes > this.available) return false;
    this.available -= bytes;
    return true;
  }

  /**
   * The application consumed `bytes`. Returns the WINDOW_UPDATE increment
   * to send now, or 0: updates are batched until half the target window is
   * used up (or the window would otherwise close), so a busy stream sends a
   * few large updates rather than one per frame.
   */
  consume(bytes: number): number {
    this.consumedSinceUpdate += bytes;
    if (this.consumedSinceUpdate < this.target / 2 && this.available >= this.target / 2) return 0;
    return this.giveBack();
  }

  /** Grows the window towards `target` by everything consumed so far; returns the increment (0 if none). */
  giveBack(): number {
    let increment = this.consumedSinceUpdate;
    this.consumedSinceUpdate = 0;
    if (this.available + increment > this.target) increment = Math.max(0, this.target - this.available);
    this.available += increment;
    return increment;
  }

  /**
   * Opens the window to `target` at once (the connection's first
   * WINDOW_UPDATE, or a larger window option); returns the increment.
   */
  openTo(target: number): number {
    this.target = target;
    const increment = target - this.available;
    if (increment <= 0) return 0;
    this.available = target;
    return increment;
  }

  /** The peer changed its view of the initial window (our SETTINGS_INITIAL_WINDOW_SIZE was acknowledged, §6.9.2). */
  shift(delta: number): void {
    this.available += delta;
    this.target += delta;
  }
}
