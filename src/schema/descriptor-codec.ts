/**
 * FileDescriptorProto and FileDescriptorSet to bytes and back, with src/wire.
 * Field numbers are those of google/protobuf/descriptor.proto; fields are
 * written in field-number order as protoc does, so our bytes equal protoc's.
 * Unknown fields (source_code_info, newer additions) are skipped on decode.
 */
import type {
  DescriptorProto,
  EnumDescriptorProto,
  FieldDescriptorProto,
  FileDescriptorProto,
  FileDescriptorSet,
  MethodDescriptorProto,
  ServiceDescriptorProto,
} from "./descriptor.js";
import type { FieldLabel, FieldType } from "./descriptor.js";
import { Reader, Writer } from "../wire/index.js";

// ---- encoding ---------------------------------------------------------------

const LEN = 2;
const VARINT = 0;

function str(w: Writer, n: number, v: string | undefined): void {
  if (v !== undefined) w.tag(n, LEN).string(v);
}
function int(w: Writer, n: number, v: number | undefined): void {
  if (v !== undefined) w.tag(n, VARINT).int32(v);
}
function bool(w: Writer, n: number, v: boolean | undefined): void {
  if (v !== undefined) w.tag(n, VARINT).bool(v);
}
function bytes(w: Writer, n: number, v: Uint8Array | undefined): void {
  if (v !== undefined) w.tag(n, LEN).bytes(v);
}
function sub<T>(w: Writer, n: number, list: readonly T[], write: (w: Writer, v: T) => void): void {
  for (const v of list) {
    w.tag(n, LEN).fork();
    write(w, v);
    w.join();
  }
}
function range(w: Writer, r: { start?: number; end?: number }): void {
  int(w, 1, r.start);
  int(w, 2, r.end);
}

function writeField(w: Writer, f: FieldDescriptorProto): void {
  str(w, 1, f.name);
  str(w, 2, f.extendee);
  int(w, 3, f.number);
  int(w, 4, f.label);
  int(w, 5, f.type);
  str(w, 6, f.typeName);
  str(w, 7, f.defaultValue);
  bytes(w, 8, f.options);
  int(w, 9, f.oneofIndex);
  str(w, 10, f.jsonName);
  bool(w, 17, f.proto3Optional);
}

function writeEnum(w: Writer, e: EnumDescriptorProto): void {
  str(w, 1, e.name);
  sub(w, 2, e.value, (w, v) => {
    str(w, 1, v.name);
    int(w, 2, v.number);
    bytes(w, 3, v.options);
  });
  bytes(w, 3, e.options);
  sub(w, 4, e.reservedRange, range);
  for (const n of e.reservedName) w.tag(5, LEN).string(n);
}

function writeMessage(w: Writer, m: DescriptorProto): void {
  str(w, 1, m.name);
  sub(w, 2, m.field, writeField);
  sub(w, 3, m.nestedType, writeMessage);
  sub(w, 4, m.enumType, writeEnum);
  sub(w, 5, m.extensionRange, (w, r) => {
    range(w, r);
    bytes(w, 3, r.options);
  });
  sub(w, 6, m.extension, writeField);
  bytes(w, 7, m.options);
  sub(w, 8, m.oneofDecl, (w, o) => {
    str(w, 1, o.name);
    bytes(w, 2, o.options);
  });
  sub(w, 9, m.reservedRange, range);
  for (const n of m.reservedName) w.tag(10, LEN).string(n);
}

function writeService(w: Writer, s: ServiceDescriptorProto): void {
  str(w, 1, s.name);
  sub(w, 2, s.method, (w, m) => {
    str(w, 1, m.name);
    str(w, 2, m.inputType);
    str(w, 3, m.outputType);
    bytes(w, 4, m.options);
    bool(w, 5, m.clientStreaming);
    bool(w, 6, m.serverStreaming);
  });
  bytes(w, 3, s.options);
}

function writeFile(w: Writer, fd: FileDescriptorProto): void {
  str(w, 1, fd.name);
  str(w, 2, fd.package);
  for (const d of fd.dependency) w.tag(3, LEN).string(d);
  sub(w, 4, fd.messageType, writeMessage);
  sub(w, 5, fd.enumType, writeEnum);
  sub(w, 6, fd.service, writeService);
  sub(w, 7, fd.extension, writeField);
  bytes(w, 8, fd.options);
  for (const d of fd.publicDependency) w.tag(10, VARINT).int32(d);
  for (const d of fd.weakDependency) w.tag(11, VARINT).int32(d);
  str(w, 12, fd.syntax);
}

/** The bytes of a FileDescriptorProto, as protoc writes them. */
export function encodeFileDescriptorProto(fd: FileDescriptorProto): Uint8Array {
  const w = new Writer(1024);
  writeFile(w, fd);
  return new Uint8Array(w.finish());
}

/** The bytes of a FileDescriptorSet holding `files` in the given order. */
export function encodeFileDescriptorSet(files: readonly FileDescriptorProto[]): Uint8Array {
  const w = new Writer(4096);
  sub(w, 1, files, writeFile);
  return new Uint8Array(w.finish());
}

// ---- decoding ---------------------------------------------------------------

/**
 * Length-delimited bytes as a plain Uint8Array of their own: options bytes
 * must not be views into the caller's buffer (which may be reused) nor
 * Buffers (whose slice() does not copy).
 */
function ownBytes(r: Reader): Uint8Array {
  return new Uint8Array(r.bytesView());
}

/** Reads fields up to the current end, `field(tag)` returning false for unknown ones. */
function readBody(r: Reader, field: (tag: number) => boolean): void {
  while (!r.done()) {
    const tag = r.tag();
    if (!field(tag)) r.skip(tag);
  }
}

/** Reads one length-delimited embedded message. */
function readMessage(r: Reader, field: (tag: number) => boolean): void {
  const outer = r.beginMessage();
  readBody(r, field);
  r.endMessage(outer);
}

/** Reads a repeated int32 field, packed or not. */
function readInts(r: Reader, tag: number, out: number[]): void {
  if ((tag & 7) === LEN) r.packed(out, (x) => x.int32());
  else out.push(r.int32());
}

function readRange(r: Reader): { start?: number; end?: number; options?: Uint8Array } {
  const out: { start?: number; end?: number; options?: Uint8Array } = {};
  readMessage(r, (tag) => {
    switch (tag) {
      case 8: out.start = r.int32(); return true;
      case 16: out.end = r.int32(); return true;
      case 26: out.options = ownBytes(r); return true;
      default: return false;
    }
  });
  return out;
}

function readField(r: Reader): FieldDescriptorProto {
  const f: FieldDescriptorProto = {};
  readMessage(r, (tag) => {
    switch (tag) {
      case 10: f.name = r.stringLossy(); return true;
      case 18: f.extendee = r.stringLossy(); return true;
      case 24: f.number = r.int32(); return true;
      case 32: f.label = r.int32() as FieldLabel; return true;
      case 40: f.type = r.int32() as FieldType; return true;
      case 50: f.typeName = r.stringLossy(); return true;
      case 58: f.defaultValue = r.stringLossy(); return true;
      case 66: f.options = ownBytes(r); return true;
      case 72: f.oneofIndex = r.int32(); return true;
      case 82: f.jsonName = r.stringLossy(); return true;
      case 136: f.proto3Optional = r.bool(); return true;
      default: return false;
    }
  });
  return f;
}

function readEnum(r: Reader): EnumDescriptorProto {
  const e: EnumDescriptorProto = { value: [], reservedRange: [], reservedName: [] };
  readMessage(r, (tag) => {
    switch (tag) {
      case 10: e.name = r.stringLossy(); return true;
      case 18: {
        const v: { name?: string; number?: number; options?: Uint8Array } = {};
        readMessage(r, (t) => {
          switch (t) {
            case 10: v.name = r.stringLossy(); return true;
            case 16: v.number = r.int32(); return true;
            case 26: v.options = ownBytes(r); return true;
            default: return false;
          }
        });
        e.value.push(v);
        return true;
      }
      case 26: e.options = ownBytes(r); return true;
      case 34: {
        e.reservedRange.push(plainRange(readRange(r)));
        return true;
      }
      case 42: e.reservedName.push(r.stringLossy()); return true;
      default: return false;
    }
  });
  return e;
}

function plainRange(x: { start?: number; end?: number }): { start?: number; end?: number } {
  const out: { start?: number; end?: number } = {};
  if (x.start !== undefined) out.start = x.start;
  if (x.end !== undefined) out.end = x.end;
  return out;
}

function readDescriptor(r: Reader): DescriptorProto {
  const m: DescriptorProto = {
    field: [], extension: [], nestedType: [], enumType: [], extensionRange: [], oneofDecl: [], reservedRange: [], reservedName: [],
  };
  readMessage(r, (tag) => {
    switch (tag) {
      case 10: m.name = r.stringLossy(); return true;
      case 18: m.field.push(readField(r)); return true;
      case 26: m.nestedType.push(readDescriptor(r)); return true;
      case 34: m.enumType.push(readEnum(r)); return true;
      case 42: m.extensionRange.push(readRange(r)); return true;
      case 50: m.extension.push(readField(r)); return true;
      case 58: m.options = ownBytes(r); return true;
      case 66: {
        const o: { name?: string; options?: Uint8Array } = {};
        readMessage(r, (t) => {
          if (t === 10) o.name = r.stringLossy();
          else if (t === 18) o.options = ownBytes(r);
          else return false;
          return true;
        });
        m.oneofDecl.push(o);
        return true;
      }
      case 74: m.reservedRange.push(plainRange(readRange(r))); return true;
      case 82: m.reservedName.push(r.stringLossy()); return true;
      default: return false;
    }
  });
  return m;
}

function readMethod(r: Reader): MethodDescriptorProto {
  const m: MethodDescriptorProto = {};
  readMessage(r, (tag) => {
    switch (tag) {
      case 10: m.name = r.stringLossy(); return true;
      case 18: m.inputType = r.stringLossy(); return true;
      case 26: m.outputType = r.stringLossy(); return true;
      case 34: m.options = ownBytes(r); return true;
      case 40: m.clientStreaming = r.bool(); return true;
      case 48: m.serverStreaming = r.bool(); return true;
      default: return false;
    }
  });
  return m;
}

function readService(r: Reader): ServiceDescriptorProto {
  const s: ServiceDescriptorProto = { method: [] };
  readMessage(r, (tag) => {
    switch (tag) {
      case 10: s.name = r.stringLossy(); return true;
      case 18: s.method.push(readMethod(r)); return true;
      case 26: s.options = ownBytes(r); return true;
      default: return false;
    }
  });
  return s;
}

function readFile(r: Reader, top = false): FileDescriptorProto {
  const fd: FileDescriptorProto = {
    dependency: [], publicDependency: [], weakDependency: [], messageType: [], enumType: [], service: [], extension: [],
  };
  (top ? readBody : readMessage)(r, (tag) => {
    switch (tag) {
      case 10: fd.name = r.stringLossy(); return true;
      case 18: fd.package = r.stringLossy(); return true;
      case 26: fd.dependency.push(r.stringLossy()); return true;
      case 34: fd.messageType.push(readDescriptor(r)); return true;
      case 42: fd.enumType.push(readEnum(r)); return true;
      case 50: fd.service.push(readService(r)); return true;
      case 58: fd.extension.push(readField(r)); return true;
      case 66: fd.options = ownBytes(r); return true;
      case 80: case 82: readInts(r, tag, fd.publicDependency); return true;
      case 88: case 90: readInts(r, tag, fd.weakDependency); return true;
      case 98: fd.syntax = r.stringLossy(); return true;
      default: return false;
    }
  });
  return fd;
}

/** Decodes a FileDescriptorProto. Throws DecodeError (src/wire) on malformed bytes. */
export function decodeFileDescriptorProto(bytes: Uint8Array): FileDescriptorProto {
  return readFile(new Reader(bytes), true);
}

/** Decodes a FileDescriptorSet. Throws DecodeError (src/wire) on malformed bytes. */
export function decodeFileDescriptorSet(bytes: Uint8Array): FileDescriptorSet {
  const r = new Reader(bytes);
  const file: FileDescriptorProto[] = [];
  while (!r.done()) {
    const tag = r.tag();
    if (tag === 10) file.push(readFile(r));
    else r.skip(tag);
  }
  return { file };
}
