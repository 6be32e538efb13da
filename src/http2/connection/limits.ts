/**
 * Every limit of a connection, each with a default (the nghttp2 habit:
 * every bound is a named setting). The defences against hostile peers
 * (RFC 9113 §10.5 "Denial-of-Service Considerations") are among them.
 */

export interface Http2Limits {
  /** SETTINGS_MAX_CONCURRENT_STREAMS we advertise; a peer stream beyond it is refused (REFUSED_STREAM). Default 100. */
  maxConcurrentStreams: number;
  /** SETTINGS_INITIAL_WINDOW_SIZE we advertise: each stream's receive window. Default 1 MiB. */
  streamWindowSize: number;
  /** The connection's receive window. Default 4 MiB. */
  connectionWindowSize: number;
  /** SETTINGS_MAX_HEADER_LIST_SIZE we advertise and enforce on decoded header blocks (§6.5.2). Default 16 KiB. */
  maxHeaderListSize: number;
  /** Largest encoded field block (HEADERS + CONTINUATION) accepted before HPACK decoding. Default 64 KiB. */
  maxHeaderBlockSize: number;
  /** SETTINGS_HEADER_TABLE_SIZE we advertise (the peer's encoder table for our decoder). Default 4096. */
  headerTableSize: number;
  /** Most dynamic table our encoder uses, whatever the peer allows. Default 4096. */
  encoderTableSize: number;
  /** The SETTINGS_MAX_FRAME_SIZE we advertise. Default 16384 (the protocol's). */
  maxFrameSize: number;
  /** Bytes a stream may have queued for sending before write() returns false. Default 64 KiB. */
  streamHighWaterMark: number;
  /** Connection output not yet taken by the socket past which DATA waits. Default 1 MiB. */
  connectionHighWaterMark: number;
  /**
   * Output the peer has not read (the socket's buffer and ours) past which
   * a frame we owe it (a SETTINGS or PING acknowledgement) ends the
   * connection with ENHANCE_YOUR_CALM instead: a peer that sends but never
   * reads cannot make us buffer without bound. Default 1 MiB.
   */
  maxUnreadOutput: number;
  /**
   * Streams the peer may reset before our response to them began ("rapid
   * reset", CVE-2023-44487): a burst of this many, refilled at
   * `resetRatePerSecond`. Past it: GOAWAY ENHANCE_YOUR_CALM. Default 1000.
   */
  resetBurst: number;
  /** Default 33 per second (node's default for the same guard). */
  resetRatePerSecond: number;
  /**
   * Frames that make us do work but carry nothing a stream uses: PING,
   * SETTINGS, empty DATA without END_STREAM, PRIORITY, WINDOW_UPDATE on
   * closed streams, unknown frame types, RST_STREAM of closed streams. A
   * burst of this many, refilled at `idleFrameRatePerSecond`; past it:
   * GOAWAY ENHANCE_YOUR_CALM. Default 1000 and 100 per second.
   */
  idleFrameBurst: number;
  idleFrameRatePerSecond: number;
  /** Time for a connection to send the preface and its first SETTINGS (§3.4). Default 20 s. */
  handshakeTimeoutMs: number;
  /** Time for the peer to acknowledge our SETTINGS (§6.5.3), from its own SETTINGS: SETTINGS_TIMEOUT after it. Default 10 s. */
  settingsTimeoutMs: number;
  /** Time a stream may take to finish its field block (HEADERS to END_HEADERS). Default 10 s. */
  headerTimeoutMs: number;
  /** How long a closed connection is still read (discarding) for the peer to close its side. Default 2 s. */
  lingerMs: number;
}

export const DEFAULT_LIMITS: Readonly<Http2Limits> = Object.freeze({
  maxConcurrentStreams: 100,
  streamWindowSize: 1024 * 1024,
  connectionWindowSize: 4 * 1024 * 1024,
  maxHeaderListSize: 16 * 1024,
  maxHeaderBlockSize: 64 * 1024,
  headerTableSize: 4096,
  encoderTableSize: 4096,
  maxFrameSize: 16_384,
  streamHighWaterMark: 64 * 1024,
  connectionHighWaterMark: 1024 * 1024,
  maxUnreadOutput: 1024 * 1024,
  resetBurst: 1000,
  resetRatePerSecond: 33,
  idleFrameBurst: 1000,
  idleFrameRatePerSecond: 100,
  handshakeTimeoutMs: 20_000,
  settingsTimeoutMs: 10_000,
  headerTimeoutMs: 10_000,
  lingerMs: 2000,
});

/** The defaults, overridden by whichever options are given. Throws a RangeError for a value that makes no sense. */
export function resolveLimits(options: Partial<Http2Limits> | undefined): Http2Limits {
  const limits: Http2Limits = { ...DEFAULT_LIMITS };
  if (options !== undefined) {
    for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Http2Limits)[]) {
      const value = options[key];
      if (value === undefined) continue;
      if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
        throw new RangeError(`HTTP/2 limit ${key} must be a number of at least 0, got ${String(value)}`);
      }
      limits[key] = value;
    }
  }
  if (limits.streamWindowSize > 0x7fff_ffff || limits.connectionWindowSize > 0x7fff_ffff) {
    throw new RangeError("HTTP/2 windows cannot exceed 2^31-1 bytes");
  }
  if (limits.maxFrameSize < 16_384 || limits.maxFrameSize > 16_777_215) {
    throw new RangeError(`maxFrameSize must be from 16384 to 16777215, got ${limits.maxFrameSize}`);
  }
  return limits;
}

/**
 * A token bucket: `burst` events at once, refilled at `ratePerSecond`.
 * take() is false once the bucket is empty. Time comes from the caller so
 * tests need no real clock.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): boolean {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
      this.last = now;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
