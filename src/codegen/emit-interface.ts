import { FieldType } from "../schema/descriptor.js";
import type { FieldPlan, MessagePlan } from "../codec/message-plan.js";
import { describeField, valueType, type CodecContext } from "./codec-source.js";
import type { Printer } from "./printer.js";
import { propertyKey } from "./ts-names.js";

/**
 * Prints a message's TypeScript interface: what decoders return and what
 * `create` makes. Fields with explicit presence (proto3 `optional`, proto2
 * `optional`, messages) are `field?: T | undefined`, so that code compiled
 * with `exactOptionalPropertyTypes` may still write `field: undefined`.
 */
export function emitInterface(p: Printer, ctx: CodecContext, id: string, fullName: string, plan: MessagePlan): void {
  p.line(`/** message ${fullName} */`);
  p.block(`export interface ${id} {`, () => {
    for (const f of plan.fields) {
      if (f.oneofIndex !== undefined) continue;
      p.line(`/** ${describeField(f)}${bytesNote(f)} */`);
      const optional = f.presence === "explicit" && !f.repeated && !f.map;
      p.line(`${propertyKey(f.localName)}${optional ? "?" : ""}: ${fieldType(ctx, f)}${optional ? " | undefined" : ""};`);
    }
    for (const o of plan.oneofs) {
      p.line(`/** oneof ${o.protoName}: at most one of its fields is set; \`case\` says which. */`);
      p.line(`${propertyKey(o.localName)}:`);
      p.indent(() => {
        for (const f of o.fields) p.line(`| { case: ${JSON.stringify(f.localName)}; value: ${valueType(ctx, f)} } // ${describeField(f)}`);
        p.line(`| { case: undefined; value?: undefined };`);
      });
    }
    p.line("/** Fields not in this schema, kept as raw bytes and written back unchanged. */");
    p.line("$unknown?: Uint8Array[] | undefined;");
  });
  p.line();
}

function fieldType(ctx: CodecContext, f: FieldPlan): string {
  if (f.map) return `Map<${valueType(ctx, f.map.key)}, ${valueType(ctx, f.map.value)}>`;
  const t = valueType(ctx, f);
  return f.repeated ? `${t}[]` : t;
}

/** bytes decode to the same type from any input (src/wire/reader.ts `raw`). */
function bytesNote(f: FieldPlan): string {
  const bytes = f.type === FieldType.Bytes || f.map?.value.type === FieldType.Bytes;
  return bytes ? "; decoded as a plain Uint8Array, never a Buffer" : "";
}
