/**
 * Reads the standard options other layers need from the encoded `XxxOptions`
 * bytes kept in descriptors (field numbers from descriptor.proto). Unknown and
 * custom options are skipped. Absent options are left out of the result, so
 * `fieldOptions(f.options).packed === undefined` means "not written".
 */
import { Reader } from "../wire/index.js";

type Setter<T> = (out: T, r: Reader, wireType: number) => void;

/** Decodes `bytes` with one setter per known field number (varint fields only). */
function readOptions<T extends object>(bytes: Uint8Array | undefined, setters: ReadonlyMap<number, Setter<T>>): T {
  const out = {} as T;
  if (bytes === undefined) return out;
  const r = new Reader(bytes);
  while (!r.done()) {
    const tag = r.tag();
    const set = setters.get(tag >>> 3);
    if (set !== undefined && (tag & 7) === 0) set(out, r, 0);
    else r.skip(tag);
  }
  return out;
}

export interface FieldOptions {
  ctype?: number;
  packed?: boolean;
  deprecated?: boolean;
  lazy?: boolean;
  /** FieldOptions.JSType: 0 JS_NORMAL, 1 JS_STRING, 2 JS_NUMBER. */
  jstype?: number;
  unverifiedLazy?: boolean;
  weak?: boolean;
}

const FIELD = new Map<number, Setter<FieldOptions>>([
  [1, (o, r) => (o.ctype = r.int32())],
  [2, (o, r) => (o.packed = r.bool())],
  [3, (o, r) => (o.deprecated = r.bool())],
  [5, (o, r) => (o.lazy = r.bool())],
  [6, (o, r) => (o.jstype = r.int32())],
  [10, (o, r) => (o.weak = r.bool())],
  [15, (o, r) => (o.unverifiedLazy = r.bool())],
]);

/** Standard FieldOptions. Throws DecodeError on malformed bytes. */
export function fieldOptions(bytes?: Uint8Array): FieldOptions {
  return readOptions(bytes, FIELD);
}

export interface MessageOptions {
  messageSetWireFormat?: boolean;
  noStandardDescriptorAccessor?: boolean;
  deprecated?: boolean;
  mapEntry?: boolean;
}

const MESSAGE = new Map<number, Setter<MessageOptions>>([
  [1, (o, r) => (o.messageSetWireFormat = r.bool())],
  [2, (o, r) => (o.noStandardDescriptorAccessor = r.bool())],
  [3, (o, r) => (o.deprecated = r.bool())],
  [7, (o, r) => (o.mapEntry = r.bool())],
]);

export function messageOptions(bytes?: Uint8Array): MessageOptions {
  return readOptions(bytes, MESSAGE);
}

export interface EnumOptions {
  allowAlias?: boolean;
  deprecated?: boolean;
}

const ENUM = new Map<number, Setter<EnumOptions>>([
  [2, (o, r) => (o.allowAlias = r.bool())],
  [3, (o, r) => (o.deprecated = r.bool())],
]);

export function enumOptions(bytes?: Uint8Array): EnumOptions {
  return readOptions(bytes, ENUM);
}

export interface EnumValueOptions {
  deprecated?: boolean;
}

export function enumValueOptions(bytes?: Uint8Array): EnumValueOptions {
  return readOptions(bytes, new Map<number, Setter<EnumValueOptions>>([[1, (o, r) => (o.deprecated = r.bool())]]));
}

export interface FileOptions {
  javaPackage?: string;
  javaOuterClassname?: string;
  javaMultipleFiles?: boolean;
  /** FileOptions.OptimizeMode: 1 SPEED, 2 CODE_SIZE, 3 LITE_RUNTIME. */
  optimizeFor?: number;
  goPackage?: string;
  deprecated?: boolean;
  ccEnableArenas?: boolean;
  objcClassPrefix?: string;
  csharpNamespace?: string;
  swiftPrefix?: string;
  phpClassPrefix?: string;
  phpNamespace?: string;
  phpMetadataNamespace?: string;
  rubyPackage?: string;
}

const FILE_STRINGS = new Map<number, keyof FileOptions>([
  [1, "javaPackage"],
  [8, "javaOuterClassname"],
  [11, "goPackage"],
  [36, "objcClassPrefix"],
  [37, "csharpNamespace"],
  [39, "swiftPrefix"],
  [40, "phpClassPrefix"],
  [41, "phpNamespace"],
  [44, "phpMetadataNamespace"],
  [45, "rubyPackage"],
]);

export function fileOptions(bytes?: Uint8Array): FileOptions {
  const out: FileOptions = {};
  if (bytes === undefined) return out;
  const r = new Reader(bytes);
  while (!r.done()) {
    const tag = r.tag();
    const n = tag >>> 3;
    const str = FILE_STRINGS.get(n);
    if (str !== undefined && (tag & 7) === 2) (out as Record<string, unknown>)[str] = r.stringLossy();
    else if ((tag & 7) !== 0) r.skip(tag);
    else if (n === 10) out.javaMultipleFiles = r.bool();
    else if (n === 9) out.optimizeFor = r.int32();
    else if (n === 23) out.deprecated = r.bool();
    else if (n === 31) out.ccEnableArenas = r.bool();
    else r.skip(tag);
  }
  return out;
}

export interface ServiceOptions {
  deprecated?: boolean;
}

export function serviceOptions(bytes?: Uint8Array): ServiceOptions {
  return readOptions(bytes, new Map<number, Setter<ServiceOptions>>([[33, (o, r) => (o.deprecated = r.bool())]]));
}

export interface MethodOptions {
  deprecated?: boolean;
  /** MethodOptions.IdempotencyLevel: 0 UNKNOWN, 1 NO_SIDE_EFFECTS, 2 IDEMPOTENT. */
  idempotencyLevel?: number;
}

const METHOD = new Map<number, Setter<MethodOptions>>([
  [33, (o, r) => (o.deprecated = r.bool())],
  [34, (o, r) => (o.idempotencyLevel = r.int32())],
]);

export function methodOptions(bytes?: Uint8Array): MethodOptions {
  return readOptions(bytes, METHOD);
}
