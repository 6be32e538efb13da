/**
 * Name resolution, as protoc does it (language spec, "Packages and Name
 * Resolution"): a relative name is searched from the innermost scope
 * outwards; in a dotted name only the first part is searched for, and the
 * rest must be found inside what it names; a leading dot means "from the
 * root". Only symbols of the file itself, its imports and their public
 * imports are visible. Resolved names are written back fully qualified with a
 * leading dot, and the type of a named field becomes MESSAGE or ENUM.
 */
import { FieldType, type DescriptorProto, type FieldDescriptorProto, type FileDescriptorProto } from "./descriptor.js";
import { errorAt, ParseError, throwIfAny } from "./errors.js";
import { joinName } from "./names.js";
import { encodeOptions, hasCustomOptions, type TypeLookup } from "./option-encoder.js";
import { parsedInfo, type ParsedFile, type Span } from "./parsed-file.js";
import type { DescriptorPool, SymbolEntry } from "./pool.js";
import { validateFile } from "./validate.js";

const parentScope = (name: string): string => {
  const dot = name.lastIndexOf(".");
  return dot === -1 ? "" : name.slice(0, dot);
};

const AGGREGATES = new Set(["message", "enum", "service", "package"]);

/** Resolves a freshly parsed file against a pool holding its imports, then adds it. */
export function resolveFile(fd: FileDescriptorProto, pool: DescriptorPool): void {
  const info = parsedInfo(fd);
  if (info === undefined) throw new Error(`resolveFile: ${fd.name} was not produced by the parser`);
  new FileResolver(fd, info, pool).run();
}

export class FileResolver {
  readonly fd: FileDescriptorProto;
  readonly info: ParsedFile;
  readonly pool: DescriptorPool;
  readonly proto3: boolean;
  private readonly visible = new Set<FileDescriptorProto>();
  /** Scope in which each options owner's option names are looked up. */
  private readonly optionScopes = new Map<object, string>();
  /** Errors found so far; checking goes on after each, as protoc's does. */
  private readonly errors: ParseError[] = [];

  constructor(fd: FileDescriptorProto, info: ParsedFile, pool: DescriptorPool) {
    this.fd = fd;
    this.info = info;
    this.pool = pool;
    this.proto3 = info.syntax === "proto3";
  }

  /** A ParseError at an offset of this file. */
  fail(offset: number, reason: string): ParseError {
    return errorAt(this.info.name, this.info.source, offset, reason);
  }

  /** Records an error at an offset of this file and lets checking go on. */
  report(offset: number, reason: string): void {
    this.errors.push(this.fail(offset, reason));
  }

  /**
   * Runs one check that throws at its first error: a ParseError is recorded
   * and checking goes on with the next one. Anything else is a bug and is
   * not caught.
   */
  guard(check: () => void): void {
    try {
      check();
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.errors.push(e);
    }
  }

  span(element: object): Span {
    return this.info.spans.get(element) ?? { start: 0, name: 0 };
  }

  run(): void {
    const { fd, pool } = this;
    this.collectVisible();
    pool.indexFile(fd, (element, reason) => this.report(this.span(element).name, reason));
    const pkg = fd.package ?? "";
    this.optionScopes.set(fd, pkg);
    for (const m of fd.messageType) this.resolveMessage(m, pkg);
    for (const e of fd.enumType) this.scopeEnum(e, pkg);
    for (const x of fd.extension) this.resolveField(x, pkg);
    for (const s of fd.service) {
      const sName = joinName(pkg, s.name!);
      this.optionScopes.set(s, pkg);
      for (const m of s.method) {
        this.optionScopes.set(m, sName);
        const span = this.span(m);
        this.guard(() => (m.inputType = this.resolveMessageType(m.inputType!, sName, span.type!)));
        this.guard(() => (m.outputType = this.resolveMessageType(m.outputType!, sName, span.output!)));
      }
    }
    pool.indexExtensions(fd, (x, other) => {
      this.report(
        this.span(x).number!,
        `Extension number ${x.number} has already been used in "${x.extendee!.slice(1)}" by extension "${other.fullName}"` +
          (other.file === fd ? "." : ` defined in ${other.file.name}.`),
      );
    });
    validateFile(this);
    // Standard options were encoded by the parser; only elements with custom options need more.
    // As in protoc, they are interpreted only in a file without errors so far: an option's name
    // or value may refer to a type that did not resolve, or an extension with a bad number.
    if (this.errors.length === 0) {
      const types = this.typeLookup();
      const fail = (offset: number, reason: string): ParseError => this.fail(offset, reason);
      for (const p of this.info.options) {
        if (hasCustomOptions(p)) this.guard(() => encodeOptions(p, types, this.optionScopes.get(p.owner) ?? pkg, fail));
      }
    }
    // A file with errors never joins the pool; every error found is thrown at once.
    throwIfAny(this.errors);
    pool.addIndexed(fd);
  }

  /** The file itself, its imports, and (transitively) the public imports of those. */
  private collectVisible(): void {
    this.visible.add(this.fd);
    const addPublic = (f: FileDescriptorProto): void => {
      for (const i of f.publicDependency) {
        const dep = this.pool.file(f.dependency[i]!);
        if (dep !== undefined && !this.visible.has(dep)) {
          this.visible.add(dep);
          addPublic(dep);
        }
      }
    };
    for (const name of this.fd.dependency) {
      const dep = this.pool.file(name);
      if (dep === undefined) continue;
      this.visible.add(dep);
      addPublic(dep);
    }
  }

  private resolveMessage(m: DescriptorProto, scope: string): void {
    const name = joinName(scope, m.name!);
    this.optionScopes.set(m, scope);
    for (const f of m.field) this.resolveField(f, name);
    for (const x of m.extension) this.resolveField(x, name);
    for (const o of m.oneofDecl) this.optionScopes.set(o, name);
    for (const n of m.nestedType) this.resolveMessage(n, name);
    for (const e of m.enumType) this.scopeEnum(e, name);
    for (const r of m.extensionRange) this.optionScopes.set(r, name);
  }

  private scopeEnum(e: { value: object[] }, scope: string): void {
    this.optionScopes.set(e, scope);
    for (const v of e.value) this.optionScopes.set(v, scope);
  }

  private resolveField(f: FieldDescriptorProto, scope: string): void {
    this.optionScopes.set(f, scope);
    const span = this.span(f);
    if (f.extendee !== undefined) {
      const extendee = f.extendee;
      this.guard(() => (f.extendee = this.resolveMessageType(extendee, scope, span.extendee ?? span.start)));
    }
    if (f.typeName !== undefined) this.guard(() => this.resolveFieldType(f, scope));
  }

  /** Resolves a field's type name; its type becomes MESSAGE or ENUM. */
  private resolveFieldType(f: FieldDescriptorProto, scope: string): void {
    const span = this.span(f);
    const entry = this.lookupType(f.typeName!, scope, span.type ?? span.start);
    if (entry.kind === "message") {
      if (f.type !== FieldType.Group) f.type = FieldType.Message;
    } else if (entry.kind === "enum") {
      if (f.type === FieldType.Group) throw this.fail(span.type!, `"${f.typeName}" is not a message type.`);
      f.type = FieldType.Enum;
    } else {
      throw this.fail(span.type ?? span.start, `"${f.typeName}" is not a type.`);
    }
    f.typeName = "." + entry.fullName;
  }

  /** Extendees and method types: protoc searches all symbols here, not only types. */
  private resolveMessageType(name: string, scope: string, offset: number): string {
    const found = this.lookup(name, scope, false);
    if (typeof found === "string") throw this.fail(offset, found);
    const entry = found;
    if (entry.kind !== "message") throw this.fail(offset, `"${name}" is not a message type.`);
    return "." + entry.fullName;
  }

  /** Looks a type name up (messages and enums; other symbols are passed over). */
  private lookupType(name: string, scope: string, offset: number): SymbolEntry {
    const found = this.lookup(name, scope, true);
    if (typeof found === "string") throw this.fail(offset, found);
    return found;
  }

  private isVisible(e: SymbolEntry): boolean {
    if (e.kind === "package") return e.files!.some((f) => this.visible.has(f));
    return this.visible.has(e.file);
  }

  /**
   * protoc's scope search. Returns the symbol, or the error message saying
   * why the name did not resolve.
   */
  lookup(name: string, scope: string, typesOnly: boolean): SymbolEntry | string {
    let hidden: SymbolEntry | undefined;
    const find = (full: string): SymbolEntry | undefined => {
      const e = this.pool.lookup(full);
      if (e === undefined) return undefined;
      if (this.isVisible(e)) return e;
      hidden ??= e;
      return undefined;
    };
    const notDefined = (): string =>
      hidden !== undefined && hidden.kind !== "package"
        ? `"${name}" seems to be defined in "${hidden.file.name}", which is not imported by "${this.fd.name}".  To use it here, please add the necessary import.`
        : `"${name}" is not defined.`;
    if (name.startsWith(".")) return find(name.slice(1)) ?? notDefined();
    const dot = name.indexOf(".");
    const first = dot === -1 ? name : name.slice(0, dot);
    for (let s = scope; ; s = parentScope(s)) {
      const e = find(joinName(s, first));
      if (e !== undefined) {
        if (dot !== -1) {
          if (AGGREGATES.has(e.kind)) {
            const full = joinName(s, name);
            const r = find(full);
            if (r !== undefined) return r;
            return `"${name}" is resolved to "${full}", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., ".${name}") to start from the outermost scope.`;
          }
        } else if (!typesOnly || e.kind === "message" || e.kind === "enum") {
          return e;
        }
      }
      if (s === "") return notDefined();
    }
  }

  private typeLookup(): TypeLookup {
    const pool = this.pool;
    const proto3Of = (f: FileDescriptorProto): boolean => f.syntax === "proto3";
    return {
      extension: (name, scope) => {
        const e = this.lookup(name, scope, false);
        if (typeof e === "string" || e.kind !== "extension") return undefined;
        return { field: e.descriptor as FieldDescriptorProto, fullName: e.fullName, proto3: proto3Of(e.file) };
      },
      message: (fullName) => {
        const m = pool.message(fullName);
        return m === undefined ? undefined : { descriptor: m.descriptor, proto3: proto3Of(m.file) };
      },
      enum: (fullName) => pool.enum(fullName)?.descriptor,
    };
  }
}
