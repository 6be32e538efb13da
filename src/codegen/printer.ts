/** Collects generated source lines with indentation. */
export class Printer {
  private readonly lines: string[] = [];
  private indentLevel = 0;

  line(text = ""): this {
    this.lines.push(text === "" ? "" : "  ".repeat(this.indentLevel) + text);
    return this;
  }

  /** Prints `open`, the body one level deeper, then `close`. */
  block(open: string, body: () => void, close = "}"): this {
    this.line(open);
    this.indentLevel++;
    body();
    this.indentLevel--;
    return this.line(close);
  }

  indent(body: () => void): this {
    this.indentLevel++;
    body();
    this.indentLevel--;
    return this;
  }

  toString(): string {
    return this.lines.join("\n") + "\n";
  }
}
