/**
 * Wire types and tags (protobuf encoding spec, "Message Structure").
 *
 * Each field on the wire starts with a tag: the varint `(field_number << 3) | wire_type`.
 */
export const WireType = {
  /** int32, int64, uint32, uint64, sint32, sint64, bool, enum */
  Varint: 0,
  /** fixed64, sfixed64, double */
  Fixed64: 1,
  /** string, bytes, embedded messages, packed repeated fields */
  LengthDelimited: 2,
  /** group start (proto2, deprecated) */
  StartGroup: 3,
  /** group end (proto2, deprecated) */
  EndGroup: 4,
  /** fixed32, sfixed32, float */
  Fixed32: 5,
} as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** Field numbers are 29-bit: 1 ..= 2^29 - 1 (protobuf language spec). */
export const MIN_FIELD_NUMBER = 1;
export const MAX_FIELD_NUMBER = 536870911;

/** Numbers 19000-19999 are reserved for the protobuf implementation. */
export const FIRST_RESERVED_FIELD_NUMBER = 19000;
export const LAST_RESERVED_FIELD_NUMBER = 19999;

/** The tag value for a field, as an unsigned 32-bit number (fits: 29 + 3 bits). */
export function makeTag(fieldNumber: number, wireType: WireType): number {
  return ((fieldNumber << 3) | wireType) >>> 0;
}

export function tagFieldNumber(tag: number): number {
  return tag >>> 3;
}

export function tagWireType(tag: number): number {
  return tag & 7;
}

const NAMES = ["VARINT", "I64", "LEN", "SGROUP", "EGROUP", "I32"];

/** The spec's short name for a wire type (VARINT, I64, LEN, SGROUP, EGROUP, I32). */
export function wireTypeName(wireType: number): string {
  return NAMES[wireType] ?? `invalid(${wireType})`;
}
