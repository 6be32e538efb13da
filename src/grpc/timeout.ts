/**
 * The `grpc-timeout` header (PROTOCOL-HTTP2.md, "Timeout"): a positive
 * integer of at most 8 ASCII digits followed by one unit letter.
 */

/** Milliseconds in one of the unit letter, or undefined for an unknown letter. */
function unitMs(unit: string): number | undefined {
  switch (unit) {
    case "H":
      return 3_600_000;
    case "M":
      return 60_000;
    case "S":
      return 1_000;
    case "m":
      return 1;
    case "u":
      return 0.001;
    case "n":
      return 0.000_001;
    default:
      return undefined;
  }
}

const MAX_VALUE = 99_999_999;

/**
 * Parses a `grpc-timeout` value into milliseconds (fractions kept for u and n).
 * Returns undefined for anything that is not 1..8 digits and a known unit:
 * an empty value, a sign, a space, 9 digits, "1s" (lower-case s is not a unit).
 * What to do with a malformed value is the caller's choice; grpc-go answers
 * INTERNAL ("malformed grpc-timeout"), and so does our server.
 */
export function parseTimeout(value: string): number | undefined {
  const n = value.length;
  if (n < 2 || n > 9) return undefined;
  const unit = unitMs(value[n - 1]!);
  if (unit === undefined) return undefined;
  let digits = 0;
  for (let i = 0; i < n - 1; i++) {
    const c = value.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return undefined;
    digits = digits * 10 + c;
  }
  return digits * unit;
}

/** Units from finest to coarsest, with their size in nanoseconds. */
const ENCODE_UNITS: readonly (readonly [string, number])[] = [
  ["n", 1],
  ["u", 1e3],
  ["m", 1e6],
  ["S", 1e9],
  ["M", 60e9],
  ["H", 3600e9],
];

/**
 * Encodes a timeout in milliseconds using the finest unit whose value fits in
 * 8 digits, rounding up so the peer never sees a shorter deadline than ours.
 * Zero and negative timeouts become "1n" (the smallest positive timeout): the
 * value must be positive. Timeouts beyond 99999999 hours are capped.
 */
export function encodeTimeout(ms: number): string {
  if (!(ms > 0)) return "1n";
  const ns = ms * 1e6;
  for (const [unit, size] of ENCODE_UNITS) {
    const value = Math.ceil(ns / size);
    if (value <= MAX_VALUE) return `${value}${unit}`;
  }
  return `${MAX_VALUE}H`;
}
