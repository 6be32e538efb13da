import { FieldType } from "../schema/descriptor.js";
import type { FieldPlan } from "../codec/message-plan.js";
import { wireTypeName } from "../wire/wire-type.js";
import { propertyAccess } from "./ts-names.js";

/**
 * What printing a codec needs besides the plan, and the small pieces of
 * source every part of a codec is made of. FileContext is the "ts" context.
 */
export interface CodecContext {
  /**
   * "ts": a generated module, typed, with comments for learners.
   * "js": the dynamic codec's source for `new Function`, untyped and without
   * comments. Its messages are objects whose prototype chain lacks
   * Object.prototype, and every name taken from a descriptor appears only
   * inside JSON.stringify'd string literals, never as code.
   */
  readonly lang: "ts" | "js";
  /** The expression naming a message codec (and, in "ts", its type) or an enum. */
  typeRef(fullName: string): string;
  /** The expression naming a set of a closed enum's known values. */
  closedEnumSet(fullName: string, values: ReadonlySet<number>): string;
}

/**
 * The names codec source uses for the runtime. They start with `$`, which
 * no protobuf identifier can, so a message called `Writer` keeps its name.
 * Generated modules import the runtime under these aliases; the dynamic
 * codec passes them as parameters of the function it compiles.
 */
export const RUNTIME = {
  Reader: "$Reader",
  Writer: "$Writer",
  withFieldContext: "$withFieldContext",
  withTagContext: "$withTagContext",
  unknownEnumValue: "$unknownEnum",
  embeddedFile: "$embeddedFile",
  filesOf: "$filesOf",
  MessageCodec: "$MessageCodec",
  PartialMessage: "$PartialMessage",
  ServiceDefinition: "$ServiceDefinition",
} as const;

/** Names that every plain object inherits; "js" reads them only as own properties. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** `obj.name` for reading or writing a field (see CodecContext.lang). */
export function prop(ctx: CodecContext, obj: string, name: string): string {
  return ctx.lang === "ts" ? propertyAccess(obj, name) : `${obj}[${JSON.stringify(name)}]`;
}

/**
 * `m.name` for reading a field of a message given by the caller. The dynamic
 * codec also takes plain objects, where `m["constructor"]` would find
 * Object.prototype's, so such names are read as own properties only.
 */
export function input(ctx: CodecContext, obj: string, name: string): string {
  if (ctx.lang === "js" && INHERITED.has(name)) return `$own(${obj}, ${JSON.stringify(name)})`;
  return prop(ctx, obj, name);
}

/** A type annotation in "ts", nothing in "js" (a function when naming a type would resolve it). */
export function ann(ctx: CodecContext, type: string | (() => string)): string {
  if (ctx.lang !== "ts") return "";
  return typeof type === "string" ? type : type();
}

/** A trailing comment in "ts" (names in it come from the .proto); nothing in "js". */
export function note(ctx: CodecContext, text: string): string {
  return ctx.lang === "ts" ? ` // ${text}` : "";
}

/** "Set" test for a value that may be missing: the dynamic codec also skips null. */
export function isSet(ctx: CodecContext, v: string): string {
  return ctx.lang === "ts" ? `${v} !== undefined` : `${v} != null`;
}

/** A field's default value, as an expression (a fresh message for message fields). */
export function zeroOf(ctx: CodecContext, f: FieldPlan): string {
  if (f.type === FieldType.Enum) return String(f.presence === "required" ? f.enumDefault : 0);
  if (f.scalar) return f.scalar.zero;
  return `${ctx.typeRef(f.typeName!)}.create()`;
}

/** The TypeScript type of one value of a field (an element, for lists). */
export function valueType(ctx: CodecContext, f: FieldPlan): string {
  if (f.type === FieldType.Enum && f.typeName) return ctx.typeRef(f.typeName);
  if (f.scalar) return f.scalar.tsType;
  return ctx.typeRef(f.typeName!);
}

/** "int64 user_id = 1; tag 0x08 (field 1, VARINT)": how a field travels, for learners. */
export function describeField(f: FieldPlan): string {
  const typeName = f.typeName ?? typeWord(f.type);
  const label = f.map ? "map" : f.repeated ? `repeated${f.packed ? " packed" : ""} ` : f.presence === "required" ? "required " : "";
  const decl = f.map ? `map<${typeWord(f.map.key.type)}, ${f.map.value.typeName ?? typeWord(f.map.value.type)}> ${f.protoName}` : `${label}${typeName} ${f.protoName}`;
  return `${decl} = ${f.number}; tag 0x${f.tag.toString(16)} (field ${f.number}, ${wireTypeName(f.tag & 7)})`;
}

function typeWord(type: number): string {
  const words = ["", "double", "float", "int64", "uint64", "int32", "fixed64", "fixed32", "bool", "string", "group", "message", "bytes", "uint32", "enum", "sfixed32", "sfixed64", "sint32", "sint64"];
  return words[type] ?? String(type);
}
