import type { FieldPlan, MessagePlan } from "../codec/message-plan.js";
import { ann, input, isSet, prop, RUNTIME, type CodecContext } from "./codec-source.js";
import type { Printer } from "./printer.js";

/**
 * Prints a codec's `create(partial)`: a fresh message at its defaults, then
 * each field the partial sets, in field order. Nested messages (fields, list
 * elements, map values, oneof members) are created from their own partials
 * in turn, so the result is a whole message; lists and maps are copied.
 */
export function emitCreate(p: Printer, ctx: CodecContext, id: string, plan: MessagePlan): void {
  const missing = ctx.lang === "ts" ? "partial === undefined" : "partial == null";
  p.block(`create(partial${ann(ctx, `?: ${RUNTIME.PartialMessage}<${id}>`)})${ann(ctx, `: ${id}`)} {`, () => {
    p.line(`const m = $new_${id}();`);
    p.line(`if (${missing}) return m;`);
    for (const f of plan.fields) if (f.oneofIndex === undefined) emitCreateField(p, ctx, f);
    for (const o of plan.oneofs) {
      const from = input(ctx, "partial", o.localName);
      const to = prop(ctx, "m", o.localName);
      o.fields.forEach((f, i) => {
        const c = JSON.stringify(f.localName);
        p.line(`${i === 0 ? "" : "else "}if (${from}?.case === ${c}) ${to} = { case: ${c}, value: ${copyValue(ctx, f, `${from}.value`)} };`);
      });
    }
    p.line(`if (${isSet(ctx, "partial.$unknown")}) m.$unknown = partial.$unknown.slice();`);
    p.line("return m;");
  }, "},");
}

/** One value of `f` taken from a partial: a message is created from it, anything else is kept. */
function copyValue(ctx: CodecContext, f: FieldPlan, v: string): string {
  return f.scalar ? v : `${ctx.typeRef(f.typeName!)}.create(${v})`;
}

function emitCreateField(p: Printer, ctx: CodecContext, f: FieldPlan): void {
  const from = input(ctx, "partial", f.localName);
  const to = prop(ctx, "m", f.localName);
  if (f.map) {
    const value = f.map.value;
    if (value.scalar) p.line(`if (${isSet(ctx, from)}) ${to} = new Map(${from});`);
    else p.line(`if (${isSet(ctx, from)}) for (const [k, v] of ${from}) ${to}.set(k, ${copyValue(ctx, value, "v")});`);
  } else if (f.repeated) {
    const copy = f.scalar ? `${from}.slice()` : `${from}.map((v) => ${copyValue(ctx, f, "v")})`;
    p.line(`if (${isSet(ctx, from)}) ${to} = ${copy};`);
  } else {
    p.line(`if (${isSet(ctx, from)}) ${to} = ${copyValue(ctx, f, from)};`);
  }
}
