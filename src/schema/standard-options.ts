/**
 * The standard options: the fields of the `XxxOptions` messages of
 * google/protobuf/descriptor.proto (protobuf 3.21), which a .proto file may
 * set by their plain name without importing descriptor.proto. A test checks
 * this table against the shipped descriptor.proto.
 */
import { FieldType } from "./descriptor.js";
import type { OptionsKind } from "./parsed-file.js";

export interface StandardOption {
  number: number;
  type: FieldType;
  /** Value names of an enum-typed option. */
  values?: ReadonlyMap<string, number>;
}

const B = FieldType.Bool;
const S = FieldType.String;
const E = FieldType.Enum;

const opt = (number: number, type: FieldType, values?: Record<string, number>): StandardOption =>
  values === undefined ? { number, type } : { number, type, values: new Map(Object.entries(values)) };

export const STANDARD_OPTIONS: ReadonlyMap<OptionsKind, ReadonlyMap<string, StandardOption>> = new Map<OptionsKind, Map<string, StandardOption>>([
  [
    "FileOptions",
    new Map([
      ["java_package", opt(1, S)],
      ["java_outer_classname", opt(8, S)],
      ["java_multiple_files", opt(10, B)],
      ["java_generate_equals_and_hash", opt(20, B)],
      ["java_string_check_utf8", opt(27, B)],
      ["optimize_for", opt(9, E, { SPEED: 1, CODE_SIZE: 2, LITE_RUNTIME: 3 })],
      ["go_package", opt(11, S)],
      ["cc_generic_services", opt(16, B)],
      ["java_generic_services", opt(17, B)],
      ["py_generic_services", opt(18, B)],
      ["php_generic_services", opt(42, B)],
      ["deprecated", opt(23, B)],
      ["cc_enable_arenas", opt(31, B)],
      ["objc_class_prefix", opt(36, S)],
      ["csharp_namespace", opt(37, S)],
      ["swift_prefix", opt(39, S)],
      ["php_class_prefix", opt(40, S)],
      ["php_namespace", opt(41, S)],
      ["php_metadata_namespace", opt(44, S)],
      ["ruby_package", opt(45, S)],
    ]),
  ],
  [
    "MessageOptions",
    new Map([
      ["message_set_wire_format", opt(1, B)],
      ["no_standard_descriptor_accessor", opt(2, B)],
      ["deprecated", opt(3, B)],
      ["map_entry", opt(7, B)],
    ]),
  ],
  [
    "FieldOptions",
    new Map([
      ["ctype", opt(1, E, { STRING: 0, CORD: 1, STRING_PIECE: 2 })],
      ["packed", opt(2, B)],
      ["jstype", opt(6, E, { JS_NORMAL: 0, JS_STRING: 1, JS_NUMBER: 2 })],
      ["lazy", opt(5, B)],
      ["unverified_lazy", opt(15, B)],
      ["deprecated", opt(3, B)],
      ["weak", opt(10, B)],
    ]),
  ],
  ["OneofOptions", new Map()],
  ["EnumOptions", new Map([["allow_alias", opt(2, B)], ["deprecated", opt(3, B)]])],
  ["EnumValueOptions", new Map([["deprecated", opt(1, B)]])],
  ["ServiceOptions", new Map([["deprecated", opt(33, B)]])],
  [
    "MethodOptions",
    new Map([
      ["deprecated", opt(33, B)],
      ["idempotency_level", opt(34, E, { IDEMPOTENCY_UNKNOWN: 0, NO_SIDE_EFFECTS: 1, IDEMPOTENT: 2 })],
    ]),
  ],
  ["ExtensionRangeOptions", new Map()],
]);
