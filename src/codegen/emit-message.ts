import type { DescriptorProto } from "../schema/descriptor.js";
import { FieldType } from "../schema/descriptor.js";
import { planMessage, type FieldPlan, type MessagePlan } from "../codec/message-plan.js";
import { ann, describeField, input, isSet, note, prop, RUNTIME, valueType, zeroOf, type CodecContext } from "./codec-source.js";
import { emitCreate } from "./emit-create.js";
import { emitInterface } from "./emit-interface.js";
import type { FileContext } from "./file-context.js";
import type { Printer } from "./printer.js";
import { propertyAccess, typeIdentifier } from "./ts-names.js";

export type { CodecContext } from "./codec-source.js";

/**
 * Prints one message: its interface and its codec object (create, encode,
 * decode, write, read). Every field's tag is a precomputed number, and
 * decoding is a `switch` on the tag, so nothing is looked up at run time.
 *
 * The same printer serves the dynamic codec (src/codec/dynamic.ts), which
 * compiles a message's plan to JavaScript once at run time: see
 * `CodecContext.lang`. Generated and dynamic codecs are one code path.
 */
export function emitMessage(p: Printer, ctx: FileContext, nameInFile: string, fullName: string, message: DescriptorProto): void {
  const plan = planMessage(fullName, message, ctx.file.syntax ?? "proto2", ctx);
  const id = typeIdentifier(nameInFile);
  emitInterface(p, ctx, id, fullName, plan);
  emitCodec(p, ctx, id, fullName, plan);
}

/** Writes a precomputed tag: one raw byte for fields 1-15. */
function writeTag(tag: number): string {
  return tag < 0x80 ? `w.byte(${tag})` : `w.uint32(${tag})`;
}

/** Writes a tag and reserves a length byte; returns the reserved byte's position. */
function beginField(tag: number): string {
  return tag < 0x80 ? `w.tagBegin(${tag})` : `w.uint32(${tag}).beginLength()`;
}

/**
 * Writer verbs that also write a one-byte tag: the commonest fields in one
 * call (strings, and int64 ids and timestamps) instead of two.
 */
const TAGGED_VERBS: Partial<Record<string, string>> = { string: "tagString", int64: "tagInt64", uint64: "tagInt64" };
/** Verbs for a proto3 implicit-presence field with a one-byte tag that write nothing for the default. */
const IF_SET_VERBS: Partial<Record<string, string>> = { int64: "tagInt64IfSet", uint64: "tagInt64IfSet" };

/** The properties every fresh message starts with, in order: [name, value expression]. */
function initialFields(ctx: CodecContext, plan: MessagePlan): [string, string][] {
  const out: [string, string][] = [];
  for (const f of plan.fields) {
    if (f.oneofIndex !== undefined) continue;
    if (f.map) out.push([f.localName, "new Map()"]);
    else if (f.repeated) out.push([f.localName, "[]"]);
    else if (f.presence === "implicit" || (f.presence === "required" && f.scalar)) out.push([f.localName, zeroOf(ctx, f)]);
  }
  for (const o of plan.oneofs) out.push([o.localName, "{ case: undefined }"]);
  return out;
}

/**
 * Prints `$fields_<id>`, `$new_<id>` and the codec object `<id>`. In "ts" the
 * object is exported; in "js", `id` names an existing object (the dynamic
 * codec's stable handle for the type) that receives the methods.
 */
export function emitCodec(p: Printer, ctx: CodecContext, id: string, fullName: string, plan: MessagePlan): void {
  const ts = ctx.lang === "ts";
  const names = plan.fields.map((f) => `[${f.number}, ${JSON.stringify(f.protoName)}]`).join(", ");
  p.line(`const $fields_${id} = new Map${ann(ctx, "<number, string>")}([${names}]);`);
  p.line();
  if (ts) {
    // A constructor rather than an object literal: V8 then keeps room inside
    // each message for the fields set only later (messages, proto3 optional)
    // instead of giving them a separate property store. Its prototype is
    // Object.prototype, so messages are plain objects all the same.
    p.block(`function $Message_${id}(this: ${id}): void {`, () => {
      for (const [name, value] of initialFields(ctx, plan)) p.line(`${propertyAccess("this", name)} = ${value};`);
    });
    p.line(`$Message_${id}.prototype = Object.prototype;`);
    p.line(`/** Fresh ${id} with every field at its default. */`);
    p.block(`function $new_${id}(): ${id} {`, () => {
      p.line(`return new ($Message_${id} as unknown as new () => ${id})();`);
    });
  } else {
    // A constructor assigning every field in order: all messages of the type
    // share one hidden class, and the prototype has no prototype of its own.
    p.block("function $Message() {", () => {
      for (const [name, value] of initialFields(ctx, plan)) p.line(`${prop(ctx, "this", name)} = ${value};`);
    });
    p.line("$Message.prototype = Object.create(null);");
    p.line(`function $new_${id}() { return new $Message(); }`);
  }
  p.line();
  p.block(ts ? `export const ${id}: ${RUNTIME.MessageCodec}<${id}> = {` : `Object.assign(${id}, {`, () => {
    p.line(`typeName: ${JSON.stringify(fullName)},`);
    p.line();
    emitCreate(p, ctx, id, plan);
    p.line();
    p.block(`encode(message${ann(ctx, `: ${RUNTIME.PartialMessage}<${id}>`)})${ann(ctx, ": Uint8Array")} {`, () => {
      p.line(`const w = new ${RUNTIME.Writer}();`);
      // catch, not finally: V8 runs a try/finally's bookkeeping on every call.
      p.block("try {", () => {
        p.line(`${id}.write(message, w);`);
        p.line("return w.finish();");
      }, "} catch (e) {");
      p.indent(() => {
        p.line(`w.release();${note(ctx, "a message that fails to encode must not keep the shared buffer")}`);
        p.line("throw e;");
      });
      p.line("}");
    }, "},");
    p.line();
    p.block(`decode(bytes${ann(ctx, ": Uint8Array")})${ann(ctx, `: ${id}`)} {`, () => {
      p.line(`return ${id}.read(new ${RUNTIME.Reader}(bytes));`);
    }, "},");
    p.line();
    if (ts) p.line("/** Fields in number order, as protoc writes them; proto3 defaults (and missing fields) are skipped. */");
    p.block(`write(m${ann(ctx, `: ${RUNTIME.PartialMessage}<${id}>`)}, w${ann(ctx, `: ${RUNTIME.Writer}`)})${ann(ctx, ": void")} {`, () => {
      for (const f of plan.fields) emitWriteField(p, ctx, plan, f);
      p.line(`if (${isSet(ctx, "m.$unknown")}) w.unknown(m.$unknown);`);
    }, "},");
    p.line();
    p.block(`read(r${ann(ctx, `: ${RUNTIME.Reader}`)}, into${ann(ctx, `?: ${id}`)}, endGroupTag${ann(ctx, "?: number")})${ann(ctx, `: ${id}`)} {`, () => {
      p.line(`const m = into ?? $new_${id}();`);
      p.line("let tag = 0;");
      p.block("try {", () => {
        p.block("while (r.pos < r.end) {", () => {
          p.line("tag = r.tag();");
          p.block("switch (tag) {", () => {
            for (const f of plan.fields) emitReadField(p, ctx, plan, f);
            p.line("default:");
            p.indent(() => {
              // No field's tag has wire type 4, so a group's end tag lands here.
              p.line("if (tag === endGroupTag) return m;");
              p.line("(m.$unknown ??= []).push(r.unknown(tag));");
            });
          });
        });
        // Not in any field: named by the message alone.
        p.line(`if (endGroupTag !== undefined) throw r.error("group has no end-group tag").withContext(${JSON.stringify(fullName)});`);
      }, "} catch (e) {");
      p.indent(() => p.line(`throw ${RUNTIME.withFieldContext}(e, ${JSON.stringify(fullName)}, tag, $fields_${id});`));
      p.line("}");
      p.line("return m;");
    }, "},");
  }, ts ? "};" : "});");
  p.line();
}

/** The statement writing one value `v` of field `f` with its unpacked tag. */
function writeOne(ctx: CodecContext, f: FieldPlan, v: string): string {
  if (f.scalar) {
    const verb = writeVerb(f);
    const tagged = TAGGED_VERBS[verb];
    if (tagged !== undefined && f.unpackedTag < 0x80) return `w.${tagged}(${f.unpackedTag}, ${v});`;
    return `${writeTag(f.unpackedTag)}.${verb}(${v});`;
  }
  const t = ctx.typeRef(f.typeName!);
  // Several statements: braced, so it can follow an `if` or `for`.
  if (f.type === FieldType.Group) return `{ ${writeTag(f.unpackedTag)}; ${t}.write(${v}, w); ${writeTag(f.endGroupTag!)}; }`;
  return `{ const at = ${beginField(f.unpackedTag)}; ${t}.write(${v}, w); w.endLength(at); }`;
}

function writeVerb(f: FieldPlan): string {
  return f.type === FieldType.Enum ? "int32" : f.scalar!.verb;
}

function readVerb(f: FieldPlan): string {
  if (f.type === FieldType.Enum) return "int32";
  if (f.type === FieldType.String) return f.validateUtf8 ? "string" : "stringLossy";
  return f.scalar!.verb;
}

/**
 * The condition under which a proto3 implicit-presence scalar is written.
 * Encoders accept partial objects (a missing field is its default), so
 * `undefined` is never written either.
 */
function notDefault(ctx: CodecContext, f: FieldPlan, v: string): string {
  switch (f.type) {
    case FieldType.Bytes: return `${isSet(ctx, v)} && ${v}.length !== 0`;
    case FieldType.Double:
    case FieldType.Float:
      // -0.0 and NaN are written too: protoc compares the bits, not the value.
      return `${isSet(ctx, v)} && (${v} !== 0 || 1 / ${v} < 0)`;
    // "", false, 0 and 0n are the defaults, and falsy like undefined.
    default: return `${v}`;
  }
}

function emitWriteField(p: Printer, ctx: CodecContext, plan: MessagePlan, f: FieldPlan): void {
  const v = input(ctx, "m", f.localName);
  if (ctx.lang === "ts") p.line(`// ${describeField(f)}`);
  if (f.oneofIndex !== undefined) {
    const o = input(ctx, "m", plan.oneofs[f.oneofIndex]!.localName);
    p.line(`if (${o}?.case === ${JSON.stringify(f.localName)}) ${writeOne(ctx, f, `${o}.value`)}`);
  } else if (f.map) {
    const { key, value } = f.map;
    p.block(`if (${isSet(ctx, v)}) for (const [k, v] of ${v}) {`, () => {
      p.line(`const entry = ${beginField(f.tag)};`);
      p.line(writeOne(ctx, key, "k"));
      // The dynamic codec takes a missing map value as the default, as protoc does.
      p.line(writeOne(ctx, value, ctx.lang === "ts" ? "v" : `(v ?? ${zeroOf(ctx, value)})`));
      p.line("w.endLength(entry);");
    });
  } else if (f.repeated && f.packed) {
    p.block(`if (${isSet(ctx, v)} && ${v}.length !== 0) {`, () => {
      p.line(`const at = ${beginField(f.tag)};`);
      p.line(`for (const v of ${v}) w.${writeVerb(f)}(v);`);
      p.line("w.endLength(at);");
    });
  } else if (f.repeated) {
    p.line(`if (${isSet(ctx, v)}) for (const v of ${v}) ${writeOne(ctx, f, "v")}`);
  } else if (f.presence === "implicit" && IF_SET_VERBS[writeVerb(f)] !== undefined && f.unpackedTag < 0x80) {
    // The verb skips the default itself, more cheaply than testing a bigint for truth.
    p.line(`w.${IF_SET_VERBS[writeVerb(f)]}(${f.unpackedTag}, ${v});`);
  } else if (f.presence === "implicit") {
    p.line(`if (${notDefault(ctx, f, v)}) ${writeOne(ctx, f, v)}`);
  } else if (f.presence === "required" && f.scalar) {
    // Always written; missing from a partial, it is its default (as in create()).
    p.line(writeOne(ctx, f, `(${v} ?? ${zeroOf(ctx, f)})`));
  } else {
    p.line(`if (${isSet(ctx, v)}) ${writeOne(ctx, f, v)}`);
  }
}

/** Statements reading one value of `f` into `target` (an assignable expression), merging messages. */
function readOne(ctx: CodecContext, f: FieldPlan, assign: (value: string) => string, existing: string): string[] {
  if (f.scalar) return [assign(`r.${readVerb(f)}()`)];
  const t = ctx.typeRef(f.typeName!);
  if (f.type === FieldType.Group) {
    return ["r.beginGroup();", assign(`${t}.read(r, ${existing}, ${f.endGroupTag})`), "r.endGroup();"];
  }
  return ["const end = r.beginMessage();", assign(`${t}.read(r, ${existing})`), "r.endMessage(end);"];
}

function emitReadField(p: Printer, ctx: CodecContext, plan: MessagePlan, f: FieldPlan): void {
  const v = prop(ctx, "m", f.localName);
  if (f.map) {
    const { key, value } = f.map;
    p.line(`case ${f.tag}: {${note(ctx, `${f.protoName}: one map entry, a message { key = 1; value = 2; }`)}`);
    p.indent(() => {
      p.line("const end = r.beginMessage();");
      p.line(`let k${ann(ctx, () => `: ${valueType(ctx, key)}`)} = ${zeroOf(ctx, key)};`);
      p.line(`let v${ann(ctx, () => `: ${valueType(ctx, value)} | undefined`)};`);
      p.block("try {", () => {
        p.block("while (r.pos < r.end) {", () => {
          p.line("const t = r.tag();");
          p.line(`if (t === ${key.unpackedTag}) k = r.${readVerb(key)}();`);
          if (value.scalar) p.line(`else if (t === ${value.unpackedTag}) v = r.${readVerb(value)}();`);
          else {
            p.block(`else if (t === ${value.unpackedTag}) {`, () => {
              for (const s of readOne(ctx, value, (x) => `v = ${x};`, "v")) p.line(s.replace("const end", "const inner").replace("endMessage(end)", "endMessage(inner)"));
            });
          }
          p.line("else r.skip(t);");
        });
      }, "} catch (e) {");
      // A bad tag inside the entry is in the entry's message; anything else is in this map field.
      p.indent(() => p.line(`throw ${RUNTIME.withTagContext}(e, ${JSON.stringify(f.typeName)});`));
      p.line("}");
      p.line("r.endMessage(end);");
      p.line(`${v}.set(k, v ?? ${zeroOf(ctx, value)});`);
      p.line("break;");
    });
    p.line("}");
    return;
  }
  const closed = f.closedEnumValues ? ctx.closedEnumSet(f.typeName!, f.closedEnumValues) : undefined;
  if (f.repeated) {
    // Appends with an indexed store, which V8 inlines; `list.push(x)` on an
    // array loaded from a field is a call to the push builtin.
    const append = (x: string): string => `list[list.length] = ${x};`;
    if (f.packedTag !== undefined) {
      p.line(`case ${f.packedTag}: {${note(ctx, `${f.protoName}, packed: LEN then values`)}`);
      p.indent(() => {
        p.line("const outer = r.beginPacked();");
        p.line(`const list = ${v};`);
        if (closed) p.line(`while (r.pos < r.end) { const at = r.pos; const e = r.int32(); if (${closed}.has(e)) ${append("e")} else (m.$unknown ??= []).push($unknownEnum(${f.unpackedTag}, r.buf.subarray(at, r.pos))); }`);
        else p.line(`while (r.pos < r.end) ${append(`r.${readVerb(f)}()`)}`);
        p.line("r.endPacked(outer);");
        p.line("break;");
      });
      p.line("}");
    }
    p.line(`case ${f.unpackedTag}: {${note(ctx, `${f.protoName}${f.packedTag !== undefined ? ", one value (unpacked form)" : ""}`)}`);
    p.indent(() => {
      p.line(`const list = ${v};`);
      if (closed) p.line(`const e = r.int32(); if (${closed}.has(e)) ${append("e")} else (m.$unknown ??= []).push(r.raw(r.tagStart, r.pos));`);
      else for (const s of readOne(ctx, f, append, "undefined")) p.line(s);
      p.line("break;");
    });
    p.line("}");
    return;
  }
  p.line(`case ${f.tag}: {${note(ctx, f.protoName)}`);
  p.indent(() => {
    if (f.oneofIndex !== undefined) {
      const o = prop(ctx, "m", plan.oneofs[f.oneofIndex]!.localName);
      const c = JSON.stringify(f.localName);
      const existing = f.scalar ? "undefined" : `${o}.case === ${c} ? ${o}.value : undefined`;
      if (closed) p.line(`const e = r.int32(); if (${closed}.has(e)) ${o} = { case: ${c}, value: e }; else (m.$unknown ??= []).push(r.raw(r.tagStart, r.pos));`);
      else for (const s of readOne(ctx, f, (x) => `${o} = { case: ${c}, value: ${x} };`, existing)) p.line(s);
    } else if (closed) {
      p.line(`const e = r.int32(); if (${closed}.has(e)) ${v} = e; else (m.$unknown ??= []).push(r.raw(r.tagStart, r.pos));`);
    } else {
      for (const s of readOne(ctx, f, (x) => `${v} = ${x};`, v)) p.line(s);
    }
    p.line("break;");
  });
  p.line("}");
}
