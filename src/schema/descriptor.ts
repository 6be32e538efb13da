/**
 * The descriptor model: plain objects shaped exactly like the messages of
 * google/protobuf/descriptor.proto (field names in lowerCamelCase).
 *
 * This is the single source of truth between layers: the parser produces it,
 * the descriptor codec turns it into `FileDescriptorProto` bytes (what protoc
 * writes with --descriptor_set_out and what server reflection serves) and
 * back, and the code generator and dynamic codec read it.
 *
 * A property marked `?` is a proto2 `optional` field of descriptor.proto and
 * is left out when protoc leaves it unset, so that our bytes equal protoc's.
 *
 * Options are kept as the encoded `XxxOptions` message (standard and custom
 * options alike, in the order protoc writes them): lossless whether they came
 * from a .proto file or from bytes received over the wire. `options.ts`
 * reads the few standard options other layers need (packed, map_entry, ...).
 *
 * Descriptors built by the parser (src/schema) look exactly like protoc's
 * --descriptor_set_out output: every field has `jsonName`, named types are
 * fully qualified with a leading dot once resolved, `max` in ranges is
 * written out as a number.
 */

/** FieldDescriptorProto.Type */
export const FieldType = {
  Double: 1,
  Float: 2,
  Int64: 3,
  Uint64: 4,
  Int32: 5,
  Fixed64: 6,
  Fixed32: 7,
  Bool: 8,
  String: 9,
  Group: 10,
  Message: 11,
  Bytes: 12,
  Uint32: 13,
  Enum: 14,
  Sfixed32: 15,
  Sfixed64: 16,
  Sint32: 17,
  Sint64: 18,
} as const;
export type FieldType = (typeof FieldType)[keyof typeof FieldType];

/** FieldDescriptorProto.Label */
export const FieldLabel = {
  Optional: 1,
  Required: 2,
  Repeated: 3,
} as const;
export type FieldLabel = (typeof FieldLabel)[keyof typeof FieldLabel];

export interface FileDescriptorSet {
  file: FileDescriptorProto[];
}

export interface FileDescriptorProto {
  /** Path relative to the include root, e.g. "google/protobuf/timestamp.proto". */
  name?: string;
  package?: string;
  dependency: string[];
  publicDependency: number[];
  weakDependency: number[];
  messageType: DescriptorProto[];
  enumType: EnumDescriptorProto[];
  service: ServiceDescriptorProto[];
  extension: FieldDescriptorProto[];
  options?: Uint8Array;
  /** protoc sets "proto3" for proto3 files and leaves it unset for proto2. */
  syntax?: string;
}

export interface DescriptorProto {
  name?: string;
  field: FieldDescriptorProto[];
  extension: FieldDescriptorProto[];
  nestedType: DescriptorProto[];
  enumType: EnumDescriptorProto[];
  extensionRange: ExtensionRange[];
  oneofDecl: OneofDescriptorProto[];
  options?: Uint8Array;
  reservedRange: ReservedRange[];
  reservedName: string[];
}

/** DescriptorProto.ExtensionRange: start inclusive, end exclusive. */
export interface ExtensionRange {
  start?: number;
  end?: number;
  options?: Uint8Array;
}

/** DescriptorProto.ReservedRange: start inclusive, end exclusive. */
export interface ReservedRange {
  start?: number;
  end?: number;
}

export interface FieldDescriptorProto {
  name?: string;
  number?: number;
  label?: FieldLabel;
  type?: FieldType;
  /** Fully qualified with a leading dot once resolved: ".pkg.Outer.Inner". */
  typeName?: string;
  /** For extensions: the fully qualified extended message. */
  extendee?: string;
  /** proto2 default as protoc writes it (text; bytes C-escaped; enums by name). */
  defaultValue?: string;
  oneofIndex?: number;
  jsonName?: string;
  options?: Uint8Array;
  proto3Optional?: boolean;
}

export interface OneofDescriptorProto {
  name?: string;
  options?: Uint8Array;
}

export interface EnumDescriptorProto {
  name?: string;
  value: EnumValueDescriptorProto[];
  options?: Uint8Array;
  reservedRange: EnumReservedRange[];
  reservedName: string[];
}

/** EnumDescriptorProto.EnumReservedRange: start and end both inclusive. */
export interface EnumReservedRange {
  start?: number;
  end?: number;
}

export interface EnumValueDescriptorProto {
  name?: string;
  number?: number;
  options?: Uint8Array;
}

export interface ServiceDescriptorProto {
  name?: string;
  method: MethodDescriptorProto[];
  options?: Uint8Array;
}

export interface MethodDescriptorProto {
  name?: string;
  /** Fully qualified with a leading dot. */
  inputType?: string;
  outputType?: string;
  options?: Uint8Array;
  clientStreaming?: boolean;
  serverStreaming?: boolean;
}
