/**
 * Encodes option values: one scalar for a field, or a `{ ... }` aggregate
 * (protobuf text format) for a message, against the option's resolved types.
 * Messages are written in field-number order with the elements of a repeated
 * field together, packed where the field is packed, as protoc's serializer
 * does.
 */
import type { DescriptorProto, EnumDescriptorProto, FieldDescriptorProto } from "./descriptor.js";
import { FieldType } from "./descriptor.js";
import type { ParseError } from "./errors.js";
import { floatValue, integerValue, INTEGER_RANGE, literalBytes } from "./default-values.js";
import { fieldOptions } from "./options.js";
import type { OptionValue, ScalarValue, TextField } from "./parsed-file.js";
import { Writer } from "../wire/index.js";

/** What the encoder needs to know about types; the resolver provides it. */
export interface TypeLookup {
  /** An extension named in an option, looked up from `scope` like protoc (leading "." = absolute). */
  extension(name: string, scope: string): { field: FieldDescriptorProto; fullName: string; proto3: boolean } | undefined;
  /** A message by fully qualified name, without a leading dot. */
  message(fullName: string): { descriptor: DescriptorProto; proto3: boolean } | undefined;
  /** An enum by fully qualified name, without a leading dot. */
  enum(fullName: string): EnumDescriptorProto | undefined;
}

type Fail = (offset: number, reason: string) => ParseError;

/** Names protoc uses for types in option errors (the C++ type of the field). */
const TYPE_WORD = new Map<number, string>([
  [FieldType.Int32, "int32"], [FieldType.Sint32, "int32"], [FieldType.Sfixed32, "int32"],
  [FieldType.Int64, "int64"], [FieldType.Sint64, "int64"], [FieldType.Sfixed64, "int64"],
  [FieldType.Uint32, "uint32"], [FieldType.Fixed32, "uint32"],
  [FieldType.Uint64, "uint64"], [FieldType.Fixed64, "uint64"],
  [FieldType.Float, "float"], [FieldType.Double, "double"],
]);

/** Wire type of a scalar type (proto spec "Encoding"). */
function wireTypeOf(type: FieldType): number {
  switch (type) {
    case FieldType.Double: case FieldType.Fixed64: case FieldType.Sfixed64:
      return 1;
    case FieldType.Float: case FieldType.Fixed32: case FieldType.Sfixed32:
      return 5;
    case FieldType.String: case FieldType.Bytes: case FieldType.Message:
      return 2;
    default:
      return 0;
  }
}

/** Writes `tag value` for one scalar. `text` enables text format's looser spellings. */
export function encodeScalar(
  w: Writer,
  number: number,
  type: FieldType,
  value: ScalarValue,
  shown: string,
  enumType: EnumDescriptorProto | undefined,
  fail: Fail,
  text: boolean,
): void {
  w.tag(number, wireTypeOf(type) as 0);
  writeScalarBody(w, type, value, shown, enumType, fail, text);
}

function writeScalarBody(
  w: Writer,
  type: FieldType,
  value: ScalarValue,
  shown: string,
  enumType: EnumDescriptorProto | undefined,
  fail: Fail,
  text: boolean,
): void {
  switch (type) {
    case FieldType.Bool: {
      const t = value.text;
      const ok = value.kind === "ident" || (text && value.kind === "int");
      const yes = t === "true" || (text && (t === "True" || t === "t" || t === "1"));
      const no = t === "false" || (text && (t === "False" || t === "f" || t === "0"));
      if (!ok || value.negative) throw fail(value.offset, `Value must be identifier for boolean option "${shown}".`);
      if (!yes && !no) throw fail(value.offset, `Value must be "true" or "false" for boolean option "${shown}".`);
      w.bool(yes);
      return;
    }
    case FieldType.String:
    case FieldType.Bytes:
      if (value.kind !== "string") throw fail(value.offset, `Value must be quoted string for string option "${shown}".`);
      w.bytes(Uint8Array.from(literalBytes(value.parts ?? [value.text])));
      return;
    case FieldType.Float:
    case FieldType.Double: {
      const lower = value.text.toLowerCase();
      const named = value.kind === "ident" && (lower === "inf" || lower === "infinity" || lower === "nan");
      if (value.kind !== "int" && value.kind !== "float" && !(named && text)) {
        throw fail(value.offset, `Value must be number for ${TYPE_WORD.get(type)} option "${shown}".`);
      }
      const v = floatValue(named ? lower : value.text, value.negative);
      if (type === FieldType.Float) w.float(v);
      else w.double(v);
      return;
    }
    case FieldType.Enum: {
      if (text && value.kind === "int") {
        w.int32(Number(integerValue(value.text)) * (value.negative ? -1 : 1));
        return;
      }
      if (value.kind !== "ident" || value.negative) throw fail(value.offset, `Value must be identifier for enum-valued option "${shown}".`);
      const v = enumType?.value.find((e) => e.name === value.text);
      if (v === undefined) throw fail(value.offset, `Enum type "${enumType?.name ?? "?"}" has no value named "${value.text}" for option "${shown}".`);
      w.int32(v.number!);
      return;
    }
    default:
      writeInteger(w, type, value, shown, fail);
  }
}

function writeInteger(w: Writer, type: FieldType, value: ScalarValue, shown: string, fail: Fail): void {
  const word = TYPE_WORD.get(type);
  if (value.kind !== "int") throw fail(value.offset, `Value must be integer for ${word} option "${shown}".`);
  let v = integerValue(value.text);
  if (value.negative) v = -v;
  const [min, max] = INTEGER_RANGE.get(type)!;
  if (v < min || v > max) throw fail(value.offset, `Value out of range for ${word} option "${shown}".`);
  switch (type) {
    case FieldType.Int32: w.int32(Number(v)); break;
    case FieldType.Sint32: w.sint32(Number(v)); break;
    case FieldType.Sfixed32: w.sfixed32(Number(v)); break;
    case FieldType.Uint32: w.uint32(Number(v)); break;
    case FieldType.Fixed32: w.fixed32(Number(v)); break;
    case FieldType.Int64: w.int64(v); break;
    case FieldType.Uint64: w.uint64(v); break;
    case FieldType.Sint64: w.sint64(v); break;
    case FieldType.Fixed64: w.fixed64(v); break;
    case FieldType.Sfixed64: w.sfixed64(v); break;
  }
}

const isPackable = (t: FieldType): boolean =>
  t !== FieldType.String && t !== FieldType.Bytes && t !== FieldType.Message && t !== FieldType.Group;

/** Encodes the fields of a text-format message body (without its own tag or length). */
export function encodeTextMessage(
  w: Writer,
  msg: DescriptorProto,
  proto3: boolean,
  msgName: string,
  fields: TextField[],
  types: TypeLookup,
  fail: Fail,
): void {
  // Gather values per field, first appearance order, then write by number.
  const groups = new Map<FieldDescriptorProto, OptionValue[]>();
  for (const tf of fields) {
    const field = tf.extension ? extensionFor(tf, msgName, types, fail) : fieldFor(msg, tf.name);
    if (field === undefined) throw fail(tf.offset, `Message type "${msgName}" has no field named "${tf.name}".`);
    const list = groups.get(field);
    const repeated = field.label === 3;
    if (!repeated && (tf.values.length !== 1 || list !== undefined)) {
      throw fail(tf.offset, `Non-repeated field "${tf.name}" is specified multiple times.`);
    }
    if (list === undefined) groups.set(field, [...tf.values]);
    else list.push(...tf.values);
  }
  const ordered = [...groups.entries()].sort((a, b) => a[0].number! - b[0].number!);
  for (const [field, values] of ordered) {
    if (values.length === 0) continue; // `name: []` sets nothing
    const type = field.type!;
    const shown = field.name!;
    const enumType = type === FieldType.Enum ? types.enum(field.typeName!.slice(1)) : undefined;
    if (field.label === 3 && isPackable(type) && (fieldOptions(field.options).packed ?? proto3)) {
      w.tag(field.number!, 2).fork();
      for (const v of values) writeScalarBody(w, type, scalar(v, shown, fail), shown, enumType, fail, true);
      w.join();
      continue;
    }
    for (const v of values) {
      if (type === FieldType.Message || type === FieldType.Group) {
        if (v.kind !== "aggregate") throw fail(v.offset, `Expected "{", found "${v.text}".`);
        const sub = types.message(field.typeName!.slice(1))!;
        const group = type === FieldType.Group;
        if (group) w.tag(field.number!, 3);
        else w.tag(field.number!, 2).fork();
        encodeTextMessage(w, sub.descriptor, sub.proto3, field.typeName!.slice(1), v.fields, types, fail);
        if (group) w.tag(field.number!, 4);
        else w.join();
      } else {
        encodeScalar(w, field.number!, type, scalar(v, shown, fail), shown, enumType, fail, true);
      }
    }
  }
}

function scalar(v: OptionValue, shown: string, fail: Fail): ScalarValue {
  if (v.kind === "aggregate") throw fail(v.offset, `Field "${shown}" is not a message.`);
  return v;
}

/** A field by name; a group may also be named by its message name (text format). */
function fieldFor(msg: DescriptorProto, name: string): FieldDescriptorProto | undefined {
  for (const f of msg.field) if (f.name === name) return f;
  for (const f of msg.field) {
    if (f.type === FieldType.Group && f.typeName !== undefined && f.typeName.endsWith("." + name)) return f;
  }
  return undefined;
}

function extensionFor(tf: TextField, msgName: string, types: TypeLookup, fail: Fail): FieldDescriptorProto | undefined {
  if (tf.name.indexOf("/") !== -1) throw fail(tf.offset, "Any type URLs in option values are not supported.");
  const ext = types.extension("." + tf.name, "");
  if (ext === undefined) throw fail(tf.offset, `Extension "${tf.name}" is not defined or is not an extension of "${msgName}".`);
  if (ext.field.extendee !== "." + msgName) throw fail(tf.offset, `Extension "${tf.name}" is not an extension of "${msgName}".`);
  return ext.field;
}
