/**
 * 64-bit integers as two unsigned 32-bit halves.
 *
 * The API speaks `bigint`, but bigint arithmetic is slow; values that fit in a
 * double's 53 bits (nearly all real ones) are split with plain number math,
 * and halves are joined through a typed array, never with BigInt operators.
 */

const TWO_32 = 4294967296;

/** Scratch space so splitting allocates nothing; read `lo`/`hi` right after a call. */
export const halves = { lo: 0, hi: 0 };

/**
 * Eight scratch bytes seen as two uint32 halves and as one 64-bit integer,
 * for moving between bigints and halves without bigint arithmetic. V8
 * compiles these typed-array stores and loads inline, where Number(bigint),
 * BigInt(n) or BigInt.asUintN are builtin calls costing several to ten times
 * as much, and (hi << 32n) | lo is three bigint operations.
 */
const scratch = new ArrayBuffer(8);
const words = new Uint32Array(scratch);
const asInt64 = new BigInt64Array(scratch);
const asUint64 = new BigUint64Array(scratch);
/** Which word holds the low half: the typed arrays use the platform's byte order. */
const LO = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0 : 1;
const HI = 1 - LO;

/** Splits a signed or unsigned 64-bit value into two's-complement halves. */
export function splitInt64(value: bigint | number): void {
  if (typeof value === "number") {
    splitNumber(value);
    return;
  }
  // Stored modulo 2^64 in two's complement: exactly the 64 bits the wire wants.
  asInt64[0] = value;
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
 * Bigints for 0..127, the values of one-byte varints: shared, since bigints
 * are immutable, so the commonest 64-bit values cost no allocation.
 */
export const SMALL_BIGINTS: readonly bigint[] = Array.from({ length: 128 }, (_, i) => BigInt(i));

/** Joins halves into an unsigned 64-bit bigint. */
export function joinUint64(lo: number, hi: number): bigint {
  words[LO] = lo;
  words[HI] = hi;
  return asUint64[0]!;
}

/** Joins two's-complement halves into a signed 64-bit bigint. */
export function joinInt64(lo: number, hi: number): bigint {
  words[LO] = lo;
  words[HI] = hi;
  return asInt64[0]!;
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
