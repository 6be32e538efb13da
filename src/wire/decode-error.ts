/**
 * The only error the wire Reader ever throws.
 *
 * `offset` is the byte position in the buffer being read where the problem
 * was found, so a learner can look at the hex dump and see exactly what went
 * wrong. Higher layers (generated decoders) may add the message and field name
 * through `context`.
 */
export class DecodeError extends Error {
  override name = "DecodeError";
  readonly offset: number;
  readonly reason: string;
  /**
   * Where a schema-aware decoder was: "pkg.Message.field" for a bad value,
   * "pkg.Message" for a bad tag (see `inTag`).
   */
  context: string | undefined;
  /**
   * True when the bytes that failed were a field's tag (its varint, field
   * number or wire type) rather than its value: the field is then unknown,
   * so the message says "in a tag of pkg.Message" instead of naming one.
   */
  readonly inTag: boolean;

  constructor(reason: string, offset: number, context?: string, inTag = false) {
    super(DecodeError.format(reason, offset, context, inTag));
    this.offset = offset;
    this.reason = reason;
    this.context = context;
    this.inTag = inTag;
  }

  /** Returns a copy of this error that names the field (or, for a tag, the message) being decoded. */
  withContext(context: string): DecodeError {
    if (this.context !== undefined) return this;
    return new DecodeError(this.reason, this.offset, context, this.inTag);
  }

  private static format(reason: string, offset: number, context: string | undefined, inTag: boolean): string {
    const where = inTag ? (context === undefined ? " in a tag" : ` in a tag of ${context}`) : context === undefined ? "" : ` in ${context}`;
    return `${reason}${where} at byte ${offset}`;
  }
}
