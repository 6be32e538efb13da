/**
 * Errors from the .proto front end, shaped like protoc's: `file:line:col: reason`.
 *
 * Lines and columns are 1-based. As in protoc's tokenizer, a tab advances the
 * column to the next multiple of 8 and columns count UTF-8 bytes, so our
 * positions agree with protoc's for the same file.
 */
export class ParseError extends Error {
  override name = "ParseError";
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;

  constructor(file: string, line: number, column: number, reason: string) {
    super(line > 0 ? `${file}:${line}:${column}: ${reason}` : `${file}: ${reason}`);
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  /** Every error found: this one alone, or each one of a {@link ParseErrors}. */
  get errors(): readonly ParseError[] {
    return [this];
  }
}

/**
 * Several errors in one file, thrown once checking has gone through all of
 * it (protoc goes on after an error and prints each one on its own line).
 * `file`, `line`, `column` and `reason` are those of the first error; the
 * message has one `file:line:col: reason` line per error.
 */
export class ParseErrors extends ParseError {
  override name = "ParseErrors";
  readonly #all: readonly ParseError[];

  constructor(errors: readonly ParseError[]) {
    const first = errors[0];
    if (first === undefined) throw new RangeError("ParseErrors needs at least one error");
    super(first.file, first.line, first.column, first.reason);
    this.#all = [...errors];
    this.message = errors.map((e) => e.message).join("\n");
  }

  override get errors(): readonly ParseError[] {
    return this.#all;
  }
}

/** Throws what `errors` holds: nothing, the one error, or all of them as a ParseErrors. */
export function throwIfAny(errors: readonly ParseError[]): void {
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new ParseErrors(errors);
}

const TAB_WIDTH = 8;

/** 1-based line and column of a character offset in `source` (protoc's counting). */
export function positionOf(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, source.length);
  for (let i = source.indexOf("\n"); i !== -1 && i < end; i = source.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  let col = 0;
  for (let i = lineStart; i < end; i++) {
    const c = source.charCodeAt(i);
    if (c === 9) col += TAB_WIDTH - (col % TAB_WIDTH);
    else if (c < 0x80) col += 1;
    else if (c < 0x800) col += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      col += 4; // a surrogate pair is one 4-byte UTF-8 sequence
      i++;
    } else col += 3;
  }
  return { line, column: col + 1 };
}

/** A ParseError at a character offset of a source text. */
export function errorAt(file: string, source: string, offset: number, reason: string): ParseError {
  const { line, column } = positionOf(source, offset);
  return new ParseError(file, line, column, reason);
}
