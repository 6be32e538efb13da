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
  /** "pkg.Message.field" when a schema-aware decoder knows where it was. */
  context: string | undefined;

  constructor(reason: string, offset: number, context?: string) {
    super(DecodeError.format(reason, offset, context));
    this.offset = offset;
    this.reason = reason;
    this.context = context;
  }

  /** Returns a copy of this error that names the field being decoded. */
  withContext(context: string): DecodeError {
    if (this.context !== undefined) return this;
    return new DecodeError(this.reason, this.offset, context);
  }

  private static format(reason: string, offset: number, context?: string): string {
    const where = context === undefined ? "" : ` in ${context}`;
    return `${reason}${where} at byte ${offset}`;
  }
}
