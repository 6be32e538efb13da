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
