import { FieldType } from "../schema/descriptor.js";
import { WireType } from "../wire/wire-type.js";

/**
 * What each protobuf field type is on the wire and in TypeScript
 * (protobuf encoding spec, "Message Structure" table).
 */
export interface ScalarInfo {
  /** The Reader/Writer verb: `w.int64(v)`, `r.int64()`. */
  readonly verb: string;
  readonly wireType: WireType;
  /** The TypeScript type of a value. */
  readonly tsType: string;
  /** The proto3 default, as a TypeScript expression. */
  readonly zero: string;
  /** Repeated fields of this type can be packed. */
  readonly packable: boolean;
  /** 64-bit integers are bigint. */
  readonly isBigint: boolean;
}

const info = (verb: string, wireType: WireType, tsType: string, zero: string, packable = true): ScalarInfo => ({
  verb,
  wireType,
  tsType,
  zero,
  packable,
  isBigint: tsType === "bigint",
});

const SCALARS = new Map<number, ScalarInfo>([
  [FieldType.Double, info("double", WireType.Fixed64, "number", "0")],
  [FieldType.Float, info("float", WireType.Fixed32, "number", "0")],
  [FieldType.Int64, info("int64", WireType.Varint, "bigint", "0n")],
  [FieldType.Uint64, info("uint64", WireType.Varint, "bigint", "0n")],
  [FieldType.Int32, info("int32", WireType.Varint, "number", "0")],
  [FieldType.Fixed64, info("fixed64", WireType.Fixed64, "bigint", "0n")],
  [FieldType.Fixed32, info("fixed32", WireType.Fixed32, "number", "0")],
  [FieldType.Bool, info("bool", WireType.Varint, "boolean", "false")],
  [FieldType.String, info("string", WireType.LengthDelimited, "string", '""', false)],
  [FieldType.Bytes, info("bytes", WireType.LengthDelimited, "Uint8Array", "new Uint8Array(0)", false)],
  [FieldType.Uint32, info("uint32", WireType.Varint, "number", "0")],
  [FieldType.Enum, info("enum", WireType.Varint, "number", "0")],
  [FieldType.Sfixed32, info("sfixed32", WireType.Fixed32, "number", "0")],
  [FieldType.Sfixed64, info("sfixed64", WireType.Fixed64, "bigint", "0n")],
  [FieldType.Sint32, info("sint32", WireType.Varint, "number", "0")],
  [FieldType.Sint64, info("sint64", WireType.Varint, "bigint", "0n")],
]);

/** Scalar info for a field type, or undefined for messages and groups. */
export function scalarInfo(type: number): ScalarInfo | undefined {
  return SCALARS.get(type);
}

export function isScalarType(type: number): boolean {
  return SCALARS.has(type);
}

/** Allowed map key types (language spec: any integral or string type). */
export function isValidMapKeyType(type: number): boolean {
  return type !== FieldType.Double && type !== FieldType.Float && type !== FieldType.Bytes && isScalarType(type) && type !== FieldType.Enum;
}
