/**
 * The recursive-descent parser for proto2 and proto3 files (protobuf language
 * specification, "Proto2 Language Specification" and "Proto3 Language
 * Specification"), producing the descriptor model as protoc's parser does,
 * before names are resolved: type names stay as written, options are kept as
 * written (see parsed-file.ts). Messages, fields and their parts live in
 * parse-message.ts; this file holds the file level, enums and services.
 */
import type {
  DescriptorProto,
  EnumDescriptorProto,
  EnumValueDescriptorProto,
  FileDescriptorProto,
  MethodDescriptorProto,
  ServiceDescriptorProto,
} from "./descriptor.js";
import { encodeLocalOptions } from "./option-encoder.js";
import { MAX_SENTINEL, MessageParser } from "./parse-message.js";
import { messageOptions } from "./options.js";
import { parseOptionName, parseOptionValue } from "./parse-options.js";
import { setParsed, type OptionEntry, type OptionsKind, type ParsedFile, type PendingOptions } from "./parsed-file.js";
import { stringLiteralText, Tok, Tokenizer } from "./tokenizer.js";

/**
 * Parses one .proto file. Type names are left as written (resolution needs
 * the imported files, see loadProtoFiles); standard options are encoded,
 * custom options wait for resolution. Throws ParseError on a syntax error.
 */
export function parseProto(source: string, fileName: string): FileDescriptorProto {
  const fd = new FileParser(source, fileName).parse();
  encodeLocalOptions(fd);
  settleMaxRanges(fd.messageType);
  return fd;
}

/**
 * `max` in a message's extension and reserved ranges ends at 2^29 (exclusive),
 * or at 2^31-1 for a message with message_set_wire_format (as protoc).
 */
function settleMaxRanges(messages: DescriptorProto[]): void {
  for (const m of messages) {
    const max = messageOptions(m.options).messageSetWireFormat === true ? 2147483647 : 536870912;
    for (const r of m.extensionRange) if (r.end === MAX_SENTINEL) r.end = max;
    for (const r of m.reservedRange) if (r.end === MAX_SENTINEL) r.end = max;
    settleMaxRanges(m.nestedType);
  }
}

export class FileParser extends MessageParser {
  private readonly pendingByOwner = new Map<object, PendingOptions>();

  constructor(source: string, fileName: string) {
    const info: ParsedFile = { name: fileName, source, syntax: "proto2", spans: new Map(), imports: [], options: [] };
    super(new Tokenizer(source, fileName), info);
  }

  parse(): FileDescriptorProto {
    const t = this.t;
    const fd: FileDescriptorProto = {
      name: this.info.name,
      dependency: [],
      publicDependency: [],
      weakDependency: [],
      messageType: [],
      enumType: [],
      service: [],
      extension: [],
    };
    this.parseSyntax(fd);
    let pkgSeen = false;
    while (t.kind !== Tok.End) {
      if (t.eat(";")) continue;
      const start = t.start;
      if (t.kind !== Tok.Ident) throw t.error('Expected top-level statement (e.g. "message").');
      switch (t.text) {
        case "message":
          fd.messageType.push(this.parseMessage(0));
          break;
        case "enum":
          fd.enumType.push(this.parseEnum());
          break;
        case "service":
          fd.service.push(this.parseService());
          break;
        case "extend":
          this.parseExtend(fd.extension, fd.messageType, 0);
          break;
        case "import":
          this.parseImport(fd);
          break;
        case "package": {
          if (pkgSeen) throw t.error("Multiple package definitions.");
          pkgSeen = true;
          t.next();
          let name = t.ident("Expected identifier.");
          while (t.eat(".")) name += "." + t.ident("Expected identifier.");
          this.endStatement();
          fd.package = name;
          this.info.spans.set(fd, { start, name: start });
          break;
        }
        case "option":
          this.parseOptionStatement(fd, "FileOptions");
          break;
        case "syntax":
        case "edition":
          throw t.error(`"${t.text}" must be the first statement of the file.`);
        default:
          throw t.error('Expected top-level statement (e.g. "message").');
      }
    }
    if (this.info.syntax === "proto3") fd.syntax = "proto3";
    setParsed(fd, this.info);
    return fd;
  }

  private parseSyntax(fd: FileDescriptorProto): void {
    const t = this.t;
    if (t.is("edition")) {
      throw t.error("Editions are not supported yet: this file starts with `edition`; use syntax = \"proto2\" or \"proto3\".");
    }
    if (!t.is("syntax")) return; // protoc defaults to proto2
    t.next();
    t.expect("=");
    if (t.kind !== Tok.String) throw t.error("Expected syntax identifier.");
    const value = stringLiteralText(t.text);
    if (value !== "proto2" && value !== "proto3") {
      throw t.error(`Unrecognized syntax identifier "${value}".  This parser only recognizes "proto2" and "proto3".`);
    }
    t.next();
    this.endStatement();
    this.info.syntax = value;
    void fd;
  }

  private parseImport(fd: FileDescriptorProto): void {
    const t = this.t;
    const start = t.start;
    t.next();
    const index = fd.dependency.length;
    if (t.eat("public")) fd.publicDependency.push(index);
    else if (t.eat("weak")) fd.weakDependency.push(index);
    if (t.kind !== Tok.String) throw t.error("Expected a string naming the file to import.");
    let path = stringLiteralText(t.text);
    t.next();
    while (t.kind === Tok.String) {
      path += stringLiteralText(t.text);
      t.next();
    }
    this.endStatement();
    fd.dependency.push(path);
    this.info.imports.push(start);
  }

  // ---- enums ---------------------------------------------------------------

  parseEnum(): EnumDescriptorProto {
    const t = this.t;
    const start = t.start;
    t.next();
    const nameAt = t.start;
    const name = t.ident("Expected enum name.");
    const e: EnumDescriptorProto = { name, value: [], reservedRange: [], reservedName: [] };
    this.info.spans.set(e, { start, name: nameAt });
    t.expect("{");
    while (!t.eat("}")) {
      if (t.kind === Tok.End) throw t.error("Reached end of input in enum definition (missing '}').");
      if (t.eat(";")) continue;
      if (t.is("option")) this.parseOptionStatement(e, "EnumOptions");
      else if (t.is("reserved")) this.parseEnumReserved(e);
      else e.value.push(this.parseEnumValue());
    }
    return e;
  }

  private parseEnumValue(): EnumValueDescriptorProto {
    const t = this.t;
    const start = t.start;
    const name = t.ident("Expected enum constant name.");
    t.expect("=");
    const numberAt = t.start;
    const value = this.signedInt32("Expected integer.");
    const v: EnumValueDescriptorProto = { name, number: value };
    this.info.spans.set(v, { start, name: start, number: numberAt });
    if (t.is("[")) this.parseBracketOptions(v, "EnumValueOptions");
    this.endStatement();
    return v;
  }

  /** An int32 with an optional minus sign (enum numbers, enum reserved ranges). */
  private signedInt32(what: string): number {
    const t = this.t;
    const negative = t.eat("-");
    const v = this.integer(what, negative ? 2 ** 31 : 2 ** 31 - 1);
    return negative ? -v : v;
  }

  private parseEnumReserved(e: EnumDescriptorProto): void {
    const t = this.t;
    t.next();
    if (t.kind === Tok.String) {
      this.reservedNames(e.reservedName);
      return;
    }
    do {
      const numberAt = t.start;
      const rangeStart = this.signedInt32("Expected enum value or number range.");
      let end = rangeStart;
      if (t.eat("to")) end = t.eat("max") ? 2 ** 31 - 1 : this.signedInt32("Expected integer.");
      const range = { start: rangeStart, end };
      this.info.spans.set(range, { start: numberAt, name: numberAt, number: numberAt });
      e.reservedRange.push(range);
    } while (t.eat(","));
    this.endStatement();
  }

  // ---- services ------------------------------------------------------------

  parseService(): ServiceDescriptorProto {
    const t = this.t;
    const start = t.start;
    t.next();
    const nameAt = t.start;
    const name = t.ident("Expected service name.");
    const s: ServiceDescriptorProto = { name, method: [] };
    this.info.spans.set(s, { start, name: nameAt });
    t.expect("{");
    while (!t.eat("}")) {
      if (t.kind === Tok.End) throw t.error("Reached end of input in service definition (missing '}').");
      if (t.eat(";")) continue;
      if (t.is("option")) this.parseOptionStatement(s, "ServiceOptions");
      else if (t.is("rpc")) s.method.push(this.parseMethod());
      else throw t.error('Expected "rpc" or "option".');
    }
    return s;
  }

  private parseMethod(): MethodDescriptorProto {
    const t = this.t;
    const start = t.start;
    t.next();
    const nameAt = t.start;
    const name = t.ident("Expected method name.");
    const m: MethodDescriptorProto = { name };
    t.expect("(");
    if (t.eat("stream")) m.clientStreaming = true;
    const inputAt = t.start;
    m.inputType = this.typeName();
    t.expect(")");
    t.expect("returns");
    t.expect("(");
    if (t.eat("stream")) m.serverStreaming = true;
    const outputAt = t.start;
    m.outputType = this.typeName();
    t.expect(")");
    this.info.spans.set(m, { start, name: nameAt, type: inputAt, output: outputAt });
    if (t.eat("{")) {
      // protoc gives a method with a `{ }` body options, even when empty.
      m.options = new Uint8Array(0);
      while (!t.eat("}")) {
        if (t.kind === Tok.End) throw t.error("Reached end of input in method options (missing '}').");
        if (t.eat(";")) continue;
        if (!t.is("option")) throw t.error('Expected "option" or "}".');
        this.parseOptionStatement(m, "MethodOptions");
      }
      t.eat(";");
    } else {
      this.endStatement();
    }
    return m;
  }

  // ---- options -------------------------------------------------------------

  /** `option name = value;` for the element `owner`. */
  parseOptionStatement(owner: { options?: Uint8Array }, kind: OptionsKind): void {
    const t = this.t;
    t.next();
    this.addOption(owner, kind, this.optionAssignment());
    this.endStatement();
  }

  optionAssignment(): OptionEntry {
    const t = this.t;
    const offset = t.start;
    const name = parseOptionName(t);
    t.expect("=");
    const value = parseOptionValue(t);
    return { name, value, offset };
  }

  addOption(owner: { options?: Uint8Array }, kind: OptionsKind, entry: OptionEntry): void {
    const pending = this.pendingByOwner.get(owner);
    if (pending !== undefined) {
      pending.entries.push(entry);
      return;
    }
    const created: PendingOptions = { owner, kind, entries: [entry] };
    this.pendingByOwner.set(owner, created);
    this.info.options.push(created);
  }
}
