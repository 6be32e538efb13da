/**
 * The checks protoc's DescriptorBuilder makes once names are resolved, with
 * its wording: field numbers (positive, at most 2^29-1, not 19000-19999, not
 * reused, not reserved), reserved names, extension numbers inside the
 * extendee's ranges, map keys, defaults, packed, and the proto3 rules
 * (first enum value zero, no extension ranges, no closed enums, JSON name
 * clashes).
 *
 * Every check reports into the resolver and goes on, so one run lists every
 * mistake in the file, in the order protoc finds them.
 */
import { FieldLabel, FieldType, type DescriptorProto, type EnumDescriptorProto, type FieldDescriptorProto } from "./descriptor.js";
import { joinName, jsonName } from "./names.js";
import { enumOptions, fieldOptions, messageOptions } from "./options.js";
import type { FileResolver } from "./resolver.js";

const MAX_FIELD = 536870911;
const FIRST_RESERVED = 19000;
const LAST_RESERVED = 19999;

/** Types a map key may have (language spec, "Maps"): integral types, bool and string. */
const MAP_KEY_TYPES = new Set<number>([
  FieldType.Int32, FieldType.Int64, FieldType.Uint32, FieldType.Uint64, FieldType.Sint32, FieldType.Sint64,
  FieldType.Fixed32, FieldType.Fixed64, FieldType.Sfixed32, FieldType.Sfixed64, FieldType.Bool, FieldType.String,
]);

export function validateFile(r: FileResolver): void {
  const fd = r.fd;
  const seenImports = new Set<string>();
  fd.dependency.forEach((d, i) => {
    if (seenImports.has(d)) r.report(r.info.imports[i]!, `Import "${d}" was listed twice.`);
    seenImports.add(d);
  });
  const pkg = fd.package ?? "";
  for (const m of fd.messageType) validateMessage(r, m, pkg);
  for (const e of fd.enumType) validateEnum(r, e, pkg);
  for (const x of fd.extension) validateExtension(r, x, pkg);
}

function checkNumber(r: FileResolver, f: FieldDescriptorProto): void {
  const at = r.span(f).number!;
  const n = f.number!;
  if (n <= 0) r.report(at, "Field numbers must be positive integers.");
  else if (n > MAX_FIELD) r.report(at, `Field numbers cannot be greater than ${MAX_FIELD}.`);
  else if (n >= FIRST_RESERVED && n <= LAST_RESERVED) {
    r.report(at, `Field numbers ${FIRST_RESERVED} through ${LAST_RESERVED} are reserved for the protocol buffer library implementation.`);
  }
}

/** The enum a field's type resolved to; undefined when its name did not resolve (already reported). */
function enumOf(r: FileResolver, f: FieldDescriptorProto): ReturnType<FileResolver["pool"]["enum"]> {
  return f.type === FieldType.Enum && f.typeName?.startsWith(".") === true ? r.pool.enum(f.typeName.slice(1)) : undefined;
}

function validateMessage(r: FileResolver, m: DescriptorProto, scope: string): void {
  const name = joinName(scope, m.name!);
  const byNumber = new Map<number, FieldDescriptorProto>();
  const reservedNames = m.reservedName.length === 0 ? undefined : new Set(m.reservedName);
  const jsonNames = new Map<string, FieldDescriptorProto>();
  if (r.proto3 && m.extensionRange.length > 0) r.report(r.span(m.extensionRange[0]!).number!, "Extension ranges are not allowed in proto3.");
  validateRanges(r, m);
  for (const f of m.field) {
    checkNumber(r, f);
    const span = r.span(f);
    const other = byNumber.get(f.number!);
    if (other !== undefined) r.report(span.number!, `Field number ${f.number} has already been used in "${name}" by field "${other.name}".`);
    else byNumber.set(f.number!, f);
    if (m.reservedRange.some((range) => f.number! >= range.start! && f.number! < range.end!)) r.report(span.number!, `Field "${f.name}" uses reserved number ${f.number}.`);
    for (const range of m.extensionRange) {
      if (f.number! >= range.start! && f.number! < range.end!) {
        r.report(span.number!, `Extension range ${range.start} to ${range.end! - 1} includes field "${f.name}" (${f.number}).`);
      }
    }
    if (reservedNames?.has(f.name!)) r.report(span.name, `Field name "${f.name}" is reserved.`);
    if (r.proto3) {
      // protoc compares the default JSON names, lower-cased, in proto3 ("fooBar" and "foo_bar" clash).
      const key = jsonName(f.name!).toLowerCase();
      const clash = jsonNames.get(key);
      // A second field of the same name was reported as a duplicate already.
      if (clash !== undefined && clash.name !== f.name) {
        r.report(span.name, `The JSON camel-case name of field "${f.name}" conflicts with field "${clash.name}". This is not allowed in proto3.`);
      } else if (clash === undefined) jsonNames.set(key, f);
    }
    validateField(r, f, m);
  }
  for (const x of m.extension) validateExtension(r, x, name);
  for (const n of m.nestedType) validateMessage(r, n, name);
  for (const e of m.enumType) validateEnum(r, e, name);
}

type Range = { start?: number; end?: number };

/** "a to b" as protoc prints a range (inclusive end). */
const shownRange = (x: Range, inclusive: boolean): string => `${x.start} to ${inclusive ? x.end : x.end! - 1}`;

/** The first range of `list` overlapping one before it, with that earlier one. */
function overlapping(list: Range[], inclusive: boolean): [Range, Range] | undefined {
  const last = (x: Range): number => (inclusive ? x.end! : x.end! - 1);
  for (let i = 1; i < list.length; i++) {
    for (let j = 0; j < i; j++) {
      if (list[i]!.start! <= last(list[j]!) && list[j]!.start! <= last(list[i]!)) return [list[i]!, list[j]!];
    }
  }
  return undefined;
}

/** Extension and reserved ranges of a message (protoc's checks and wording). */
function validateRanges(r: FileResolver, m: DescriptorProto): void {
  const messageSet = messageOptions(m.options).messageSetWireFormat === true;
  for (const x of m.extensionRange) {
    const at = r.span(x).number!;
    if (x.start! <= 0) r.report(at, "Extension numbers must be positive integers.");
    if (!messageSet && x.end! - 1 > MAX_FIELD) r.report(at, `Extension numbers cannot be greater than ${MAX_FIELD}.`);
    if (x.end! <= x.start!) r.report(at, "Extension range end number must be greater than start number.");
  }
  for (const x of m.reservedRange) {
    // protoc 3.21 accepts a backwards range in a message; only the start is checked.
    if (x.start! <= 0) r.report(r.span(x).number!, "Reserved numbers must be positive integers.");
  }
  const ext = overlapping(m.extensionRange, false);
  if (ext !== undefined) {
    r.report(r.span(ext[0]).number!, `Extension range ${shownRange(ext[0], false)} overlaps with already-defined range ${shownRange(ext[1], false)}.`);
  }
  const res = overlapping(m.reservedRange, false);
  if (res !== undefined) {
    r.report(r.span(res[0]).number!, `Reserved range ${shownRange(res[0], false)} overlaps with already-defined range ${shownRange(res[1], false)}.`);
  }
  for (const x of m.extensionRange) {
    for (const y of m.reservedRange) {
      if (x.start! < y.end! && y.start! < x.end!) {
        r.report(r.span(x).number!, `Extension range ${shownRange(x, false)} overlaps with reserved range ${shownRange(y, false)}.`);
      }
    }
  }
}

function validateField(r: FileResolver, f: FieldDescriptorProto, owner: DescriptorProto | undefined): void {
  const span = r.span(f);
  const e = enumOf(r, f);
  if (f.defaultValue !== undefined) {
    const at = span.defaultValue ?? span.start;
    if (f.label === FieldLabel.Repeated) r.report(at, "Repeated fields can't have default values.");
    else if (f.type === FieldType.Message || f.type === FieldType.Group) r.report(at, "Messages can't have default values.");
    else if (e !== undefined && !e.descriptor.value.some((v) => v.name === f.defaultValue)) {
      r.report(at, `Enum type "${f.typeName!.slice(1)}" has no value named "${f.defaultValue}".`);
    }
  }
  if (f.options !== undefined && fieldOptions(f.options).packed === true) {
    const scalar = f.type !== FieldType.String && f.type !== FieldType.Bytes && f.type !== FieldType.Message && f.type !== FieldType.Group;
    if (f.label !== FieldLabel.Repeated || !scalar) r.report(span.type ?? span.start, "[packed = true] can only be specified for repeated primitive fields.");
  }
  if (e !== undefined && r.proto3 && owner !== undefined) {
    if (e.file.syntax !== "proto3") {
      r.report(span.type!, `Enum type "${f.typeName!.slice(1)}" is not a proto3 enum, but is used in "${owner.name}" which is a proto3 message type.`);
    }
  }
  if (f.type === FieldType.Message && f.label === FieldLabel.Repeated) {
    const target = r.pool.message(f.typeName!.slice(1))?.descriptor;
    if (target !== undefined && messageOptions(target.options).mapEntry === true && owner?.nestedType.includes(target)) {
      const key = target.field[0];
      // protoc accepts `option map_entry = true;` written by hand; only generated entries are checked.
      if (key === undefined) return;
      if (key.type === FieldType.Enum) r.report(span.type!, "Key in map fields cannot be enum types.");
      else if (key.type !== undefined && !MAP_KEY_TYPES.has(key.type)) r.report(span.type!, "Key in map fields cannot be float/double, bytes or message types.");
    }
  }
}

function validateExtension(r: FileResolver, x: FieldDescriptorProto, scope: string): void {
  const span = r.span(x);
  if (span.jsonName !== undefined) r.report(span.jsonName, "option json_name is not allowed on extension fields.");
  checkNumber(r, x);
  const extendee = x.extendee!.slice(1);
  if (r.proto3 && !(extendee.startsWith("google.protobuf.") && extendee.endsWith("Options"))) {
    r.report(span.extendee ?? span.start, "Extensions in proto3 are only allowed for defining options.");
  }
  // An extendee that did not resolve was reported already and has no ranges to check.
  const target = x.extendee!.startsWith(".") ? r.pool.message(extendee)?.descriptor : undefined;
  if (target !== undefined && !target.extensionRange.some((range) => x.number! >= range.start! && x.number! < range.end!)) {
    r.report(span.number!, `"${extendee}" does not declare ${x.number} as an extension number.`);
  }
  if (x.label === FieldLabel.Required) r.report(span.type ?? span.start, `The extension ${joinName(scope, x.name!)} cannot be required.`);
  validateField(r, x, undefined);
}

function validateEnum(r: FileResolver, e: EnumDescriptorProto, scope: string): void {
  for (const x of e.reservedRange) {
    if (x.end! < x.start!) r.report(r.span(x).number!, "Reserved range end number must be greater than start number.");
  }
  const res = overlapping(e.reservedRange, true);
  if (res !== undefined) {
    r.report(r.span(res[0]).number!, `Reserved range ${shownRange(res[0], true)} overlaps with already-defined range ${shownRange(res[1], true)}.`);
  }
  const first = e.value[0];
  if (first === undefined) {
    r.report(r.span(e).name, `Enums must contain at least one value.`);
    return;
  }
  if (r.proto3 && first.number !== 0) r.report(r.span(first).number!, "The first enum value must be zero in proto3.");
  const allowAlias = enumOptions(e.options).allowAlias === true;
  const byNumber = new Map<number, string>();
  let aliased = false;
  const reservedNames = new Set(e.reservedName);
  for (const v of e.value) {
    const span = r.span(v);
    const other = byNumber.get(v.number!);
    if (other !== undefined) {
      aliased = true;
      if (!allowAlias) {
        r.report(
          span.number!,
          `"${joinName(scope, v.name!)}" uses the same enum value as "${joinName(scope, other)}". If this is intended, set 'option allow_alias = true;' to the enum definition.`,
        );
      }
    } else byNumber.set(v.number!, v.name!);
    if (e.reservedRange.some((range) => v.number! >= range.start! && v.number! <= range.end!)) {
      r.report(span.number!, `Enum value "${v.name}" uses reserved number ${v.number}.`);
    }
    if (reservedNames.has(v.name!)) r.report(span.name, `Enum value "${v.name}" is reserved.`);
  }
  if (allowAlias && !aliased) {
    r.report(
      r.span(e).name,
      `"${joinName(scope, e.name!)}" declares support for enum aliases but no enum values share field numbers. Please remove the unnecessary 'option allow_alias = true;' declaration.`,
    );
  }
}
