// The HPACK decoder, RFC 7541 §3 and §6: turns one complete header block
// into a flat list of fields, keeping the dynamic table in step with the
// peer's encoder.
import { DynamicTable, ENTRY_OVERHEAD, type TableView } from "./dynamic-table.js";
import { HeaderListTooLargeError, HpackError } from "./hpack-error.js";
import { type ReadPosition, readInteger } from "./integer.js";
import { FIRST_DYNAMIC_INDEX, STATIC_NAMES, STATIC_TABLE_LENGTH, STATIC_VALUES } from "./static-table.js";
import { readString } from "./string-literal.js";

export interface HpackDecoderOptions {
  /**
   * The table size both ends start from, and the limit on size updates.
   * Default 4096, HTTP/2's initial SETTINGS_HEADER_TABLE_SIZE, which is
   * what the peer's encoder assumes until it has our SETTINGS: to advertise
   * another value, keep the default here and call setMaxTableSize once the
   * peer acknowledges it.
   */
  maxTableSize?: number | undefined;
  /**
   * Largest decoded header list, as RFC 9113 §6.5.2 counts it (name +
   * value + 32 octets per field). Default 65536. A larger list makes
   * decode throw HeaderListTooLargeError, after the whole block was read.
   */
  maxHeaderListSize?: number | undefined;
  /**
   * Longest string literal, in octets on the wire; a longer one is an
   * HpackError (it cannot be skipped: the table may need it). Default:
   * maxHeaderListSize, as such a string could not be delivered anyway.
   */
  maxStringLength?: number | undefined;
}

export const DEFAULT_TABLE_SIZE = 4096;
export const DEFAULT_MAX_HEADER_LIST_SIZE = 65536;

/** No size update is owed (see `owedUpdateCeiling`). */
const NONE_OWED = -1;

export class HpackDecoder {
  private readonly table: DynamicTable;
  private readonly maxListSize: number;
  private readonly maxString: number;
  /** The SETTINGS_HEADER_TABLE_SIZE in effect: no size update may exceed it. */
  private limit: number;
  /**
   * When our limit went below the table's size, the peer must start its
   * next block with a size update no larger than the smallest limit since
   * (§4.2); NONE_OWED otherwise.
   */
  private owedUpdateCeiling = NONE_OWED;
  private readonly at: ReadPosition = { pos: 0 };

  constructor(options: HpackDecoderOptions = {}) {
    this.limit = options.maxTableSize ?? DEFAULT_TABLE_SIZE;
    this.maxListSize = options.maxHeaderListSize ?? DEFAULT_MAX_HEADER_LIST_SIZE;
    this.maxString = options.maxStringLength ?? this.maxListSize;
    this.table = new DynamicTable(this.limit);
  }

  /** The dynamic table, read-only (its maxSize is what the peer last set). */
  get dynamicTable(): TableView {
    return this.table;
  }

  /**
   * Call when the peer has acknowledged a new SETTINGS_HEADER_TABLE_SIZE
   * of ours. A smaller value must be confirmed by a size update at the
   * start of the peer's next block (§4.2), or that block is an error.
   */
  setMaxTableSize(size: number): void {
    this.limit = size;
    if (size < this.table.maxSize) {
      const owed = this.owedUpdateCeiling;
      this.owedUpdateCeiling = owed === NONE_OWED ? size : Math.min(owed, size);
    }
  }

  /**
   * Decodes one complete header block into `[name0, value0, name1, ...]`.
   * If `neverIndexed` is given, the position in that list of the name of
   * each field sent as "never indexed" (§6.2.3) is pushed onto it.
   *
   * Throws HpackError for a malformed block (a connection error: the table
   * is no longer in step, so the decoder must not be used again), or
   * HeaderListTooLargeError when the list is over the limit (the table
   * stays in step; only this block's fields are lost).
   */
  decode(block: Uint8Array, neverIndexed?: number[]): string[] {
    const out: string[] = [];
    this.decodeInto(block, out, neverIndexed);
    return out;
  }

  /**
   * As decode, appending to `out`. Past the list size limit, fields are no
   * longer appended (so an "HPACK bomb" of repeated references to a large
   * entry allocates nothing), but the block is read to its end.
   */
  decodeInto(block: Uint8Array, out: string[], neverIndexed?: number[]): void {
    const at = this.at;
    const end = block.length;
    at.pos = 0;
    this.readSizeUpdates(block, end);
    let listSize = 0;
    const maxListSize = this.maxListSize;
    while (at.pos < end) {
      const start = at.pos;
      const first = block[start]!;
      let name: string;
      let value: string;
      let never = false;
      if (first & 0x80) {
        // §6.1 indexed field: 1xxxxxxx, index on 7 bits.
        const index = readInteger(block, at, end, 7);
        name = this.nameAt(index, start);
        value = index <= STATIC_TABLE_LENGTH ? STATIC_VALUES[index]! : this.table.value(index - FIRST_DYNAMIC_INDEX);
      } else if (first & 0x40) {
        // §6.2.1 literal with incremental indexing: 01xxxxxx, name index on 6 bits.
        name = this.literalName(block, end, 6);
        value = readString(block, at, end, this.maxString);
        this.table.add(name, value);
      } else if (first & 0x20) {
        throw new HpackError("dynamic table size update after the first field (RFC 7541 §4.2)", start);
      } else {
        // §6.2.2 without indexing (0000xxxx), §6.2.3 never indexed (0001xxxx).
        never = (first & 0x10) !== 0;
        name = this.literalName(block, end, 4);
        value = readString(block, at, end, this.maxString);
      }
      listSize += name.length + value.length + ENTRY_OVERHEAD;
      if (listSize <= maxListSize) {
        if (never && neverIndexed !== undefined) neverIndexed.push(out.length);
        out.push(name, value);
      }
    }
    if (listSize > maxListSize) throw new HeaderListTooLargeError(listSize, maxListSize);
  }

  /** §6.3 dynamic table size updates (001xxxxx), allowed only at the block's start. */
  private readSizeUpdates(block: Uint8Array, end: number): void {
    const at = this.at;
    while (at.pos < end && (block[at.pos]! & 0xe0) === 0x20) {
      const start = at.pos;
      const size = readInteger(block, at, end, 5);
      if (size > this.limit) {
        throw new HpackError(
          `dynamic table size update to ${size} exceeds SETTINGS_HEADER_TABLE_SIZE ${this.limit}`,
          start,
        );
      }
      if (size <= this.owedUpdateCeiling) this.owedUpdateCeiling = NONE_OWED;
      this.table.setMaxSize(size);
    }
    if (this.owedUpdateCeiling !== NONE_OWED) {
      throw new HpackError(
        `missing dynamic table size update to at most ${this.owedUpdateCeiling} after SETTINGS_HEADER_TABLE_SIZE went down`,
        at.pos,
      );
    }
  }

  /** The name of a literal: an index on `prefixBits` bits, or 0 and a string literal. */
  private literalName(block: Uint8Array, end: number, prefixBits: number): string {
    const start = this.at.pos;
    const index = readInteger(block, this.at, end, prefixBits);
    return index === 0 ? readString(block, this.at, end, this.maxString) : this.nameAt(index, start);
  }

  private nameAt(index: number, start: number): string {
    if (index === 0) throw new HpackError("index 0 is not a table entry", start);
    if (index <= STATIC_TABLE_LENGTH) return STATIC_NAMES[index]!;
    const position = index - FIRST_DYNAMIC_INDEX;
    if (position >= this.table.length) {
      throw new HpackError(
        `index ${index} is past the tables (61 static + ${this.table.length} dynamic entries)`,
        start,
      );
    }
    return this.table.name(position);
  }
}
