/**
 * A header block that breaks the rules of HPACK (RFC 7541).
 *
 * The decoder's dynamic table can no longer be trusted after one of these,
 * so HTTP/2 treats it as a connection error of type COMPRESSION_ERROR
 * (RFC 9113 §4.3): the connection answers with GOAWAY and closes.
 *
 * `offset` is the byte position in the header block where the problem was
 * found; `reason` says what was wrong, without the position.
 */
export class HpackError extends Error {
  override name = "HpackError";
  readonly offset: number;
  readonly reason: string;

  constructor(reason: string, offset: number) {
    super(`${reason} at byte ${offset} of the header block`);
    this.reason = reason;
    this.offset = offset;
  }
}

/**
 * A well-formed header block whose decoded header list is larger than the
 * decoder's limit (RFC 9113 §6.5.2: the sum over fields of name octets +
 * value octets + 32).
 *
 * Unlike HpackError this leaves the compression state intact: the decoder
 * read the whole block and kept its dynamic table in step with the peer's,
 * it only stopped collecting fields. The connection can carry on and refuse
 * just the one stream (RST_STREAM, or an HTTP 431 response).
 */
export class HeaderListTooLargeError extends Error {
  override name = "HeaderListTooLargeError";
  /** The size of the whole decoded list, counted as RFC 9113 §6.5.2 says. */
  readonly size: number;
  readonly limit: number;

  constructor(size: number, limit: number) {
    super(`header list too large: ${size} octets, the limit is ${limit}`);
    this.size = size;
    this.limit = limit;
  }
}
