/**
 * What the parser knows beyond the descriptor: where each element was written
 * (for `file:line:col` errors from later checks) and the options as written
 * (custom options can only be encoded once their extensions are resolved).
 *
 * Kept beside the descriptor in a WeakMap, so the descriptor stays a plain
 * object shaped exactly like descriptor.proto.
 */
import type { FileDescriptorProto } from "./descriptor.js";

/** Source offsets of an element's parts (character offsets into the source). */
export interface Span {
  /** Start of the statement. */
  start: number;
  name: number;
  number?: number;
  /** The type of a field, or the input type of a method. */
  type?: number;
  /** The output type of a method. */
  output?: number;
  extendee?: number;
  defaultValue?: number;
  /** `json_name = ...` inside the field's brackets. */
  jsonName?: number;
}

/** One scalar as written in an option value or a text-format aggregate. */
export interface ScalarValue {
  kind: "ident" | "int" | "float" | "string";
  /** Token text; strings keep their quotes and adjacent literals are joined in `parts`. */
  text: string;
  negative: boolean;
  offset: number;
  /** For strings: every adjacent literal (protoc concatenates them). */
  parts?: string[];
}

/** `{ ... }` in an option value: text format, untyped until resolution. */
export interface AggregateValue {
  kind: "aggregate";
  fields: TextField[];
  offset: number;
}

export type OptionValue = ScalarValue | AggregateValue;

/** One `name: value` (or `name { ... }`, or `name: [a, b]`) of text format. */
export interface TextField {
  name: string;
  /** `[pkg.ext]`: an extension named in brackets. */
  extension: boolean;
  offset: number;
  values: OptionValue[];
}

/** One part of an option name: `java_package`, `(my.ext)`, `.sub`. */
export interface NamePart {
  name: string;
  extension: boolean;
  offset: number;
}

/** One `option a.(b).c = value;` (or one bracketed field option). */
export interface OptionEntry {
  name: NamePart[];
  value: OptionValue;
  offset: number;
}

/** Which options message an element's options belong to. */
export type OptionsKind =
  | "FileOptions"
  | "MessageOptions"
  | "FieldOptions"
  | "OneofOptions"
  | "EnumOptions"
  | "EnumValueOptions"
  | "ServiceOptions"
  | "MethodOptions"
  | "ExtensionRangeOptions";

/** The options written on one element. */
export interface PendingOptions {
  owner: { options?: Uint8Array };
  kind: OptionsKind;
  entries: OptionEntry[];
}

export interface ParsedFile {
  name: string;
  source: string;
  syntax: "proto2" | "proto3";
  spans: Map<object, Span>;
  /** Offset of each import statement, in `dependency` order. */
  imports: number[];
  options: PendingOptions[];
}

const parsed = new WeakMap<FileDescriptorProto, ParsedFile>();

export function setParsed(fd: FileDescriptorProto, info: ParsedFile): void {
  parsed.set(fd, info);
}

/** The parser's notes on a descriptor it produced, if it produced it. */
export function parsedInfo(fd: FileDescriptorProto): ParsedFile | undefined {
  return parsed.get(fd);
}
