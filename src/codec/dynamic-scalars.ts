import { FieldType } from "../schema/descriptor.js";
import type { Reader } from "../wire/reader.js";
import type { Writer } from "../wire/writer.js";

/** Writes one scalar value (no tag) of the given field type. */
export function writeScalar(w: Writer, type: number, value: unknown): void {
  switch (type) {
    case FieldType.Double: w.double(value as number); return;
    case FieldType.Float: w.float(value as number); return;
    case FieldType.Int64: w.int64(value as bigint); return;
    case FieldType.Uint64: w.uint64(value as bigint); return;
    case FieldType.Int32: w.int32(value as number); return;
    case FieldType.Fixed64: w.fixed64(value as bigint); return;
    case FieldType.Fixed32: w.fixed32(value as number); return;
    case FieldType.Bool: w.bool(value as boolean); return;
    case FieldType.String: w.string(value as string); return;
    case FieldType.Bytes: w.bytes(value as Uint8Array); return;
    case FieldType.Uint32: w.uint32(value as number); return;
    case FieldType.Enum: w.int32(value as number); return;
    case FieldType.Sfixed32: w.sfixed32(value as number); return;
    case FieldType.Sfixed64: w.sfixed64(value as bigint); return;
    case FieldType.Sint32: w.sint32(value as number); return;
    case FieldType.Sint64: w.sint64(value as bigint); return;
    default: throw new Error(`not a scalar field type: ${type}`);
  }
}

/** Reads one scalar value (tag already read) of the given field type. */
export function readScalar(r: Reader, type: number, validateUtf8: boolean): unknown {
  switch (type) {
    case FieldType.Double: return r.double();
    case FieldType.Float: return r.float();
    case FieldType.Int64: return r.int64();
    case FieldType.Uint64: return r.uint64();
    case FieldType.Int32: return r.int32();
    case FieldType.Fixed64: return r.fixed64();
    case FieldType.Fixed32: return r.fixed32();
    case FieldType.Bool: return r.bool();
    case FieldType.String: return validateUtf8 ? r.string() : r.stringLossy();
    case FieldType.Bytes: return r.bytes();
    case FieldType.Uint32: return r.uint32();
    case FieldType.Enum: return r.int32();
    case FieldType.Sfixed32: return r.sfixed32();
    case FieldType.Sfixed64: return r.sfixed64();
    case FieldType.Sint32: return r.sint32();
    case FieldType.Sint64: return r.sint64();
    default: throw new Error(`not a scalar field type: ${type}`);
  }
}

/** True when a proto3 implicit-presence value equals its default and is not written. */
export function isDefaultScalar(type: number, value: unknown): boolean {
  switch (type) {
    case FieldType.String: return value === "";
    case FieldType.Bytes: return (value as Uint8Array).length === 0;
    case FieldType.Bool: return value === false;
    case FieldType.Int64:
    case FieldType.Uint64:
    case FieldType.Fixed64:
    case FieldType.Sfixed64:
    case FieldType.Sint64:
      return value === 0n;
    // -0.0 is written: protoc compares the bits, not the value.
    default: return Object.is(value, 0);
  }
}

/** The proto3 default value of a scalar field type. */
export function zeroScalar(type: number): unknown {
  switch (type) {
    case FieldType.String: return "";
    case FieldType.Bytes: return new Uint8Array(0);
    case FieldType.Bool: return false;
    case FieldType.Int64:
    case FieldType.Uint64:
    case FieldType.Fixed64:
    case FieldType.Sfixed64:
    case FieldType.Sint64:
      return 0n;
    default: return 0;
  }
}
