/**
 * 64-bit integers as two unsigned 32-bit halves.
 *
 * The API speaks `bigint`, but bigint arithmetic is slow; values that fit in a
 * double's 53 bits (nearly all real ones) are split and joined with plain
 * number math, and only the rare large value touches BigInt operators.
 */

const TWO_32 = 4294967296;

/** Scratch space so splitting allocates nothing; read `lo`/`hi` right after a call. */
export const halves = { lo: 0, hi: 0 };

/**
 * Scratch for splitting a bigint: storing one into a BigInt64Array keeps it
 * modulo 2^64 in two's complement, exactly the 64 bits the wire wants, and
 * V8 compiles the store inline, where Number(bigint) or BigInt.asUintN are
 * builtin calls costing ten times as much.
 */
const wide = new BigInt64Array(1);
const words = new Uint32Array(wide.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1; // which word is low: little-endian or not
const HI = 1 - LO;

/** Splits a signed or unsigned 64-bit value into two's-complement halves. */
export function splitInt64(value: bigint | number): void {
  if (typeof value === "number") {
    splitNumber(value);
    return;
  }
  wide[0] = value;
  halves.lo = words[LO]!;
  halves.hi = words[HI]!;
}

/** Splits a number that is an integer (safe, or whatever the double holds). */
export function splitNumber(n: number): void {
  // ToUint32 is "modulo 2^32", which is exactly the low half in two's complement.
  halves.lo = n >>> 0;
  halves.hi = Math.floor(n / TWO_32) >>> 0;
}

/**
 * BigInts for 0..255 and for the multiples of 256 below 2^16: a value below
 * 2^16 becomes one table lookup or one addition, both cheaper than BigInt(n)
 * (a builtin call and an allocation). BigInts are immutable, so sharing the
 * small ones is safe.
 */
const LOW = Array.from({ length: 256 }, (_, i) => BigInt(i));
const HIGH = Array.from({ length: 256 }, (_, i) => BigInt(i * 256));

/** A non-negative integer below 2^53 as a bigint. */
export function bigintOf(n: number): bigint {
  if (n < 256) return LOW[n]!;
  if (n < 65536) return HIGH[n >>> 8]! + LOW[n & 255]!;
  return BigInt(n);
}

/** Joins halves into an unsigned 64-bit bigint. */
export function joinUint64(lo: number, hi: number): bigint {
  if (hi < 0x200000) return bigintOf(hi * TWO_32 + lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Joins two's-complement halves into a signed 64-bit bigint. */
export function joinInt64(lo: number, hi: number): bigint {
  if (hi & 0x80000000) {
    // Negative. -2^53 < value < 0 when the top 11 bits of hi are all ones.
    if (hi >= 0xffe00000) return BigInt((hi | 0) * TWO_32 + lo);
    return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  }
  return joinUint64(lo, hi);
}

/** ZigZag for 64-bit, on halves: (n << 1) ^ (n >> 63). Result in `halves`. */
export function zigzagEncode64(lo: number, hi: number): void {
  const sign = hi >> 31; // 0 or -1
  halves.hi = (((hi << 1) | (lo >>> 31)) ^ sign) >>> 0;
  halves.lo = ((lo << 1) ^ sign) >>> 0;
}

/** Inverse ZigZag for 64-bit, on halves: (n >>> 1) ^ -(n & 1). Result in `halves`. */
export function zigzagDecode64(lo: number, hi: number): void {
  const mask = -(lo & 1);
  halves.lo = (((lo >>> 1) | (hi << 31)) ^ mask) >>> 0;
  halves.hi = ((hi >>> 1) ^ mask) >>> 0;
}

/** ZigZag for 32-bit: maps -1 -> 1, 1 -> 2, -2 -> 3 ... */
export function zigzagEncode32(n: number): number {
  return ((n << 1) ^ (n >> 31)) >>> 0;
}

export function zigzagDecode32(n: number): number {
  return (n >>> 1) ^ -(n & 1);
}
