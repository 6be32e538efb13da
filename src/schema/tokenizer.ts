/**
 * The .proto tokenizer: identifiers, integers, floats, strings, symbols.
 *
 * Rules follow the protobuf language spec ("Lexical elements") and protoc's
 * tokenizer where the spec is silent: `//` and `/* *\/` comments, integers in
 * decimal, octal (leading 0) and hex (0x), floats with `.` or an exponent,
 * strings in '' or "" with C escapes and \u / \U. A number running into a
 * letter is an error, as in protoc ("Need space between number and identifier").
 *
 * The current token lives in fields (no token objects are allocated) and
 * carries only offsets; line and column are computed when an error needs them.
 */
import { errorAt, type ParseError } from "./errors.js";

export const Tok = {
  End: 0,
  Ident: 1,
  Int: 2,
  Float: 3,
  String: 4,
  Symbol: 5,
} as const;
export type Tok = (typeof Tok)[keyof typeof Tok];

// Character classes for ASCII.
const LETTER = 1; // A-Z a-z _
const DIGIT = 2;
const HEX = 4;
const SPACE = 8;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  let k = 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) k |= LETTER;
  if (c >= 48 && c <= 57) k |= DIGIT | HEX;
  if ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)) k |= HEX;
  // protoc's whitespace: space, \t, \n, \v, \f, \r
  if (c === 32 || (c >= 9 && c <= 13)) k |= SPACE;
  CLASS[c] = k;
}
const cls = (c: number): number => (c < 128 ? CLASS[c]! : 0);

export class Tokenizer {
  readonly source: string;
  readonly file: string;
  private pos = 0;
  kind: Tok = Tok.End;
  /** Offsets of the current token in `source`. */
  start = 0;
  end = 0;
  /** The token's text as written (quotes included for strings). */
  text = "";
  /** End offset of the previous token (where protoc reports a missing ";"). */
  prevEnd = 0;

  constructor(source: string, file: string) {
    this.source = source;
    this.file = file;
    this.next();
  }

  error(reason: string, offset = this.start): ParseError {
    return errorAt(this.file, this.source, offset, reason);
  }

  /** Moves to the next token. */
  next(): void {
    const s = this.source;
    const n = s.length;
    this.prevEnd = this.end;
    let p = this.pos;
    // Skip whitespace and comments.
    for (;;) {
      if (p >= n) {
        this.kind = Tok.End;
        this.start = this.end = this.pos = n;
        this.text = "";
        return;
      }
      const c = s.charCodeAt(p);
      if (c < 128 && (CLASS[c]! & SPACE) !== 0) {
        p++;
      } else if (c === 47 /* / */ && s.charCodeAt(p + 1) === 47) {
        const nl = s.indexOf("\n", p + 2);
        p = nl === -1 ? n : nl + 1;
      } else if (c === 47 && s.charCodeAt(p + 1) === 42 /* * */) {
        const close = s.indexOf("*/", p + 2);
        if (close === -1) {
          const err = this.error("End-of-file inside block comment.", n);
          throw err;
        }
        p = close + 2;
      } else {
        break;
      }
    }
    const start = p;
    this.start = start;
    const c = s.charCodeAt(p);
    const k = cls(c);
    if ((k & LETTER) !== 0) {
      p++;
      while (p < n && (cls(s.charCodeAt(p)) & (LETTER | DIGIT)) !== 0) p++;
      this.kind = Tok.Ident;
    } else if ((k & DIGIT) !== 0 || (c === 46 /* . */ && (cls(s.charCodeAt(p + 1)) & DIGIT) !== 0)) {
      p = this.number(p);
    } else if (c === 34 /* " */ || c === 39 /* ' */) {
      p = this.stringEnd(p, c);
      this.kind = Tok.String;
    } else {
      if (c >= 0xd800 && c <= 0xdbff) p++; // keep a surrogate pair together for the message
      p++;
      this.kind = Tok.Symbol;
    }
    this.pos = this.end = p;
    this.text = s.slice(start, p);
  }

  private number(p: number): number {
    const s = this.source;
    const n = s.length;
    const start = p;
    let isFloat = false;
    if (s.charCodeAt(p) === 48 && (s.charCodeAt(p + 1) | 0x20) === 120 /* x */) {
      p += 2;
      if ((cls(s.charCodeAt(p)) & HEX) === 0) throw this.error('"0x" must be followed by hex digits.', p);
      while (p < n && (cls(s.charCodeAt(p)) & HEX) !== 0) p++;
    } else if (s.charCodeAt(p) === 48 && (cls(s.charCodeAt(p + 1)) & DIGIT) !== 0) {
      // Octal. protoc reads all digits, then complains about 8 and 9.
      while (p < n && (cls(s.charCodeAt(p)) & DIGIT) !== 0) p++;
      for (let i = start; i < p; i++) {
        if (s.charCodeAt(i) >= 56) throw this.error("Numbers starting with leading zero must be in octal.", i);
      }
    } else {
      while (p < n && (cls(s.charCodeAt(p)) & DIGIT) !== 0) p++;
      if (s.charCodeAt(p) === 46 /* . */) {
        isFloat = true;
        p++;
        while (p < n && (cls(s.charCodeAt(p)) & DIGIT) !== 0) p++;
      }
      const e = s.charCodeAt(p) | 0x20;
      if (e === 101 /* e */) {
        isFloat = true;
        p++;
        const sign = s.charCodeAt(p);
        if (sign === 43 || sign === 45) p++;
        if ((cls(s.charCodeAt(p)) & DIGIT) === 0) throw this.error('"e" must be followed by exponent.', p);
        while (p < n && (cls(s.charCodeAt(p)) & DIGIT) !== 0) p++;
      }
    }
    const after = s.charCodeAt(p);
    if ((cls(after) & (LETTER | DIGIT)) !== 0 || after === 46) {
      const why = after === 46 ? "Already saw decimal point or exponent; can't have another one." : "Need space between number and identifier.";
      throw this.error(why, p);
    }
    this.kind = isFloat ? Tok.Float : Tok.Int;
    return p;
  }

  /** Finds the end of a string literal (validating escapes) without decoding it. */
  private stringEnd(p: number, quote: number): number {
    const s = this.source;
    const n = s.length;
    p++;
    for (;;) {
      if (p >= n) throw this.error("Unexpected end of string.", n);
      const c = s.charCodeAt(p);
      if (c === quote) return p + 1;
      if (c === 10) throw this.error("String literals cannot cross line boundaries.", p);
      if (c === 92 /* \ */) {
        p = validEscapeEnd(s, p);
        if (p < 0) throw this.error("Invalid escape sequence in string literal.", -p);
        continue;
      }
      p++;
    }
  }

  // ---- helpers for the parser --------------------------------------------

  /** True when the current token is exactly this symbol or keyword. */
  is(text: string): boolean {
    return this.text === text && this.kind !== Tok.String;
  }

  /** Consumes the token if it is exactly `text`. */
  eat(text: string): boolean {
    if (this.text === text && this.kind !== Tok.String) {
      this.next();
      return true;
    }
    return false;
  }

  /** Consumes `text` or fails with protoc's wording. */
  expect(text: string): void {
    if (!this.eat(text)) throw this.unexpected(`Expected "${text}".`);
  }

  /** An error at the current token (for a missing ";" that is the token after the statement, as in protoc). */
  unexpected(reason: string): ParseError {
    return this.error(reason);
  }

  /** Consumes an identifier and returns it. */
  ident(what = "Expected identifier."): string {
    if (this.kind !== Tok.Ident) throw this.unexpected(what);
    const t = this.text;
    this.next();
    return t;
  }
}

/**
 * Returns the offset after the escape at `p` (which holds the backslash), or
 * minus the offset of the bad character when the escape is invalid.
 */
function validEscapeEnd(s: string, p: number): number {
  const c = s.charCodeAt(p + 1);
  switch (c) {
    case 97: case 98: case 102: case 110: case 114: case 116: case 118: // a b f n r t v
    case 92: case 63: case 39: case 34: // \ ? ' "
      return p + 2;
    case 120: case 88: // x X: one or two hex digits
      if ((cls(s.charCodeAt(p + 2)) & HEX) === 0) return -(p + 2);
      return (cls(s.charCodeAt(p + 3)) & HEX) !== 0 ? p + 4 : p + 3;
    case 117: // u: four hex digits
      return hexRun(s, p + 2, 4);
    case 85: // U: eight hex digits
      return hexRun(s, p + 2, 8);
    default:
      if (c >= 48 && c <= 55) {
        let q = p + 2;
        while (q < p + 4 && s.charCodeAt(q) >= 48 && s.charCodeAt(q) <= 55) q++;
        return q;
      }
      return -(p + 1);
  }
}

function hexRun(s: string, p: number, count: number): number {
  for (let i = 0; i < count; i++) {
    if ((cls(s.charCodeAt(p + i)) & HEX) === 0) return -(p + i);
  }
  return p + count;
}

/**
 * The bytes a string literal stands for (quotes included in `literal`).
 * Escapes: \a \b \f \n \r \t \v \\ \? \' \", octal \ooo, hex \xhh,
 * \uXXXX and \UXXXXXXXX as UTF-8. Other characters as UTF-8.
 */
export function stringLiteralBytes(literal: string, out: number[]): void {
  const end = literal.length - 1;
  for (let p = 1; p < end; ) {
    const c = literal.charCodeAt(p);
    if (c !== 92) {
      const cp = literal.codePointAt(p)!;
      pushUtf8(out, cp);
      p += cp > 0xffff ? 2 : 1;
      continue;
    }
    const e = literal.charCodeAt(p + 1);
    const simple = SIMPLE_ESCAPES.get(e);
    if (simple !== undefined) {
      out.push(simple);
      p += 2;
    } else if (e === 120 || e === 88) {
      const q = validEscapeEnd(literal, p);
      out.push(parseInt(literal.slice(p + 2, q), 16));
      p = q;
    } else if (e === 117 || e === 85) {
      const q = validEscapeEnd(literal, p);
      pushUtf8(out, parseInt(literal.slice(p + 2, q), 16));
      p = q;
    } else {
      const q = validEscapeEnd(literal, p);
      out.push(parseInt(literal.slice(p + 1, q), 8) & 0xff);
      p = q;
    }
  }
}

const SIMPLE_ESCAPES = new Map<number, number>([
  [97, 7], [98, 8], [102, 12], [110, 10], [114, 13], [116, 9], [118, 11],
  [92, 92], [63, 63], [39, 39], [34, 34],
]);

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) out.push(cp);
  else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
  else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
}

/** The text a string literal stands for; invalid UTF-8 from escapes becomes U+FFFD. */
export function stringLiteralText(literal: string): string {
  if (literal.indexOf("\\") === -1) return literal.slice(1, -1);
  const bytes: number[] = [];
  stringLiteralBytes(literal, bytes);
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
