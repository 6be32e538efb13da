import type { DescriptorProto, EnumDescriptorProto, FileDescriptorProto } from "../schema/descriptor.js";
import { typeLookup, type DescriptorLookup, type TypeLookup } from "../codec/message-plan.js";
import type { CodecContext } from "./emit-message.js";
import { moduleAlias, typeIdentifier } from "./ts-names.js";

/** What the generator needs from the descriptor pool (src/schema DescriptorPool fits). */
export type GeneratorPool = DescriptorLookup;

/** Resolves type references while one file is being generated, and records which modules it imports. */
export class FileContext implements TypeLookup, CodecContext {
  readonly lang = "ts";
  readonly imports = new Set<string>();
  /** Closed (proto2) enums used by this file's decoders: identifier -> values. */
  readonly closedEnumSets = new Map<string, number[]>();

  private readonly types: TypeLookup;

  constructor(
    readonly file: FileDescriptorProto,
    private readonly pool: GeneratorPool,
  ) {
    this.types = typeLookup(pool);
  }

  message(fullName: string): { descriptor: DescriptorProto; syntax: string } | undefined {
    return this.types.message(fullName);
  }

  enum(fullName: string): { descriptor: EnumDescriptorProto; syntax: string } | undefined {
    return this.types.enum(fullName);
  }

  /** The TypeScript expression naming a message or enum, importing its module if needed. */
  typeRef(fullName: string): string {
    const found = this.pool.message(fullName) ?? this.pool.enum(fullName);
    if (!found) throw new Error(`unresolved type ${fullName} in ${this.file.name}`);
    const pkg = found.file.package;
    const nameInFile = pkg ? fullName.slice(pkg.length + 1) : fullName;
    const id = typeIdentifier(nameInFile);
    if (found.file.name === this.file.name) return id;
    const fileName = found.file.name ?? "";
    this.imports.add(fileName);
    return `${moduleAlias(fileName)}.${id}`;
  }

  /** A module-level constant holding a closed enum's known values. */
  closedEnumSet(fullName: string, values: ReadonlySet<number>): string {
    const id = "$known_" + fullName.replace(/[^A-Za-z0-9_]/g, "_");
    this.closedEnumSets.set(id, [...values]);
    return id;
  }
}
