/**
 * Option names and values as written: `option (my.ext).field = value;` and
 * the bracketed `[name = value, ...]` of fields, enum values and extension
 * ranges. Values stay untyped here (an identifier, a number, a string or a
 * `{ text format }` aggregate); they are checked and encoded once the
 * option's field is known (see option-encoder.ts).
 */
import { Tok, type Tokenizer } from "./tokenizer.js";
import type { AggregateValue, NamePart, OptionValue, ScalarValue, TextField } from "./parsed-file.js";

/** How deep `{ ... }` may nest in an aggregate option value (as protoc's text format). */
export const MAX_AGGREGATE_DEPTH = 64;

/** `java_package`, `(my.ext)`, `(.pkg.ext).sub.(other).x`. */
export function parseOptionName(t: Tokenizer): NamePart[] {
  const parts: NamePart[] = [];
  for (;;) {
    const offset = t.start;
    if (t.eat("(")) {
      let name = "";
      if (t.eat(".")) name = ".";
      name += t.ident();
      while (t.eat(".")) name += "." + t.ident();
      t.expect(")");
      parts.push({ name, extension: true, offset });
    } else {
      parts.push({ name: t.ident("Expected identifier."), extension: false, offset });
    }
    if (!t.eat(".")) return parts;
  }
}

/** A scalar: `-` number, identifier (`-inf`, `-nan` too), or adjacent strings. */
function parseScalar(t: Tokenizer, what: string, text: boolean): ScalarValue {
  const offset = t.start;
  const negative = t.eat("-");
  switch (t.kind) {
    case Tok.Int:
    case Tok.Float: {
      const v: ScalarValue = { kind: t.kind === Tok.Int ? "int" : "float", text: t.text, negative, offset };
      t.next();
      return v;
    }
    case Tok.Ident: {
      // protoc takes `-inf` in text format only; an option value may not negate an identifier.
      if (negative && !text) throw t.error("Invalid '-' symbol before identifier.");
      const v: ScalarValue = { kind: "ident", text: t.text, negative, offset };
      t.next();
      return v;
    }
    case Tok.String: {
      if (negative) throw t.error(what);
      const parts = [t.text];
      t.next();
      while (t.kind === Tok.String) {
        parts.push(t.text);
        t.next();
      }
      return { kind: "string", text: parts[0]!, negative: false, offset, parts };
    }
    default:
      throw t.error(what);
  }
}

/** The value after `=` in an option. */
export function parseOptionValue(t: Tokenizer): OptionValue {
  if (t.is("{")) return parseAggregate(t, 0);
  return parseScalar(t, "Expected option value.", false);
}

/** `{ name: value name { ... } name: [v, v] [ext.name]: v }` (protobuf text format). */
function parseAggregate(t: Tokenizer, depth: number): AggregateValue {
  if (depth >= MAX_AGGREGATE_DEPTH) throw t.error(`Message is too deep, the parser exceeded the configured recursion limit of ${MAX_AGGREGATE_DEPTH}.`);
  const offset = t.start;
  const close = t.eat("{") ? "}" : (t.expect("<"), ">");
  const fields: TextField[] = [];
  while (!t.eat(close)) {
    if (t.kind === Tok.End) throw t.error(`Expected "${close}".`);
    fields.push(parseTextField(t, depth));
    if (!t.eat(";")) t.eat(",");
  }
  return { kind: "aggregate", fields, offset };
}

function parseTextField(t: Tokenizer, depth: number): TextField {
  const offset = t.start;
  let name: string;
  let extension = false;
  if (t.eat("[")) {
    // An extension (or an Any type URL, whose "/" we keep in the name).
    extension = true;
    name = t.ident();
    while (t.is(".") || t.is("/")) {
      name += t.text;
      t.next();
      name += t.ident();
    }
    t.expect("]");
  } else {
    name = t.ident("Expected identifier, got: " + t.text);
  }
  const field: TextField = { name, extension, offset, values: [] };
  const colon = t.eat(":");
  if (t.is("{") || t.is("<")) {
    field.values.push(parseAggregate(t, depth + 1));
  } else if (t.eat("[")) {
    // A list: `name: [1, 2]` or `name [ {..}, {..} ]`.
    if (!t.eat("]")) {
      do {
        field.values.push(t.is("{") || t.is("<") ? parseAggregate(t, depth + 1) : parseScalar(t, "Expected value.", true));
      } while (t.eat(","));
      t.expect("]");
    }
  } else {
    if (!colon) throw t.error('Expected ":", found "' + t.text + '".');
    field.values.push(parseScalar(t, "Expected value.", true));
  }
  return field;
}
