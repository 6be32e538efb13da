/**
 * What server reflection looks things up in: serialized FileDescriptorProtos
 * by import path, every symbol they declare by fully qualified name, and
 * every extension by extendee and number.
 *
 * The bytes served are the ones given (embedded by generated code, or
 * encoded from the descriptors of the dynamic path), never re-encoded, so a
 * client receives exactly what protoc would have produced for the file.
 * Names from .proto files are kept in Maps only, never as object keys.
 */
import { decodeFileDescriptorProto, encodeFileDescriptorProto } from "../schema/descriptor-codec.js";
import type { DescriptorProto, EnumDescriptorProto, FieldDescriptorProto, FileDescriptorProto } from "../schema/descriptor.js";

/** A file for the index: serialized, or a descriptor to serialize. */
export type ReflectionFile = Uint8Array | FileDescriptorProto;

interface IndexedFile {
  readonly bytes: Uint8Array;
  readonly descriptor: FileDescriptorProto;
}

export class ReflectionIndex {
  private readonly files = new Map<string, IndexedFile>();
  /** Fully qualified symbol (no leading dot) -> name of the file declaring it. */
  private readonly symbols = new Map<string, string>();
  /** Message types whose extensions can be listed: full name -> (extension number -> file name). */
  private readonly extensions = new Map<string, Map<number, string>>();
  private readonly messages = new Set<string>();

  /**
   * Adds a file unless one of the same name is there already (the first one
   * added wins: generated services sharing an import carry the same bytes).
   * Returns whether it was added.
   */
  add(file: ReflectionFile): boolean {
    const descriptor = file instanceof Uint8Array ? decodeFileDescriptorProto(file) : file;
    const name = descriptor.name ?? "";
    if (this.files.has(name)) return false;
    const bytes = file instanceof Uint8Array ? file : encodeFileDescriptorProto(file);
    this.files.set(name, { bytes, descriptor });
    this.indexFile(name, descriptor);
    return true;
  }

  /** Import paths of the files known, in the order they were added. */
  fileNames(): string[] {
    return [...this.files.keys()];
  }

  has(fileName: string): boolean {
    return this.files.has(fileName);
  }

  /** The name of the file declaring a symbol, or undefined. A leading dot is allowed. */
  fileOfSymbol(symbol: string): string | undefined {
    return this.symbols.get(symbol.startsWith(".") ? symbol.slice(1) : symbol);
  }

  /** The name of the file declaring extension `number` of `extendee`, or undefined. */
  fileOfExtension(extendee: string, number: number): string | undefined {
    return this.extensions.get(stripDot(extendee))?.get(number);
  }

  /** The numbers of the known extensions of a message type (ascending), or undefined for a type not known. */
  extensionNumbers(messageType: string): number[] | undefined {
    const name = stripDot(messageType);
    if (!this.messages.has(name)) return undefined;
    return [...(this.extensions.get(name)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /**
   * The file's bytes followed by those of everything it imports,
   * transitively (each once, depth first in import order), as
   * reflection.proto asks: "with transitive dependencies". Imports the index
   * does not have are left out. Undefined if the file is not known.
   */
  withDependencies(fileName: string): Uint8Array[] | undefined {
    if (!this.files.has(fileName)) return undefined;
    const out: Uint8Array[] = [];
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const f = this.files.get(name);
      if (f === undefined) return;
      out.push(f.bytes);
      for (const dep of f.descriptor.dependency) visit(dep);
    };
    visit(fileName);
    return out;
  }

  // ---- indexing ---------------------------------------------------------------

  /**
   * Scoping as in protoc's DescriptorPool: messages, enums, services and
   * extensions in their package or enclosing message; fields, oneofs and
   * methods in their message or service; enum values as siblings of their
   * enum ("pkg.VALUE", C++ scoping). "pkg.Enum.VALUE" is accepted too, for
   * clients that name a value inside its enum, where nothing else claims it.
   */
  private indexFile(fileName: string, fd: FileDescriptorProto): void {
    const pkg = fd.package ?? "";
    const aliases: string[] = [];
    for (const m of fd.messageType) this.indexMessage(fileName, pkg, m, aliases);
    for (const e of fd.enumType) this.indexEnum(fileName, pkg, e, aliases);
    this.indexExtensions(fileName, pkg, fd.extension);
    for (const s of fd.service) {
      const service = join(pkg, s.name);
      this.define(service, fileName);
      for (const m of s.method) this.define(join(service, m.name), fileName);
    }
    for (const alias of aliases) if (!this.symbols.has(alias)) this.symbols.set(alias, fileName);
  }

  private indexMessage(fileName: string, scope: string, m: DescriptorProto, aliases: string[]): void {
    const name = join(scope, m.name);
    this.define(name, fileName);
    this.messages.add(name);
    for (const f of m.field) this.define(join(name, f.name), fileName);
    for (const o of m.oneofDecl) this.define(join(name, o.name), fileName);
    for (const n of m.nestedType) this.indexMessage(fileName, name, n, aliases);
    for (const e of m.enumType) this.indexEnum(fileName, name, e, aliases);
    this.indexExtensions(fileName, name, m.extension);
  }

  private indexEnum(fileName: string, scope: string, e: EnumDescriptorProto, aliases: string[]): void {
    const name = join(scope, e.name);
    this.define(name, fileName);
    for (const v of e.value) {
      this.define(join(scope, v.name), fileName);
      aliases.push(join(name, v.name));
    }
  }

  private indexExtensions(fileName: string, scope: string, list: readonly FieldDescriptorProto[]): void {
    for (const x of list) {
      this.define(join(scope, x.name), fileName);
      if (x.extendee === undefined || x.number === undefined) continue;
      const extendee = stripDot(x.extendee);
      let byNumber = this.extensions.get(extendee);
      if (byNumber === undefined) this.extensions.set(extendee, (byNumber = new Map()));
      if (!byNumber.has(x.number)) byNumber.set(x.number, fileName);
    }
  }

  /** The first file to declare a name keeps it (a pool with a conflict would not have built). */
  private define(fullName: string, fileName: string): void {
    if (!this.symbols.has(fullName)) this.symbols.set(fullName, fileName);
  }
}

function join(scope: string, name: string | undefined): string {
  return scope === "" ? (name ?? "") : `${scope}.${name ?? ""}`;
}

function stripDot(name: string): string {
  return name.startsWith(".") ? name.slice(1) : name;
}
