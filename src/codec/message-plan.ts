import type { DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto } from "../schema/descriptor.js";
import { FieldLabel, FieldType } from "../schema/descriptor.js";
import { fieldOptions, messageOptions } from "../schema/options.js";
import { makeTag, WireType } from "../wire/wire-type.js";
import { camelCase } from "./names.js";
import { scalarInfo, type ScalarInfo } from "./scalar.js";

/**
 * How each field of a message is encoded and decoded, worked out once from
 * its descriptor. The code generator prints code from a plan; the dynamic
 * codec interprets the same plan, so both write the same bytes.
 */

/** Finds descriptors by fully-qualified name (no leading dot). */
export interface TypeLookup {
  message(fullName: string): { descriptor: DescriptorProto; syntax: string } | undefined;
  enum(fullName: string): { descriptor: EnumDescriptorProto; syntax: string } | undefined;
}

/** What the descriptor pool (src/schema DescriptorPool) offers: a descriptor and the file declaring it. */
export interface DescriptorLookup {
  message(fullName: string): { fullName: string; descriptor: DescriptorProto; file: FileDescriptorProto } | undefined;
  enum(fullName: string): { fullName: string; descriptor: EnumDescriptorProto; file: FileDescriptorProto } | undefined;
}

/** A TypeLookup over a descriptor pool (files without `syntax` are proto2). */
export function typeLookup(pool: DescriptorLookup): TypeLookup {
  return {
    message(fullName) {
      const m = pool.message(fullName);
      return m && { descriptor: m.descriptor, syntax: m.file.syntax ?? "proto2" };
    },
    enum(fullName) {
      const e = pool.enum(fullName);
      return e && { descriptor: e.descriptor, syntax: e.file.syntax ?? "proto2" };
    },
  };
}

export type Presence =
  /** proto3 singular scalar: written unless it equals its default */
  | "implicit"
  /** proto3 `optional`, proto2 `optional`, message fields, oneof members: written when set */
  | "explicit"
  /** proto2 `required`: always written */
  | "required";

export interface FieldPlan {
  readonly protoName: string;
  /** Property name in TypeScript: lowerCamelCase. */
  readonly localName: string;
  readonly number: number;
  readonly type: number;
  /** For scalars (and enums); undefined for messages and groups. */
  readonly scalar: ScalarInfo | undefined;
  readonly repeated: boolean;
  /** Write repeated values packed (proto3 default; proto2 with [packed = true]). */
  readonly packed: boolean;
  readonly presence: Presence;
  /** The tag written for this field (the packed form for packed fields). */
  readonly tag: number;
  /** The tag of the field's value one at a time (unpacked), what a decoder also accepts. */
  readonly unpackedTag: number;
  /** For repeated packable fields, the LEN tag a decoder must accept too. */
  readonly packedTag: number | undefined;
  /** For groups: the end-group tag. */
  readonly endGroupTag: number | undefined;
  /** Fully-qualified message or enum type name (no leading dot). */
  readonly typeName: string | undefined;
  /** proto2 enums are closed: unknown numbers go to the unknown fields. */
  readonly closedEnumValues: ReadonlySet<number> | undefined;
  /** The enum's default (its first value) for proto2 enums. */
  readonly enumDefault: number;
  /** proto3 strings must be valid UTF-8; proto2 strings are not checked. */
  readonly validateUtf8: boolean;
  /** Index into `MessagePlan.oneofs` for members of a real (non-synthetic) oneof. */
  readonly oneofIndex: number | undefined;
  /** For map fields: the entry's key and value fields. */
  readonly map: { readonly key: FieldPlan; readonly value: FieldPlan } | undefined;
}

export interface OneofPlan {
  readonly protoName: string;
  readonly localName: string;
  readonly fields: FieldPlan[];
}

export interface MessagePlan {
  readonly fullName: string;
  readonly syntax: string;
  /** Fields in field-number order: the order protoc writes them. */
  readonly fields: FieldPlan[];
  readonly oneofs: OneofPlan[];
}

function stripDot(name: string | undefined): string | undefined {
  return name?.startsWith(".") ? name.slice(1) : name;
}

export function isProto3(syntax: string): boolean {
  return syntax === "proto3";
}

export function planField(field: FieldDescriptorProto, syntax: string, types: TypeLookup, realOneof: boolean): FieldPlan {
  const type = field.type ?? FieldType.Int32;
  // int32 by the spec; forced to one here because the dynamic codec prints
  // these numbers into the code it compiles.
  const number = (field.number ?? 0) | 0;
  const repeated = field.label === FieldLabel.Repeated;
  const typeName = stripDot(field.typeName);
  const scalar = scalarInfo(type);
  const proto3 = isProto3(syntax);

  let map: FieldPlan["map"];
  if (repeated && type === FieldType.Message && typeName !== undefined) {
    const entry = types.message(typeName);
    if (entry && messageOptions(entry.descriptor.options).mapEntry) {
      const key = entry.descriptor.field.find((f) => f.number === 1);
      const value = entry.descriptor.field.find((f) => f.number === 2);
      if (key && value) map = { key: planField(key, entry.syntax, types, false), value: planField(value, entry.syntax, types, false) };
    }
  }

  const packable = repeated && scalar !== undefined && scalar.packable && map === undefined;
  const packedOption = fieldOptions(field.options).packed;
  const packed = packable && (packedOption ?? proto3);

  let presence: Presence;
  if (field.label === FieldLabel.Required) presence = "required";
  else if (repeated) presence = "implicit";
  else if (!proto3 || field.proto3Optional || type === FieldType.Message || type === FieldType.Group || realOneof) presence = "explicit";
  else presence = "implicit";

  const wireType = type === FieldType.Group ? WireType.StartGroup : scalar ? scalar.wireType : WireType.LengthDelimited;
  const unpackedTag = makeTag(number, wireType);
  const packedTag = packable ? makeTag(number, WireType.LengthDelimited) : undefined;

  let closedEnumValues: Set<number> | undefined;
  let enumDefault = 0;
  if (type === FieldType.Enum && typeName !== undefined) {
    const e = types.enum(typeName);
    if (e) {
      enumDefault = (e.descriptor.value[0]?.number ?? 0) | 0;
      if (!isProto3(e.syntax)) closedEnumValues = new Set(e.descriptor.value.map((v) => v.number ?? 0));
    }
  }

  return {
    protoName: field.name ?? "",
    localName: camelCase(field.name ?? ""),
    number,
    type,
    scalar,
    repeated: repeated && map === undefined,
    packed,
    presence,
    tag: packed ? packedTag! : unpackedTag,
    unpackedTag,
    packedTag,
    endGroupTag: type === FieldType.Group ? makeTag(number, WireType.EndGroup) : undefined,
    typeName,
    closedEnumValues,
    enumDefault,
    validateUtf8: type === FieldType.String && proto3,
    oneofIndex: undefined,
    map,
  };
}

/** Plans every field of a message, in field-number order. */
export function planMessage(fullName: string, message: DescriptorProto, syntax: string, types: TypeLookup): MessagePlan {
  // Synthetic oneofs (proto3 `optional`) are not real oneofs: their single
  // field is just a field with explicit presence.
  const synthetic = new Set<number>();
  for (const f of message.field) if (f.proto3Optional && f.oneofIndex !== undefined) synthetic.add(f.oneofIndex);

  const oneofs: OneofPlan[] = [];
  const oneofByDeclIndex = new Map<number, number>();
  message.oneofDecl.forEach((o, i) => {
    if (synthetic.has(i)) return;
    oneofByDeclIndex.set(i, oneofs.length);
    oneofs.push({ protoName: o.name ?? "", localName: camelCase(o.name ?? ""), fields: [] });
  });

  const fields: FieldPlan[] = [];
  for (const f of message.field) {
    const oneofIndex = f.oneofIndex === undefined ? undefined : oneofByDeclIndex.get(f.oneofIndex);
    const plan: FieldPlan = { ...planField(f, syntax, types, oneofIndex !== undefined), oneofIndex };
    fields.push(plan);
    if (oneofIndex !== undefined) oneofs[oneofIndex]!.fields.push(plan);
  }
  fields.sort((a, b) => a.number - b.number);
  return { fullName, syntax, fields, oneofs };
}
