import { describe, expect, it } from "vitest";
import { encodeTimeout, parseTimeout } from "./timeout.js";

describe("parseTimeout", () => {
  it.each([
    ["1H", 3_600_000],
    ["2M", 120_000],
    ["3S", 3_000],
    ["100m", 100],
    ["1500u", 1.5],
    ["2000000n", 2],
    ["0m", 0],
    ["99999999S", 99_999_999_000],
    ["00000001m", 1],
  ])("%s -> %f ms", (value, ms) => {
    expect(parseTimeout(value)).toBeCloseTo(ms, 9);
  });

  it.each(["", "m", "1", "1s", "1x", "123456789m", "-1m", "+1m", " 1m", "1 m", "1.5S", "1mm", "１m"])(
    "rejects %j",
    (value) => {
      expect(parseTimeout(value)).toBeUndefined();
    },
  );
});

describe("encodeTimeout", () => {
  it.each([
    [1, "1000000n"],
    [99, "99000000n"],
    [100, "100000u"],
    [1500, "1500000u"],
    [99_999, "99999000u"],
    [100_000, "100000m"],
    [99_999_999, "99999999m"],
    [100_000_000, "100000S"],
    [0.0004, "400n"],
    [0, "1n"],
    [-5, "1n"],
    [1e20, "99999999H"],
  ])("%f ms -> %s", (ms, value) => {
    expect(encodeTimeout(ms)).toBe(value);
  });

  it("never shortens the deadline and keeps at most 8 digits", () => {
    for (const ms of [0.3, 1.7, 12_345.678, 98_765_432.1, 7e9, 3.3e12]) {
      const value = encodeTimeout(ms);
      expect(value.length).toBeLessThanOrEqual(9);
      expect(parseTimeout(value)!).toBeGreaterThanOrEqual(ms);
    }
  });
});
