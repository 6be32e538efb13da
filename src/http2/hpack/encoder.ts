// The HPACK encoder, RFC 7541 §6 and §7: turns a flat list of fields into
// one header block, keeping a dynamic table in step with the peer's decoder.
import { ByteSink } from "./byte-sink.js";
import { DynamicTable, type TableView } from "./dynamic-table.js";
import { Indexing, type IndexingOptions, IndexingPolicy } from "./indexing-policy.js";
import { writeInteger } from "./integer.js";
import { FIRST_DYNAMIC_INDEX, STATIC_ENTRIES } from "./static-table.js";
import { writeString } from "./string-literal.js";

export interface HpackEncoderOptions extends IndexingOptions {
  /**
   * Most octets of dynamic table this encoder uses, however much the
   * peer's SETTINGS_HEADER_TABLE_SIZE allows. Default 4096.
   */
  maxTableSize?: number | undefined;
  /** Huffman-code string literals when that is not longer. Default true. */
  huffman?: boolean | undefined;
}

/** HTTP/2's initial SETTINGS_HEADER_TABLE_SIZE (RFC 9113 §6.5.2). */
const INITIAL_TABLE_SIZE = 4096;

// Where a field already is, in one number: a static index as its negative,
// a dynamic entry as its sequence number (>= 0), which stays fixed while
// the entry's index moves up as newer entries arrive.
type Location = number;

export class HpackEncoder {
  private readonly table: DynamicTable;
  private readonly policy: IndexingPolicy;
  private readonly huffman: boolean;
  private readonly cap: number;
  /** name -> value -> where that exact field is. */
  private readonly fields = new Map<string, Map<string, Location>>();
  /** name -> where a field of that name is (static preferred). */
  private readonly names = new Map<string, Location>();
  private readonly sink = new ByteSink(512);
  /** Table size to announce at the start of the next block (§4.2); -1 if none. */
  private nextSize = -1;
  /** The smallest size the table had to go to since the last block. */
  private smallestSize = Infinity;

  constructor(options: HpackEncoderOptions = {}) {
    this.cap = options.maxTableSize ?? INITIAL_TABLE_SIZE;
    this.huffman = options.huffman ?? true;
    this.policy = new IndexingPolicy(options);
    this.table = new DynamicTable(INITIAL_TABLE_SIZE, (name, value, sequence) =>
      this.forget(name, value, sequence),
    );
    STATIC_ENTRIES.forEach(([name, value], i) => {
      this.valuesOf(name).set(value, -(i + 1));
      if (!this.names.has(name)) this.names.set(name, -(i + 1));
    });
    // Both ends start at 4096; using less must be announced.
    if (this.cap < INITIAL_TABLE_SIZE) this.setMaxTableSize(INITIAL_TABLE_SIZE);
  }

  /** The dynamic table, read-only (a pending size change shows after the next encode). */
  get dynamicTable(): TableView {
    return this.table;
  }

  /**
   * Call with the peer's SETTINGS_HEADER_TABLE_SIZE each time it sends one.
   * The table is resized, and the change announced, at the start of the
   * next block; if it went down and up again, the lowest size is announced
   * first, as §4.2 requires.
   */
  setMaxTableSize(peerSize: number): void {
    const size = Math.min(peerSize, this.cap);
    this.nextSize = size;
    this.smallestSize = Math.min(this.smallestSize, size);
  }

  /**
   * Encodes `[name0, value0, name1, value1, ...]` (names lowercase, chars
   * U+0000..U+00FF) into a header block.
   *
   * The result is a view of the encoder's own buffer, valid until the next
   * call: write it out or copy it before encoding again. Its first
   * `headroom` octets are left for the caller (e.g. a 9-octet frame header,
   * so the frame needs no copy); the header block follows them.
   *
   * Throws TypeError for an odd-length list or a name with uppercase
   * letters, RangeError for a char above U+00FF. After a throw, the table is
   * emptied and the next block starts by emptying the peer's too, so the
   * two stay in step.
   */
  encode(headers: readonly string[], headroom = 0): Uint8Array {
    if (headers.length % 2 !== 0) throw new TypeError("header list must be [name, value, ...] pairs");
    const sink = this.sink;
    sink.pos = 0;
    sink.ensure(headroom);
    sink.pos = headroom;
    try {
      if (this.nextSize >= 0) this.announceSize();
      for (let i = 0; i < headers.length; i += 2) this.encodeField(headers[i]!, headers[i + 1]!);
    } catch (e) {
      this.emptyBothTables();
      throw e;
    }
    return sink.buf.subarray(0, sink.pos);
  }

  private encodeField(name: string, value: string): void {
    const location = this.fields.get(name)?.get(value);
    if (location !== undefined) {
      // §6.1 indexed field: 1xxxxxxx.
      writeInteger(this.sink, this.indexOf(location), 7, 0x80);
      return;
    }
    const nameLocation = this.names.get(name);
    if (nameLocation === undefined) checkName(name);
    const nameIndex = nameLocation === undefined ? 0 : this.indexOf(nameLocation);
    switch (this.policy.choose(name, value, this.table.maxSize, nameLocation !== undefined)) {
      case Indexing.Incremental:
        this.writeLiteral(0x40, 6, nameIndex, name, value);
        this.remember(name, value);
        break;
      case Indexing.None:
        this.writeLiteral(0x00, 4, nameIndex, name, value);
        break;
      case Indexing.Never:
        this.writeLiteral(0x10, 4, nameIndex, name, value);
        break;
    }
  }

  /** §6.2: the pattern bits and name index, the name if not indexed, the value. */
  private writeLiteral(pattern: number, prefixBits: number, nameIndex: number, name: string, value: string): void {
    writeInteger(this.sink, nameIndex, prefixBits, pattern);
    if (nameIndex === 0) writeString(this.sink, name, this.huffman);
    writeString(this.sink, value, this.huffman);
  }

  private indexOf(location: Location): number {
    return location < 0 ? -location : FIRST_DYNAMIC_INDEX + this.table.inserted - 1 - location;
  }

  /** §6.3 dynamic table size update(s): 001xxxxx. */
  private announceSize(): void {
    const size = this.nextSize;
    const smallest = this.smallestSize;
    if (smallest < size) this.writeSizeUpdate(smallest);
    if (smallest < size || size !== this.table.maxSize) this.writeSizeUpdate(size);
    this.nextSize = -1;
    this.smallestSize = Infinity;
  }

  private writeSizeUpdate(size: number): void {
    writeInteger(this.sink, size, 5, 0x20);
    this.table.setMaxSize(size);
  }

  /** After a failed block: empty our table, and have the next block empty the peer's. */
  private emptyBothTables(): void {
    const size = this.nextSize >= 0 ? this.nextSize : this.table.maxSize;
    this.table.setMaxSize(0);
    this.table.setMaxSize(size);
    this.nextSize = size;
    this.smallestSize = 0;
  }

  private remember(name: string, value: string): void {
    const sequence = this.table.inserted;
    this.table.add(name, value);
    if (this.table.inserted === sequence) return; // too large: the table emptied itself (§4.4)
    this.valuesOf(name).set(value, sequence);
    if (!this.names.has(name) || this.names.get(name)! >= 0) this.names.set(name, sequence);
  }

  /** Drops an evicted entry from the lookups, unless a newer entry took its place. */
  private forget(name: string, value: string, sequence: number): void {
    const values = this.fields.get(name);
    if (values !== undefined && values.get(value) === sequence) {
      values.delete(value);
      if (values.size === 0) this.fields.delete(name);
    }
    if (this.names.get(name) === sequence) this.names.delete(name);
  }

  private valuesOf(name: string): Map<string, Location> {
    let values = this.fields.get(name);
    if (values === undefined) {
      values = new Map();
      this.fields.set(name, values);
    }
    return values;
  }
}

/** HTTP/2 field names are lowercase (RFC 9113 §8.2.1); checked once per new name. */
function checkName(name: string): void {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) throw new TypeError(`header name ${JSON.stringify(name)} has uppercase letters`);
  }
}
