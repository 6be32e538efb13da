/**
 * Turns options as written into the bytes of the `XxxOptions` message, the
 * way protoc does (descriptor.proto: "Options ... are interpreted"):
 * standard options become fields of the options message in field-number
 * order, custom options follow in the order they were written, each
 * `option` statement as one record (a path like `(a).b.c` nests one message
 * per part). Aggregate values `{ ... }` are protobuf text format for the
 * option's message type, encoded in field-number order.
 */
import type { DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto } from "./descriptor.js";
import { FieldType } from "./descriptor.js";
import { errorAt, type ParseError } from "./errors.js";
import { STANDARD_OPTIONS } from "./standard-options.js";
import { parsedInfo, type OptionEntry, type PendingOptions } from "./parsed-file.js";
import { Writer } from "../wire/index.js";
import { encodeTextMessage, encodeScalar, type TypeLookup } from "./text-encoder.js";

export type { TypeLookup } from "./text-encoder.js";

/** Which options message extends: FileOptions -> ".google.protobuf.FileOptions". */
const optionsMessage = (kind: string): string => `.google.protobuf.${kind}`;

/** Encodes the standard options of every element of a freshly parsed file (custom ones wait). */
export function encodeLocalOptions(fd: FileDescriptorProto): void {
  const info = parsedInfo(fd);
  if (info === undefined) return;
  const fail = (offset: number, reason: string): ParseError => errorAt(info.name, info.source, offset, reason);
  for (const p of info.options) encodeOptions(p, undefined, "", fail);
}

/**
 * Encodes one element's options into `owner.options`. With `types`
 * undefined only standard options are encoded (parse without resolution).
 */
export function encodeOptions(
  pending: PendingOptions,
  types: TypeLookup | undefined,
  scope: string,
  fail: (offset: number, reason: string) => ParseError,
): void {
  const standard = STANDARD_OPTIONS.get(pending.kind)!;
  const known: { number: number; entry: OptionEntry }[] = [];
  const custom: OptionEntry[] = [];
  const seen = new Set<string>();
  for (const entry of pending.entries) {
    const first = entry.name[0]!;
    if (first.extension) {
      custom.push(entry);
      continue;
    }
    const std = standard.get(first.name);
    if (std === undefined) {
      throw fail(first.offset, `Option "${first.name}" unknown. Ensure that your proto definition file imports the proto which defines the option.`);
    }
    if (entry.name.length > 1) throw fail(entry.name[1]!.offset, `Option "${first.name}" is an atomic type, not a message.`);
    if (seen.has(first.name)) throw fail(first.offset, `Option "${first.name}" was already set.`);
    seen.add(first.name);
    known.push({ number: std.number, entry });
  }
  // Standard options in field-number order, then custom options as written.
  known.sort((a, b) => a.number - b.number);
  const w = new Writer(64);
  for (const { entry } of known) {
    const name = entry.name[0]!.name;
    const std = standard.get(name)!;
    writeStandard(w, std.number, std.type, std.values, entry.value, name, fail, pending.kind, name);
  }
  if (types !== undefined) for (const entry of custom) writeCustom(w, entry, pending.kind, types, scope, fail, seen);
  const bytes = w.finish();
  // A plain Uint8Array of its own (the Writer may hand out a Buffer from Node's shared pool).
  if (bytes.length > 0) pending.owner.options = new Uint8Array(bytes);
  else if (types !== undefined) delete pending.owner.options;
}

/** True when an element's options include a custom one (which needs resolved types). */
export function hasCustomOptions(pending: PendingOptions): boolean {
  for (const e of pending.entries) if (e.name[0]!.extension) return true;
  return false;
}

/** The option's name as written, for messages: `(my.opt).x`. */
function optionName(entry: OptionEntry): string {
  return entry.name.map((p) => (p.extension ? `(${p.name})` : p.name)).join(".");
}

function writeStandard(
  w: Writer,
  number: number,
  type: FieldType,
  values: ReadonlyMap<string, number> | undefined,
  value: OptionEntry["value"],
  shown: string,
  fail: (offset: number, reason: string) => ParseError,
  kind: string,
  name: string,
): void {
  if (value.kind === "aggregate") throw fail(value.offset, `Option "${shown}" is an atomic type, not a message.`);
  if (type === FieldType.Enum) {
    if (value.kind !== "ident") throw fail(value.offset, `Value must be identifier for enum-valued option "google.protobuf.${kind}.${name}".`);
    const n = values!.get(value.text);
    if (n === undefined) {
      throw fail(value.offset, `Enum type "google.protobuf.${kind}.${name}" has no value named "${value.text}" for option "google.protobuf.${kind}.${name}".`);
    }
    w.tag(number, 0).int32(n);
    return;
  }
  encodeScalar(w, number, type, value, `google.protobuf.${kind}.${name}`, undefined, fail, false);
}

/** One `option (ext).a.b = value;`: the extension's record, nesting one message per path part. */
function writeCustom(
  w: Writer,
  entry: OptionEntry,
  kind: string,
  types: TypeLookup,
  scope: string,
  fail: (offset: number, reason: string) => ParseError,
  seen: Set<string>,
): void {
  const parts = entry.name;
  let containing = optionsMessage(kind);
  const path: { field: FieldDescriptorProto; proto3: boolean }[] = [];
  /** The full name of the option's last field, which protoc names in value errors. */
  let fullName = "";
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const shown = optionName({ ...entry, name: parts.slice(0, i + 1) });
    let field: FieldDescriptorProto | undefined;
    let proto3 = false;
    if (part.extension) {
      const ext = types.extension(part.name, scope);
      if (ext === undefined) {
        throw fail(part.offset, `Option "${shown}" unknown. Ensure that your proto definition file imports the proto which defines the option.`);
      }
      if (ext.field.extendee !== containing) {
        const short = containing.slice(containing.lastIndexOf(".") + 1);
        throw fail(part.offset, `Option field "${shown}" is not a field or extension of message "${short}".`);
      }
      field = ext.field;
      proto3 = ext.proto3;
      fullName = ext.fullName;
    } else {
      const msg = types.message(containing.slice(1));
      field = msg?.descriptor.field.find((f) => f.name === part.name);
      proto3 = msg?.proto3 ?? false;
      if (field === undefined) throw fail(part.offset, `Option field "${shown}" is not a field or extension of message "${containing.slice(1)}".`);
      fullName = `${containing.slice(1)}.${part.name}`;
    }
    path.push({ field, proto3 });
    const isLast = i === parts.length - 1;
    if (!isLast) {
      if (field.type !== FieldType.Message && field.type !== FieldType.Group) {
        throw fail(parts[i + 1]!.offset, `Option "${shown}" is an atomic type, not a message.`);
      }
      if (field.label === 3) throw fail(parts[i + 1]!.offset, `Option field "${shown}" is a repeated message. Repeated message options must be initialized using an aggregate value.`);
      containing = field.typeName!;
    }
  }
  const key = optionName(entry);
  const last = path[path.length - 1]!.field;
  // The same option may be written under different names: compare the fields it resolves to.
  const identity = path.map((p) => `${p.field.extendee ?? ""}/${p.field.number}`).join(" ");
  if (last.label !== 3) {
    if (seen.has(identity)) throw fail(entry.offset, `Option "${key}" was already set.`);
    seen.add(identity);
  }
  // Open one message (or group) per intermediate part, write the value, close them.
  for (let i = 0; i < path.length - 1; i++) {
    const f = path[i]!.field;
    if (f.type === FieldType.Group) w.tag(f.number!, 3);
    else w.tag(f.number!, 2).fork();
  }
  writeValue(w, last, entry.value, key, fullName, types, fail);
  for (let i = path.length - 2; i >= 0; i--) {
    const f = path[i]!.field;
    if (f.type === FieldType.Group) w.tag(f.number!, 4);
    else w.join();
  }
}

function writeValue(
  w: Writer,
  field: FieldDescriptorProto,
  value: OptionEntry["value"],
  shown: string,
  fullName: string,
  types: TypeLookup,
  fail: (offset: number, reason: string) => ParseError,
): void {
  const type = field.type!;
  if (type === FieldType.Message || type === FieldType.Group) {
    if (value.kind !== "aggregate") {
      throw fail(
        value.offset,
        `Option "${shown}" is a message. To set the entire message, use syntax like "${shown} = { <proto text format> }". To set fields within it, use syntax like "${shown}.foo = value".`,
      );
    }
    const msg = types.message(field.typeName!.slice(1))!;
    if (type === FieldType.Group) {
      w.tag(field.number!, 3);
      encodeTextMessage(w, msg.descriptor, msg.proto3, field.typeName!.slice(1), value.fields, types, fail);
      w.tag(field.number!, 4);
    } else {
      w.tag(field.number!, 2).fork();
      encodeTextMessage(w, msg.descriptor, msg.proto3, field.typeName!.slice(1), value.fields, types, fail);
      w.join();
    }
    return;
  }
  if (value.kind === "aggregate") throw fail(value.offset, `Option "${shown}" is an atomic type, not a message.`);
  const enumType = type === FieldType.Enum ? types.enum(field.typeName!.slice(1)) : undefined;
  encodeScalar(w, field.number!, type, value, fullName, enumType, fail, false);
}

export type { DescriptorProto, EnumDescriptorProto };
