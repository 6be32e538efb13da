/**
 * HTTP/2 header blocks as the layers above the transport see them
 * (RFC 9113 §8.2: field names are lower-case; pseudo-header fields such as
 * ":path" and ":status" come first).
 */

/**
 * A received header block: names and values, alternating
 * (`[":status", "200", "content-type", "application/grpc"]`). Repeated
 * fields stay separate entries, in the order they arrived.
 */
export type HeaderList = readonly string[];

/**
 * A header block to send: a value per name, or several (sent as repeated
 * fields, in order). `:status` may be a number. Undefined values are left out.
 */
export interface OutgoingHeaders {
  readonly [name: string]: string | number | readonly string[] | undefined;
}

/** A header block being built (the writable form of OutgoingHeaders). */
export interface HeaderFields {
  [name: string]: string | number | readonly string[] | undefined;
}

/** The first value of `name` in a received block, or undefined. */
export function findHeader(headers: HeaderList, name: string): string | undefined {
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (headers[i] === name) return headers[i + 1];
  }
  return undefined;
}

/** A received block as an object of the first value per name (for tests and tools). */
export function headerObject(headers: HeaderList): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    const name = headers[i]!;
    if (!(name in out)) out[name] = headers[i + 1]!;
  }
  return out;
}
