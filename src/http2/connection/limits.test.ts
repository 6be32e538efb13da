import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, resolveLimits, TokenBucket } from "./limits.js";
import { RecentIds } from "./recent-ids.js";

describe("limits", () => {
  it("has a default for every limit, and an option overrides one at a time", () => {
    for (const [key, value] of Object.entries(DEFAULT_LIMITS)) expect(typeof value, key).toBe("number");
    const limits = resolveLimits({ maxConcurrentStreams: 5 });
    expect(limits.maxConcurrentStreams).toBe(5);
    expect(limits.handshakeTimeoutMs).toBe(DEFAULT_LIMITS.handshakeTimeoutMs);
    expect(resolveLimits(undefined)).toEqual(DEFAULT_LIMITS);
  });

  it.each([
    [{ maxConcurrentStreams: -1 }, /at least 0/],
    [{ streamWindowSize: Number.NaN }, /at least 0/],
    [{ streamWindowSize: 2 ** 31 }, /2\^31-1/],
    [{ connectionWindowSize: 2 ** 31 }, /2\^31-1/],
    [{ maxFrameSize: 16_383 }, /16384 to 16777215/],
    [{ maxFrameSize: 16_777_216 }, /16384 to 16777215/],
  ])("refuses %o", (options, message) => {
    expect(() => resolveLimits(options)).toThrow(message);
  });
});

describe("TokenBucket", () => {
  it("allows a burst, then refills at its rate", () => {
    const bucket = new TokenBucket(3, 10, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([true, true, true, false]);
    expect(bucket.take(50)).toBe(false); // half a token
    expect(bucket.take(100)).toBe(true); // one token after 100 ms at 10/s
    expect(bucket.take(10_000)).toBe(true);
    // Never more than the burst, however long it waited.
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([true, true, false]);
  });
});

describe("RecentIds", () => {
  it("remembers the most recent ids up to its capacity, forgetting the oldest first", () => {
    const ids = new RecentIds(3);
    for (const id of [1, 3, 5, 7]) ids.add(id);
    expect([1, 3, 5, 7].map((id) => ids.has(id))).toEqual([false, true, true, true]);
    for (let id = 9; id < 2000; id += 2) ids.add(id);
    expect(ids.has(1995) && ids.has(1997) && ids.has(1999)).toBe(true);
    expect(ids.has(1993)).toBe(false);
  });
});
