/**
 * How many bytes a varint takes: 7 payload bits per byte
 * (protobuf encoding spec, "Base 128 Varints").
 */

/** Size of an unsigned 32-bit varint (1-5 bytes). */
export function sizeVarint32(value: number): number {
  value >>>= 0;
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

/** Size of an int32 field's varint: negative values are sign-extended to 10 bytes. */
export function sizeInt32(value: number): number {
  return value < 0 ? 10 : sizeVarint32(value);
}

/** Size of a 64-bit varint given its two's-complement halves (1-10 bytes). */
export function sizeVarint64(lo: number, hi: number): number {
  if (hi === 0) return sizeVarint32(lo);
  hi >>>= 0;
  if (hi < 0x8) return 5; // bits 32..34 are still in byte 5
  if (hi < 0x400) return 6;
  if (hi < 0x20000) return 7;
  if (hi < 0x1000000) return 8;
  if (hi < 0x80000000) return 9;
  return 10;
}
