/**
 * Custom-Metadata (PROTOCOL-HTTP2.md, "Custom-Metadata"): key-value pairs
 * carried as HTTP/2 headers and trailers. Keys are lower-case; a key ending in
 * "-bin" holds bytes (base64 on the wire), any other key holds printable
 * ASCII. A key may have several values, kept in order.
 */

/** A value: bytes for "-bin" keys, a string otherwise. */
export type MetadataValue = string | Uint8Array;

/** Anything `new Metadata(init)` accepts. */
export type MetadataInit =
  | Metadata
  | Iterable<readonly [string, MetadataValue]>
  | Readonly<Record<string, MetadataValue | readonly MetadataValue[]>>;

/** True for keys of binary values: those ending in "-bin". */
export function isBinaryKey(key: string): boolean {
  return key.endsWith("-bin");
}

/**
 * Keys an application may not set, because the gRPC or HTTP/2 layer owns them:
 * pseudo-headers, everything starting with "grpc-" (reserved by the spec),
 * and the headers that describe the call or the connection.
 */
export function isReservedKey(key: string): boolean {
  if (key.startsWith(":") || key.startsWith("grpc-")) return true;
  switch (key) {
    case "content-type":
    case "te":
    case "connection":
    case "keep-alive":
    case "proxy-connection":
    case "transfer-encoding":
    case "upgrade":
    case "host":
      return true;
    default:
      return false;
  }
}

/** Header-Name -> 1*( %x30-39 / %x61-7A / "_" / "-" / "." ) */
const KEY_PATTERN = /^[0-9a-z_.-]+$/;
/** ASCII-Value -> 1*( %x20-%x7E ); we also allow the empty string, as grpc-go does. */
const ASCII_VALUE_PATTERN = /^[\x20-\x7e]*$/;

function checkEntry(key: string, value: MetadataValue): void {
  if (!KEY_PATTERN.test(key)) throw new TypeError(`invalid metadata key ${JSON.stringify(key)}`);
  if (isReservedKey(key)) throw new TypeError(`metadata key ${JSON.stringify(key)} is reserved`);
  if (isBinaryKey(key)) {
    if (!(value instanceof Uint8Array)) throw new TypeError(`metadata key ${JSON.stringify(key)} needs a Uint8Array value`);
  } else if (typeof value !== "string") {
    throw new TypeError(`metadata key ${JSON.stringify(key)} needs a string value (only "-bin" keys take bytes)`);
  } else if (!ASCII_VALUE_PATTERN.test(value)) {
    throw new TypeError(`metadata value for ${JSON.stringify(key)} must be printable ASCII`);
  }
}

/**
 * An ordered multimap of metadata. Keys are lower-cased on the way in. Values
 * set by the application are checked against the spec's grammar (a TypeError
 * otherwise); values received from a peer are kept as they arrived.
 */
export class Metadata implements Iterable<[string, MetadataValue]> {
  private readonly map = new Map<string, MetadataValue[]>();

  constructor(init?: MetadataInit) {
    if (init !== undefined) this.merge(init);
  }

  /** Appends every entry of `init` (keeping what is here already). */
  merge(init: MetadataInit): this {
    if (init instanceof Metadata) {
      for (const [key, values] of init.map) for (const v of values) this.appendUnchecked(key, v);
    } else if (isIterable(init)) {
      for (const [key, value] of init) this.append(key, value);
    } else {
      for (const key of Object.keys(init)) {
        const value = init[key]!;
        if (Array.isArray(value)) {
          for (const v of value as readonly MetadataValue[]) this.append(key, v);
        } else {
          this.append(key, value as MetadataValue);
        }
      }
    }
    return this;
  }

  /** The first string value of an ASCII key. */
  get(key: string): string | undefined {
    const v = this.map.get(key.toLowerCase())?.[0];
    return typeof v === "string" ? v : undefined;
  }

  /** The first value of a "-bin" key. */
  getBinary(key: string): Uint8Array | undefined {
    const v = this.map.get(key.toLowerCase())?.[0];
    return v instanceof Uint8Array ? v : undefined;
  }

  /** Every value of a key, in order (empty if none). */
  getAll(key: string): MetadataValue[] {
    return this.map.get(key.toLowerCase())?.slice() ?? [];
  }

  has(key: string): boolean {
    return this.map.has(key.toLowerCase());
  }

  /** Replaces all values of `key` with `value`. */
  set(key: string, value: MetadataValue): this {
    const k = key.toLowerCase();
    checkEntry(k, value);
    this.map.set(k, [value]);
    return this;
  }

  /** Adds a value to `key`, after any it has. */
  append(key: string, value: MetadataValue): this {
    const k = key.toLowerCase();
    checkEntry(k, value);
    this.appendUnchecked(k, value);
    return this;
  }

  delete(key: string): boolean {
    return this.map.delete(key.toLowerCase());
  }

  /** Number of distinct keys. */
  get size(): number {
    return this.map.size;
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  /** Every [key, value] pair; a key with two values appears twice. */
  *entries(): IterableIterator<[string, MetadataValue]> {
    for (const [key, values] of this.map) for (const v of values) yield [key, v];
  }

  [Symbol.iterator](): IterableIterator<[string, MetadataValue]> {
    return this.entries();
  }

  /** A plain object for logging: binary values as base64. */
  toJSON(): Record<string, string[]> {
    const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const [key, values] of this.map) {
      out[key] = values.map((v) => (typeof v === "string" ? v : Buffer.from(v).toString("base64")));
    }
    return out;
  }

  /**
   * Adds a received entry without checking it against the grammar: the spec
   * asks receivers not to fail on values that are valid HTTP but not valid
   * gRPC, and an application must be able to echo them back.
   * @internal for the header conversion in this folder
   */
  appendUnchecked(key: string, value: MetadataValue): void {
    const values = this.map.get(key);
    if (values === undefined) this.map.set(key, [value]);
    else values.push(value);
  }

  /** @internal: the live map, for writing headers without copying. */
  rawEntries(): ReadonlyMap<string, readonly MetadataValue[]> {
    return this.map;
  }
}

function isIterable(value: object): value is Iterable<readonly [string, MetadataValue]> {
  return typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === "function";
}
