/**
 * A set of files and every symbol they declare, by fully qualified name.
 *
 * Scoping follows protoc (and the language spec, "Packages and Name
 * Resolution"): messages, enums, services and extensions live in their
 * package or enclosing message; fields, oneofs and methods in their message
 * or service; enum values are siblings of their enum, not children. Built on
 * Maps only, so no name from a .proto file ever touches an object prototype.
 */
import type {
  DescriptorProto,
  EnumDescriptorProto,
  EnumValueDescriptorProto,
  FieldDescriptorProto,
  FileDescriptorProto,
  MethodDescriptorProto,
  OneofDescriptorProto,
  ServiceDescriptorProto,
} from "./descriptor.js";
import { ParseError } from "./errors.js";
import { joinName } from "./names.js";

export type SymbolKind = "package" | "message" | "enum" | "enumValue" | "service" | "method" | "field" | "extension" | "oneof";

/** A named element, its fully qualified name (no leading dot) and the file declaring it. */
export interface Declared<D> {
  fullName: string;
  descriptor: D;
  file: FileDescriptorProto;
}

export interface SymbolEntry extends Declared<object> {
  kind: SymbolKind;
  /** For packages: every file that declares the package. */
  files?: FileDescriptorProto[];
}

/** Reports a duplicate symbol; the resolver turns it into a positioned ParseError. */
export type DuplicateHandler = (element: object, reason: string) => void;

export class DescriptorPool {
  private readonly byName = new Map<string, FileDescriptorProto>();
  private readonly symbols = new Map<string, SymbolEntry>();
  private readonly extensionsByExtendee = new Map<string, Map<number, Declared<FieldDescriptorProto>>>();

  /**
   * Adds a file whose dependencies were added before. Type names must be
   * resolved (fully qualified, as in protoc's output) for extension lookups.
   */
  add(fd: FileDescriptorProto, onDuplicate?: DuplicateHandler): void {
    const name = fd.name ?? "";
    if (this.byName.has(name)) throw new ParseError(name, 0, 0, `File "${name}" was already added to the pool.`);
    for (const dep of fd.dependency) {
      if (!this.byName.has(dep)) throw new ParseError(name, 0, 0, `Depends on "${dep}", which was not added before it.`);
    }
    const dup: DuplicateHandler =
      onDuplicate ??
      ((_e, reason) => {
        throw new ParseError(name, 0, 0, reason);
      });
    this.indexFile(fd, dup);
    this.indexExtensions(fd, (x, other) =>
      dup(x, `Extension number ${x.number} has already been used in "${x.extendee?.replace(/^\./, "")}" by extension "${other.fullName}".`),
    );
    this.byName.set(name, fd);
  }

  /** Indexes the symbols of a file (used by the resolver before the file is complete). */
  indexFile(fd: FileDescriptorProto, dup: DuplicateHandler): void {
    const pkg = fd.package ?? "";
    if (pkg !== "") {
      let scope = "";
      for (const part of pkg.split(".")) {
        scope = joinName(scope, part);
        const existing = this.symbols.get(scope);
        if (existing === undefined) this.symbols.set(scope, { kind: "package", fullName: scope, descriptor: fd, file: fd, files: [fd] });
        else if (existing.kind === "package") existing.files!.push(fd);
        else dup(fd, `"${scope}" is already defined (as something other than a package) in file "${existing.file.name}".`);
      }
    }
    for (const m of fd.messageType) this.indexMessage(fd, pkg, m, dup);
    for (const e of fd.enumType) this.indexEnum(fd, pkg, e, dup);
    for (const x of fd.extension) this.define(fd, "extension", joinName(pkg, x.name!), x, dup);
    for (const s of fd.service) {
      const sName = joinName(pkg, s.name!);
      this.define(fd, "service", sName, s, dup);
      for (const m of s.method) this.define(fd, "method", joinName(sName, m.name!), m, dup);
    }
  }

  /** Registers extensions by extendee and number (after their extendee names are resolved). */
  indexExtensions(fd: FileDescriptorProto, onConflict?: (ext: FieldDescriptorProto, other: Declared<FieldDescriptorProto>) => void): void {
    const visit = (scope: string, list: FieldDescriptorProto[]): void => {
      for (const x of list) {
        const extendee = (x.extendee ?? "").replace(/^\./, "");
        let byNumber = this.extensionsByExtendee.get(extendee);
        if (byNumber === undefined) this.extensionsByExtendee.set(extendee, (byNumber = new Map()));
        const other = byNumber.get(x.number!);
        if (other !== undefined) onConflict?.(x, other);
        else byNumber.set(x.number!, { fullName: joinName(scope, x.name!), descriptor: x, file: fd });
      }
    };
    const walk = (scope: string, m: DescriptorProto): void => {
      const name = joinName(scope, m.name!);
      visit(name, m.extension);
      for (const n of m.nestedType) walk(name, n);
    };
    visit(fd.package ?? "", fd.extension);
    for (const m of fd.messageType) walk(fd.package ?? "", m);
  }

  private define(fd: FileDescriptorProto, kind: SymbolKind, fullName: string, descriptor: object, dup: DuplicateHandler): void {
    const existing = this.symbols.get(fullName);
    if (existing !== undefined) {
      const dot = fullName.lastIndexOf(".");
      if (existing.file !== fd) dup(descriptor, `"${fullName}" is already defined in file "${existing.file.name}".`);
      else if (dot === -1) dup(descriptor, `"${fullName}" is already defined.`);
      else dup(descriptor, `"${fullName.slice(dot + 1)}" is already defined in "${fullName.slice(0, dot)}".`);
      // The first definition keeps the name (a handler that returns goes on checking).
      return;
    }
    this.symbols.set(fullName, { kind, fullName, descriptor, file: fd });
  }

  private indexMessage(fd: FileDescriptorProto, scope: string, m: DescriptorProto, dup: DuplicateHandler): void {
    const name = joinName(scope, m.name!);
    this.define(fd, "message", name, m, dup);
    for (const f of m.field) this.define(fd, "field", joinName(name, f.name!), f, dup);
    for (const o of m.oneofDecl) this.define(fd, "oneof", joinName(name, o.name!), o, dup);
    for (const n of m.nestedType) this.indexMessage(fd, name, n, dup);
    for (const e of m.enumType) this.indexEnum(fd, name, e, dup);
    for (const x of m.extension) this.define(fd, "extension", joinName(name, x.name!), x, dup);
  }

  private indexEnum(fd: FileDescriptorProto, scope: string, e: EnumDescriptorProto, dup: DuplicateHandler): void {
    const name = joinName(scope, e.name!);
    this.define(fd, "enum", name, e, dup);
    for (const v of e.value) {
      // Enum values are siblings of their enum (C++ scoping), so they clash with other enums' values.
      const full = joinName(scope, v.name!);
      const existing = this.symbols.get(full);
      if (existing !== undefined && existing.file === fd && existing.kind === "enumValue") {
        const where = scope === "" ? "the global scope" : `"${scope}"`;
        dup(
          v,
          `"${v.name}" is already defined${scope === "" ? "" : ` in "${scope}"`}. Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.  Therefore, "${v.name}" must be unique within ${where}, not just within "${e.name}".`,
        );
        continue;
      }
      this.define(fd, "enumValue", full, v, dup);
    }
  }

  /** Adds a file already known to be consistent (its symbols indexed by the resolver). */
  addIndexed(fd: FileDescriptorProto): void {
    this.byName.set(fd.name ?? "", fd);
  }

  // ---- lookups -------------------------------------------------------------

  file(name: string): FileDescriptorProto | undefined {
    return this.byName.get(name);
  }

  files(): FileDescriptorProto[] {
    return [...this.byName.values()];
  }

  /** Any symbol by fully qualified name (no leading dot). */
  lookup(fullName: string): SymbolEntry | undefined {
    return this.symbols.get(fullName);
  }

  private typed<D>(fullName: string, kind: SymbolKind): Declared<D> | undefined {
    const e = this.symbols.get(fullName);
    if (e === undefined || e.kind !== kind) return undefined;
    return { fullName: e.fullName, descriptor: e.descriptor as D, file: e.file };
  }

  message(fullName: string): Declared<DescriptorProto> | undefined {
    return this.typed(fullName, "message");
  }

  enum(fullName: string): Declared<EnumDescriptorProto> | undefined {
    return this.typed(fullName, "enum");
  }

  service(fullName: string): Declared<ServiceDescriptorProto> | undefined {
    return this.typed(fullName, "service");
  }

  method(fullName: string): Declared<MethodDescriptorProto> | undefined {
    return this.typed(fullName, "method");
  }

  enumValue(fullName: string): Declared<EnumValueDescriptorProto> | undefined {
    return this.typed(fullName, "enumValue");
  }

  oneof(fullName: string): Declared<OneofDescriptorProto> | undefined {
    return this.typed(fullName, "oneof");
  }

  /** The file declaring a symbol of any kind (packages: the first file declaring it). */
  findSymbol(fullName: string): FileDescriptorProto | undefined {
    return this.symbols.get(fullName)?.file;
  }

  /** The extension of `extendee` (fully qualified, no leading dot) with this number. */
  extension(extendee: string, number: number): Declared<FieldDescriptorProto> | undefined {
    return this.extensionsByExtendee.get(extendee)?.get(number);
  }

  /** Every extension of `extendee`, by number. */
  extensionsOf(extendee: string): Declared<FieldDescriptorProto>[] {
    const m = this.extensionsByExtendee.get(extendee);
    return m === undefined ? [] : [...m.values()].sort((a, b) => a.descriptor.number! - b.descriptor.number!);
  }

  /** The transitive dependencies of a file, each after its own dependencies, the file last. */
  dependenciesOf(fileName: string): FileDescriptorProto[] {
    const out: FileDescriptorProto[] = [];
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const fd = this.byName.get(name);
      if (fd === undefined) return;
      for (const d of fd.dependency) visit(d);
      out.push(fd);
    };
    visit(fileName);
    return out;
  }
}
