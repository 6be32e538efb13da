// Which fields the encoder adds to the dynamic table, and which it marks
// "never indexed" (RFC 7541 §7.1.3). Tuned for gRPC: what a channel sends on
// every call (content-type, te, :path per method, user-agent, :authority,
// grpc-accept-encoding, grpc-encoding, grpc-status: 0) is indexed, so a
// steady-state header block is a few one-octet references; what changes
// from call to call is sent as a plain literal, so it does not push the
// repeated fields out of the table. Such a field is indexed once, the first
// time its name is seen, only so that later literals can refer to the name
// (a 2-octet index instead of, for grpc-timeout, 10 octets of name).
import { entrySize } from "./dynamic-table.js";

/** How one field is written. */
export const Indexing = {
  /** §6.2.1: literal, then added to the dynamic table. */
  Incremental: 0,
  /** §6.2.2: literal, table untouched. */
  None: 1,
  /** §6.2.3: literal that every intermediary must also leave unindexed. */
  Never: 2,
} as const;
export type Indexing = (typeof Indexing)[keyof typeof Indexing];

/** Credentials: an indexed entry could be probed for by guessing (§7.1). */
const SENSITIVE_NAMES = ["authorization", "proxy-authorization"];

/** Cookie values shorter than this are guessable, so never indexed (§7.1.3). */
const SHORT_COOKIE = 20;

/** Values that differ from one message to the next; indexing them only evicts. */
const CHANGING_NAMES = [
  "grpc-timeout",
  "grpc-message",
  "grpc-previous-rpc-attempts",
  "grpc-retry-pushback-ms",
  "date",
  "content-length",
  "age",
  "etag",
  "expires",
  "last-modified",
  "if-modified-since",
  "if-none-match",
];

/** An entry larger than this fraction of the table would crowd out the rest. */
const LARGEST_SHARE = 4;

export interface IndexingOptions {
  /** More names whose values are sent never-indexed (credentials, tokens). */
  sensitiveNames?: Iterable<string> | undefined;
  /** More names never added to the dynamic table. */
  unindexedNames?: Iterable<string> | undefined;
  /**
   * Replaces the default choice between Incremental and None (sensitive
   * fields are still sent never-indexed).
   */
  shouldIndex?: ((name: string, value: string) => boolean) | undefined;
}

export class IndexingPolicy {
  private readonly sensitive: Set<string>;
  private readonly unindexed: Set<string>;
  private readonly shouldIndex: ((name: string, value: string) => boolean) | undefined;

  constructor(options: IndexingOptions = {}) {
    this.sensitive = new Set([...SENSITIVE_NAMES, ...(options.sensitiveNames ?? [])]);
    this.unindexed = new Set([...CHANGING_NAMES, ...(options.unindexedNames ?? [])]);
    this.shouldIndex = options.shouldIndex;
  }

  /**
   * How to write a field that is not already in a table, given the
   * table's size and whether some table entry already has its name.
   */
  choose(name: string, value: string, tableMaxSize: number, nameInTable: boolean): Indexing {
    if (this.sensitive.has(name)) return Indexing.Never;
    if (name === "cookie" && value.length < SHORT_COOKIE) return Indexing.Never;
    if (this.shouldIndex !== undefined) {
      return this.shouldIndex(name, value) ? Indexing.Incremental : Indexing.None;
    }
    if (entrySize(name, value) * LARGEST_SHARE > tableMaxSize) return Indexing.None;
    if (nameInTable && (this.unindexed.has(name) || name.endsWith("-bin"))) return Indexing.None;
    return Indexing.Incremental;
  }
}
