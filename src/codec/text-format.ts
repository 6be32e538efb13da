import { FieldType } from "../schema/descriptor.js";
import { DynamicCodec, type DynamicMessage, type OneofValue } from "./dynamic.js";
import type { FieldPlan } from "./message-plan.js";
import type { TypeLookup } from "./message-plan.js";

/**
 * Protobuf text format (what `protoc --encode` reads) into dynamic messages.
 * Enough of the format for test vectors and command-line input: fields by
 * name, `{}`/`<>` messages, `[a, b]` lists, map entries, groups by type
 * name, enums by name or number, every numeric and string literal form.
 * Extensions (`[pkg.ext]`) and `Any` expansion are not supported.
 */
export class TextFormatError extends Error {
  override name = "TextFormatError";
}

type Token = { kind: "ident" | "number" | "string" | "punct"; text: string; pos: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "#") { while (i < src.length && src[i] !== "\n") i++; continue; }
    const start = i;
    if (c === '"' || c === "'") {
      i++;
      while (i < src.length && src[i] !== c) {
        if (src[i] === "\\") i++;
        if (src[i] === "\n") throw new TextFormatError(`unterminated string at ${start}`);
        i++;
      }
      if (i >= src.length) throw new TextFormatError(`unterminated string at ${start}`);
      i++;
      out.push({ kind: "string", text: src.slice(start, i), pos: start });
    } else if (/[0-9.\-+]/.test(c)) {
      i++;
      while (i < src.length && /[0-9A-Za-z_.+\-]/.test(src[i]!)) {
        if ((src[i] === "-" || src[i] === "+") && !/[eE]/.test(src[i - 1]!)) break;
        i++;
      }
      out.push({ kind: "number", text: src.slice(start, i), pos: start });
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < src.length && /[A-Za-z0-9_.]/.test(src[i]!)) i++;
      out.push({ kind: "ident", text: src.slice(start, i), pos: start });
    } else if ("{}<>[]:,;/".includes(c)) {
      i++;
      out.push({ kind: "punct", text: c, pos: start });
    } else {
      throw new TextFormatError(`unexpected character ${JSON.stringify(c)} at ${start}`);
    }
  }
  return out;
}

/** Decodes a C-style escaped string literal body into bytes. */
function unescapeBytes(quoted: string): Uint8Array {
  const body = quoted.slice(1, -1);
  const out: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      const cp = body.codePointAt(i)!;
      if (cp > 0xffff) i++;
      out.push(...enc.encode(String.fromCodePoint(cp)));
      continue;
    }
    const e = body[++i]!;
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, a: 7, b: 8, f: 12, v: 11, "\\": 92, "'": 39, '"': 34, "?": 63 };
    if (e in simple) out.push(simple[e]!);
    else if (/[0-7]/.test(e)) {
      let j = i;
      while (j < i + 3 && /[0-7]/.test(body[j] ?? "")) j++;
      out.push(parseInt(body.slice(i, j), 8) & 0xff);
      i = j - 1;
    } else if (e === "x") {
      let j = i + 1;
      while (j < i + 3 && /[0-9a-fA-F]/.test(body[j] ?? "")) j++;
      out.push(parseInt(body.slice(i + 1, j), 16));
      i = j - 1;
    } else if (e === "u" || e === "U") {
      const n = e === "u" ? 4 : 8;
      out.push(...enc.encode(String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + n), 16))));
      i += n;
    } else throw new TextFormatError(`unknown escape \\${e}`);
  }
  return Uint8Array.from(out);
}

function parseInteger(text: string): bigint {
  const neg = text.startsWith("-");
  const t = neg ? text.slice(1) : text;
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) v = BigInt(t);
  else if (/^0[0-7]+$/.test(t)) v = BigInt("0o" + t.slice(1));
  else if (/^[0-9]+$/.test(t)) v = BigInt(t);
  else throw new TextFormatError(`not an integer: ${text}`);
  return neg ? -v : v;
}

function parseFloatLiteral(text: string): number {
  let t = text.toLowerCase();
  if (/^[-+]?[0-9.]+(e[-+]?[0-9]+)?f$/.test(t)) t = t.slice(0, -1); // "1.5f"
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (t === "nan" || t === "-nan") return NaN;
  const v = Number(t);
  if (Number.isNaN(v)) throw new TextFormatError(`not a number: ${text}`);
  return v;
}

const INT_RANGES = new Map<number, [bigint, bigint]>([
  [FieldType.Int32, [-(2n ** 31n), 2n ** 31n - 1n]],
  [FieldType.Sint32, [-(2n ** 31n), 2n ** 31n - 1n]],
  [FieldType.Sfixed32, [-(2n ** 31n), 2n ** 31n - 1n]],
  [FieldType.Uint32, [0n, 2n ** 32n - 1n]],
  [FieldType.Fixed32, [0n, 2n ** 32n - 1n]],
  [FieldType.Int64, [-(2n ** 63n), 2n ** 63n - 1n]],
  [FieldType.Sint64, [-(2n ** 63n), 2n ** 63n - 1n]],
  [FieldType.Sfixed64, [-(2n ** 63n), 2n ** 63n - 1n]],
  [FieldType.Uint64, [0n, 2n ** 64n - 1n]],
  [FieldType.Fixed64, [0n, 2n ** 64n - 1n]],
]);

class TextParser {
  private i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly codec: DynamicCodec,
    private readonly types: TypeLookup,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new TextFormatError("unexpected end of input");
    return t;
  }

  private accept(punct: string): boolean {
    const t = this.peek();
    if (t?.kind === "punct" && t.text === punct) {
      this.i++;
      return true;
    }
    return false;
  }

  message(typeName: string, close: string | undefined): DynamicMessage {
    const m = this.codec.messageType(typeName).create();
    const plan = this.codec.plan(typeName);
    for (;;) {
      const t = this.peek();
      if (t === undefined) {
        if (close !== undefined) throw new TextFormatError(`missing ${close}`);
        return m;
      }
      if (t.kind === "punct" && t.text === close) {
        this.i++;
        return m;
      }
      const name = this.next();
      if (name.kind !== "ident") throw new TextFormatError(`expected a field name at ${name.pos}, got ${name.text}`);
      const f = plan.fields.find((x) => x.protoName === name.text || (x.type === FieldType.Group && x.typeName?.split(".").pop() === name.text));
      if (!f) throw new TextFormatError(`${typeName} has no field ${name.text}`);
      const isMessage = f.type === FieldType.Message || f.type === FieldType.Group;
      if (!this.accept(":") && !isMessage) throw new TextFormatError(`expected ':' after ${name.text}`);
      if (this.accept("[")) {
        if (!this.accept("]")) {
          do this.store(m, plan.oneofs, f); while (this.accept(","));
          if (!this.accept("]")) throw new TextFormatError("expected ']'");
        }
      } else {
        this.store(m, plan.oneofs, f);
      }
      this.accept(",") || this.accept(";");
    }
  }

  private store(m: DynamicMessage, oneofs: { localName: string }[], f: FieldPlan): void {
    if (f.map) {
      const entry = this.subMessage(f.typeName!);
      const map = m[f.localName] as Map<unknown, unknown>;
      map.set(entry["key"], entry["value"]);
      return;
    }
    const v = f.scalar ? this.scalar(f) : this.subMessage(f.typeName!);
    if (f.repeated) (m[f.localName] as unknown[]).push(v);
    else if (f.oneofIndex !== undefined) m[oneofs[f.oneofIndex]!.localName] = { case: f.localName, value: v } satisfies OneofValue;
    else m[f.localName] = v;
  }

  private subMessage(typeName: string): DynamicMessage {
    const open = this.next();
    if (open.kind !== "punct" || (open.text !== "{" && open.text !== "<")) throw new TextFormatError(`expected '{' at ${open.pos}`);
    return this.message(typeName, open.text === "{" ? "}" : ">");
  }

  private scalar(f: FieldPlan): unknown {
    const t = this.next();
    switch (f.type) {
      case FieldType.String:
      case FieldType.Bytes: {
        if (t.kind !== "string") throw new TextFormatError(`expected a string at ${t.pos}`);
        const parts = [unescapeBytes(t.text)];
        while (this.peek()?.kind === "string") parts.push(unescapeBytes(this.next().text));
        const bytes = Uint8Array.from(parts.flatMap((p) => [...p]));
        return f.type === FieldType.Bytes ? bytes : new TextDecoder().decode(bytes);
      }
      case FieldType.Bool:
        if (["true", "t", "1"].includes(t.text)) return true;
        if (["false", "f", "0"].includes(t.text)) return false;
        throw new TextFormatError(`expected a bool at ${t.pos}`);
      case FieldType.Double:
        return parseFloatLiteral(t.text);
      case FieldType.Float:
        return Math.fround(parseFloatLiteral(t.text));
      case FieldType.Enum: {
        if (t.kind === "ident") {
          const e = this.types.enum(f.typeName!);
          const v = e?.descriptor.value.find((x) => x.name === t.text);
          if (!v) throw new TextFormatError(`unknown enum value ${t.text}`);
          return v.number ?? 0;
        }
        return Number(parseInteger(t.text));
      }
      default: {
        const v = parseInteger(t.text);
        const range = INT_RANGES.get(f.type)!;
        if (v < range[0] || v > range[1]) throw new TextFormatError(`${t.text} is out of range for field ${f.protoName}`);
        return f.scalar!.isBigint ? v : Number(v);
      }
    }
  }
}

/** Parses text format into a dynamic message of `typeName` (fully qualified, no leading dot). */
export function parseTextFormat(text: string, typeName: string, types: TypeLookup, codec = new DynamicCodec(types)): DynamicMessage {
  return new TextParser(tokenize(text), codec, types).message(typeName, undefined);
}
