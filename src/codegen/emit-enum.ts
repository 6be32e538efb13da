import type { EnumDescriptorProto } from "../schema/descriptor.js";
import type { Printer } from "./printer.js";
import { propertyKey, typeIdentifier } from "./ts-names.js";

/** enum Foo { A = 0; } -> a TypeScript enum with the same names and numbers. */
export function emitEnum(p: Printer, nameInFile: string, fullName: string, e: EnumDescriptorProto): void {
  p.line(`/** enum ${fullName} */`);
  p.block(`export enum ${typeIdentifier(nameInFile)} {`, () => {
    for (const v of e.value) p.line(`${propertyKey(v.name ?? "")} = ${v.number ?? 0},`);
  });
  p.line();
}
