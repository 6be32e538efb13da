/**
 * Messages and everything inside them: fields (scalar, named, map, group),
 * oneofs, extend blocks, extension ranges, reserved ranges and names, and the
 * bracketed field options with their two pseudo-options, `default` and
 * `json_name`, which are fields of FieldDescriptorProto rather than options.
 */
import {
  FieldLabel,
  FieldType,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
} from "./descriptor.js";
import { cEscape, floatValue, formatDouble, formatFloat, integerValue, INTEGER_RANGE, literalBytes } from "./default-values.js";
import { jsonName, mapEntryName } from "./names.js";
import type { OptionEntry, OptionsKind, ParsedFile, Span } from "./parsed-file.js";
import { stringLiteralText, Tok, type Tokenizer } from "./tokenizer.js";

/** How deep messages (and groups) may nest. protoc has no limit; ours keeps the stack safe. */
export const MAX_MESSAGE_DEPTH = 64;

/** The scalar type keywords of the language spec. */
export const SCALAR_TYPES = new Map<string, FieldType>([
  ["double", FieldType.Double],
  ["float", FieldType.Float],
  ["int64", FieldType.Int64],
  ["uint64", FieldType.Uint64],
  ["int32", FieldType.Int32],
  ["fixed64", FieldType.Fixed64],
  ["fixed32", FieldType.Fixed32],
  ["bool", FieldType.Bool],
  ["string", FieldType.String],
  ["bytes", FieldType.Bytes],
  ["uint32", FieldType.Uint32],
  ["sfixed32", FieldType.Sfixed32],
  ["sfixed64", FieldType.Sfixed64],
  ["sint32", FieldType.Sint32],
  ["sint64", FieldType.Sint64],
]);

/** options bytes of a generated map entry: MessageOptions.map_entry (7) = true. */
const MAP_ENTRY_OPTIONS = [0x38, 0x01];

export function newMessage(name: string): DescriptorProto {
  return {
    name,
    field: [],
    extension: [],
    nestedType: [],
    enumType: [],
    extensionRange: [],
    oneofDecl: [],
    reservedRange: [],
    reservedName: [],
  };
}

/** Where the fields being parsed go. */
interface FieldContext {
  fields: FieldDescriptorProto[];
  /** Where groups and map entries become messages. */
  messages: DescriptorProto[];
  depth: number;
  oneofIndex?: number;
  extendee?: string;
  extendeeAt?: number;
}

export abstract class MessageParser {
  protected readonly t: Tokenizer;
  protected readonly info: ParsedFile;

  constructor(t: Tokenizer, info: ParsedFile) {
    this.t = t;
    this.info = info;
  }

  abstract parseEnum(): EnumDescriptorProto;
  abstract parseOptionStatement(owner: { options?: Uint8Array }, kind: OptionsKind): void;
  abstract optionAssignment(): OptionEntry;
  abstract addOption(owner: { options?: Uint8Array }, kind: OptionsKind, entry: OptionEntry): void;

  protected endStatement(): void {
    this.t.expect(";");
  }

  /** A non-negative integer token no larger than `max`. */
  protected integer(what: string, max: number): number {
    const t = this.t;
    if (t.kind !== Tok.Int) throw t.error(what);
    const text = t.text;
    // Short decimals (nearly every field number) need no BigInt.
    const v = text.length < 10 && text.charCodeAt(0) !== 48 ? Number(text) : integerValue(text);
    if (v > max) throw t.error("Integer out of range.");
    t.next();
    return Number(v);
  }

  /** A message or enum name as written: `Foo`, `pkg.Foo`, `.pkg.Foo`. */
  protected typeName(): string {
    const t = this.t;
    let name = "";
    if (t.eat(".")) name = ".";
    name += t.ident("Expected type name.");
    while (t.eat(".")) name += "." + t.ident("Expected identifier.");
    return name;
  }

  protected reservedNames(out: string[]): void {
    const t = this.t;
    do {
      if (t.kind !== Tok.String) throw t.error("Expected field name.");
      out.push(stringLiteralText(t.text));
      t.next();
    } while (t.eat(","));
    this.endStatement();
  }

  // ---- messages ------------------------------------------------------------

  /** `message Name { ... }`, the current token being `message`. */
  parseMessage(depth: number): DescriptorProto {
    const t = this.t;
    const start = t.start;
    t.next();
    const nameAt = t.start;
    const msg = newMessage(t.ident("Expected message name."));
    this.info.spans.set(msg, { start, name: nameAt });
    this.parseMessageBody(msg, depth + 1);
    return msg;
  }

  private parseMessageBody(msg: DescriptorProto, depth: number): void {
    const t = this.t;
    if (depth > MAX_MESSAGE_DEPTH) throw t.error(`Messages are nested more than ${MAX_MESSAGE_DEPTH} levels deep.`);
    t.expect("{");
    const ctx: FieldContext = { fields: msg.field, messages: msg.nestedType, depth };
    while (!t.eat("}")) {
      if (t.kind === Tok.End) throw t.error("Reached end of input in message definition (missing '}').");
      if (t.eat(";")) continue;
      switch (t.kind === Tok.Ident ? t.text : "") {
        case "message":
          msg.nestedType.push(this.parseMessage(depth));
          break;
        case "enum":
          msg.enumType.push(this.parseEnum());
          break;
        case "extensions":
          this.parseExtensions(msg);
          break;
        case "reserved":
          this.parseReserved(msg);
          break;
        case "extend":
          this.parseExtend(msg.extension, msg.nestedType, depth);
          break;
        case "option":
          this.parseOptionStatement(msg, "MessageOptions");
          break;
        case "oneof":
          this.parseOneof(msg, depth);
          break;
        default:
          this.parseField(ctx);
      }
    }
    this.addSyntheticOneofs(msg);
  }

  /**
   * proto3 `optional` fields each get a oneof of their own ("synthetic"),
   * after the real ones, named "_" + field name, with "X" prepended until the
   * name is unused by fields and oneofs (protoc's rule).
   */
  private addSyntheticOneofs(msg: DescriptorProto): void {
    let names: Set<string> | undefined;
    for (const f of msg.field) {
      if (f.proto3Optional !== true) continue;
      if (names === undefined) {
        names = new Set();
        for (const g of msg.field) names.add(g.name!);
        for (const o of msg.oneofDecl) names.add(o.name!);
      }
      let name = f.name!.startsWith("_") ? f.name! : "_" + f.name!;
      while (names.has(name)) name = "X" + name;
      names.add(name);
      f.oneofIndex = msg.oneofDecl.length;
      msg.oneofDecl.push({ name });
    }
  }

  private parseOneof(msg: DescriptorProto, depth: number): void {
    const t = this.t;
    const start = t.start;
    t.next();
    const nameAt = t.start;
    const oneof = { name: t.ident("Expected oneof name.") } as { name: string; options?: Uint8Array };
    const index = msg.oneofDecl.length;
    msg.oneofDecl.push(oneof);
    this.info.spans.set(oneof, { start, name: nameAt });
    t.expect("{");
    const ctx: FieldContext = { fields: msg.field, messages: msg.nestedType, depth, oneofIndex: index };
    const before = msg.field.length;
    for (;;) {
      if (t.is("}")) {
        // protoc wants a field before the closing brace.
        if (msg.field.length === before) throw t.error("Expected type name.");
        t.next();
        break;
      }
      if (t.kind === Tok.End) throw t.error("Reached end of input in oneof definition (missing '}').");
      if (t.eat(";")) continue;
      if (t.is("option")) {
        this.parseOptionStatement(oneof, "OneofOptions");
        continue;
      }
      if (t.is("required") || t.is("optional") || t.is("repeated")) {
        throw t.error("Fields in oneofs must not have labels (required / optional / repeated).");
      }
      this.parseField(ctx);
    }
  }

  /** `extend Foo { fields }`: fields become extensions of the enclosing scope. */
  protected parseExtend(extensions: FieldDescriptorProto[], messages: DescriptorProto[], depth: number): void {
    const t = this.t;
    t.next();
    const extendeeAt = t.start;
    const extendee = this.typeName();
    t.expect("{");
    const ctx: FieldContext = { fields: extensions, messages, depth, extendee, extendeeAt };
    while (!t.eat("}")) {
      if (t.kind === Tok.End) throw t.error("Reached end of input in extend definition (missing '}').");
      if (t.eat(";")) continue;
      this.parseField(ctx);
    }
  }

  // ---- fields --------------------------------------------------------------

  private parseField(ctx: FieldContext): void {
    const t = this.t;
    const proto3 = this.info.syntax === "proto3";
    const start = t.start;
    const field: FieldDescriptorProto = { name: "" };
    let label: FieldLabel | undefined;
    if (ctx.oneofIndex === undefined) {
      if (t.eat("optional")) {
        label = FieldLabel.Optional;
        if (proto3) field.proto3Optional = true;
      } else if (t.eat("repeated")) {
        label = FieldLabel.Repeated;
      } else if (t.eat("required")) {
        if (proto3) throw t.error("Required fields are not allowed in proto3.");
        label = FieldLabel.Required;
      }
    }
    const typeAt = t.start;
    let isGroup = false;
    let mapTypes: [FieldDescriptorProto, FieldDescriptorProto] | undefined;
    if (t.is("map")) {
      t.next();
      if (t.is("<")) {
        if (label !== undefined) throw t.error("Field labels (required/optional/repeated) are not allowed on map fields.");
        mapTypes = this.parseMapTypes();
      } else {
        field.typeName = "map";
        while (t.eat(".")) field.typeName += "." + t.ident();
      }
    } else if (t.is("group")) {
      if (proto3) throw t.error("Groups are not supported in proto3 syntax.");
      t.next();
      isGroup = true;
      field.type = FieldType.Group;
    } else {
      const scalar = t.kind === Tok.Ident ? SCALAR_TYPES.get(t.text) : undefined;
      if (scalar !== undefined) {
        field.type = scalar;
        t.next();
      } else {
        field.typeName = this.typeName();
      }
    }
    if (mapTypes !== undefined) {
      if (ctx.oneofIndex !== undefined) throw t.error("Map fields are not allowed in oneofs.", typeAt);
      if (ctx.extendee !== undefined) throw t.error("Map fields are not allowed to be extensions.", typeAt);
      label = FieldLabel.Repeated;
    } else if (label === undefined) {
      if (ctx.oneofIndex === undefined && !proto3) throw t.error('Expected "required", "optional", or "repeated".', typeAt);
      label = FieldLabel.Optional;
    }
    const nameAt = t.start;
    let name = t.ident("Expected field name.");
    if (isGroup) {
      const first = name.charCodeAt(0);
      if (!(first >= 65 && first <= 90)) throw t.error("Group names must start with a capital letter.", nameAt);
      field.typeName = name;
      name = name.toLowerCase();
    }
    field.name = name;
    t.expect("=");
    const numberAt = t.start;
    field.number = this.integer("Expected field number.", 2 ** 31 - 1);
    field.label = label;
    if (ctx.extendee !== undefined) field.extendee = ctx.extendee;
    if (ctx.oneofIndex !== undefined) field.oneofIndex = ctx.oneofIndex;
    const span: Span = { start, name: nameAt, number: numberAt, type: typeAt };
    if (ctx.extendeeAt !== undefined) span.extendee = ctx.extendeeAt;
    this.info.spans.set(field, span);
    if (t.is("[")) this.parseFieldOptions(field, span);
    if (field.jsonName === undefined) field.jsonName = jsonName(name);
    ctx.fields.push(field);

    if (isGroup) {
      const group = newMessage(field.typeName!);
      this.info.spans.set(group, { start, name: nameAt });
      ctx.messages.push(group);
      this.parseMessageBody(group, ctx.depth + 1);
    } else {
      this.endStatement();
    }
    if (mapTypes !== undefined) {
      const entry = newMessage(mapEntryName(name));
      entry.field.push(...mapTypes);
      entry.options = Uint8Array.from(MAP_ENTRY_OPTIONS);
      this.info.spans.set(entry, { start, name: nameAt });
      field.typeName = entry.name!;
      ctx.messages.push(entry);
    }
  }

  /** `<K, V>` of a map field: the key and value fields of the entry message. */
  private parseMapTypes(): [FieldDescriptorProto, FieldDescriptorProto] {
    const t = this.t;
    t.expect("<");
    const key = this.mapPart("key", 1);
    t.expect(",");
    const value = this.mapPart("value", 2);
    t.expect(">");
    return [key, value];
  }

  private mapPart(name: string, number: number): FieldDescriptorProto {
    const t = this.t;
    const typeAt = t.start;
    const f: FieldDescriptorProto = { name, number, label: FieldLabel.Optional };
    const scalar = t.kind === Tok.Ident ? SCALAR_TYPES.get(t.text) : undefined;
    if (scalar !== undefined) {
      f.type = scalar;
      t.next();
    } else {
      f.typeName = this.typeName();
    }
    f.jsonName = name;
    this.info.spans.set(f, { start: typeAt, name: typeAt, number: typeAt, type: typeAt });
    return f;
  }

  /** `[name = value, ...]` after a field; `default` and `json_name` are set on the field itself. */
  private parseFieldOptions(field: FieldDescriptorProto, span: Span): void {
    const t = this.t;
    t.expect("[");
    do {
      const entry = this.optionAssignmentOrPseudo(field, span);
      if (entry !== undefined) this.addOption(field, "FieldOptions", entry);
    } while (t.eat(","));
    t.expect("]");
  }

  /** `[opt = value, ...]` after an enum value or extension range. */
  protected parseBracketOptions(owner: { options?: Uint8Array }, kind: OptionsKind): void {
    const t = this.t;
    t.expect("[");
    do this.addOption(owner, kind, this.optionAssignment());
    while (t.eat(","));
    t.expect("]");
  }

  private optionAssignmentOrPseudo(field: FieldDescriptorProto, span: Span): OptionEntry | undefined {
    const t = this.t;
    const at = t.start;
    if (t.is("default") || t.is("json_name")) {
      const which = t.text;
      t.next();
      if (t.is("=")) {
        t.next();
        if (which === "default") {
          if (field.defaultValue !== undefined) throw t.error('Already set option "default".', at);
          span.defaultValue = t.start;
          if (this.info.syntax === "proto3") throw t.error("Explicit default values are not allowed in proto3.");
          field.defaultValue = this.defaultValue(field);
        } else {
          if (field.jsonName !== undefined) throw t.error('Already set option "json_name".', at);
          span.jsonName = at;
          if (t.kind !== Tok.String) throw t.error("Expected string for JSON name.");
          field.jsonName = stringLiteralText(t.text);
          t.next();
        }
        return undefined;
      }
      throw t.error('Expected "=".');
    }
    return this.optionAssignment();
  }

  /** The text protoc stores in default_value for a default written as the next tokens. */
  private defaultValue(field: FieldDescriptorProto): string {
    const t = this.t;
    const type = field.type;
    if (type === undefined || type === FieldType.Group) {
      // A named type: enum or message is unknown until resolution; keep the token.
      const text = t.text;
      t.next();
      return text;
    }
    if (type === FieldType.String || type === FieldType.Bytes) {
      if (t.kind !== Tok.String) throw t.error("Expected string.");
      const parts: string[] = [];
      while (t.kind === Tok.String) {
        parts.push(t.text);
        t.next();
      }
      const bytes = literalBytes(parts);
      if (type === FieldType.Bytes) return cEscape(bytes);
      return new TextDecoder().decode(Uint8Array.from(bytes));
    }
    if (type === FieldType.Bool) {
      if (t.is("true") || t.is("false")) {
        const v = t.text;
        t.next();
        return v;
      }
      throw t.error('Expected "true" or "false".');
    }
    const negative = t.eat("-");
    if (type === FieldType.Float || type === FieldType.Double) {
      if (t.kind !== Tok.Int && t.kind !== Tok.Float && !(t.is("inf") || t.is("nan"))) throw t.error("Expected number.");
      const v = floatValue(t.text, negative);
      t.next();
      return type === FieldType.Float ? formatFloat(Math.fround(v)) : formatDouble(v);
    }
    const range = INTEGER_RANGE.get(type)!;
    if (negative && range[0] === 0n) throw t.error("Unsigned field can't have negative default value.");
    if (t.kind !== Tok.Int) throw t.error("Expected integer for field default value.");
    let v = integerValue(t.text);
    if (negative) v = -v;
    if (v < range[0] || v > range[1]) throw t.error("Integer out of range.");
    t.next();
    return v.toString();
  }

  // ---- ranges --------------------------------------------------------------

  /** `extensions 100 to 199, 500 to max [options];` (end exclusive in the descriptor). */
  private parseExtensions(msg: DescriptorProto): void {
    const t = this.t;
    const start = t.start;
    t.next();
    const first = msg.extensionRange.length;
    this.numberRanges(msg.extensionRange, start);
    if (t.is("[")) {
      // The options apply to every range of the statement.
      const ranges = msg.extensionRange.slice(first);
      this.parseBracketOptions(ranges[0]!, "ExtensionRangeOptions");
      for (const r of ranges.slice(1)) {
        const pending = this.info.options[this.info.options.length - 1]!;
        this.info.options.push({ owner: r, kind: pending.kind, entries: pending.entries });
      }
    }
    this.endStatement();
  }

  /** `1, 5 to 10, 20 to max` of a message: ranges with exclusive ends. */
  private numberRanges(out: { start?: number; end?: number }[], start: number): void {
    const t = this.t;
    do {
      const numberAt = t.start;
      const s = this.integer("Expected field number range.", 2 ** 31 - 1);
      let end = s;
      if (t.eat("to")) end = t.eat("max") ? MAX_SENTINEL : this.integer("Expected integer.", 2 ** 31 - 1);
      const range = { start: s, end: end === MAX_SENTINEL ? end : end + 1 };
      this.info.spans.set(range, { start, name: numberAt, number: numberAt });
      out.push(range);
    } while (t.eat(","));
  }

  /** `reserved 2, 9 to 11;` or `reserved "foo", "bar";` (end exclusive). */
  private parseReserved(msg: DescriptorProto): void {
    const t = this.t;
    const start = t.start;
    t.next();
    if (t.kind === Tok.String) {
      this.reservedNames(msg.reservedName);
      return;
    }
    this.numberRanges(msg.reservedRange, start);
    this.endStatement();
  }
}

/**
 * `max` in a message's extension or reserved range. The real end (2^29, or
 * 2^31-1 for message_set_wire_format) is filled in once the options are known.
 */
export const MAX_SENTINEL = -1;
