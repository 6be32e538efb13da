// The dynamic table, RFC 7541 §4: a first-in, first-out list of recent
// fields, newest first, bounded in size; both ends of a connection keep
// identical copies by applying the same rules.

/** §4.1: each entry counts 32 octets beyond its name and value. */
export const ENTRY_OVERHEAD = 32;

/** §4.1 size of an entry (name and value are latin1, so length = octets). */
export function entrySize(name: string, value: string): number {
  return name.length + value.length + ENTRY_OVERHEAD;
}

/** Told of each entry leaving the table, with the sequence number it was added under. */
export type EvictionListener = (name: string, value: string, sequence: number) => void;

/** What a table's owner shows of it: entries by position, 0 = newest (index 62). */
export interface TableView {
  readonly maxSize: number;
  readonly size: number;
  readonly length: number;
  name(position: number): string;
  value(position: number): string;
}

/**
 * Entries live in a ring of parallel arrays (no object per entry), the
 * oldest at `first`. Position 0 is the newest entry (HPACK index 62).
 */
export class DynamicTable implements TableView {
  private names: string[];
  private values: string[];
  private mask: number;
  private first = 0;
  private count = 0;
  private octets = 0;
  private limit: number;
  private added = 0;
  private readonly onEvict: EvictionListener | undefined;

  constructor(maxSize: number, onEvict?: EvictionListener) {
    this.limit = maxSize;
    this.onEvict = onEvict;
    this.names = new Array<string>(16).fill("");
    this.values = new Array<string>(16).fill("");
    this.mask = 15;
  }

  /** The most octets the table may hold (§4.2). */
  get maxSize(): number {
    return this.limit;
  }

  /** Octets held now, counted as §4.1 says. */
  get size(): number {
    return this.octets;
  }

  get length(): number {
    return this.count;
  }

  /**
   * Entries ever added (an entry too large for the table is not). The
   * entries' sequence numbers count up from 0, so the newest has
   * `inserted - 1` and the one at `position` has `inserted - 1 - position`.
   */
  get inserted(): number {
    return this.added;
  }

  /** Name of the entry at `position` (0 = newest, < length). */
  name(position: number): string {
    return this.names[(this.first + this.count - 1 - position) & this.mask]!;
  }

  value(position: number): string {
    return this.values[(this.first + this.count - 1 - position) & this.mask]!;
  }

  /**
   * Adds an entry (§4.4): evicts the oldest until it fits; an entry larger
   * than the whole table leaves the table empty and is not added.
   */
  add(name: string, value: string): void {
    const size = entrySize(name, value);
    if (size > this.limit) {
      this.evictUntil(0);
      return;
    }
    this.evictUntil(this.limit - size);
    if (this.count > this.mask) this.grow();
    const slot = (this.first + this.count) & this.mask;
    this.names[slot] = name;
    this.values[slot] = value;
    this.count++;
    this.octets += size;
    this.added++;
  }

  /** A new maximum (§4.3): evicts the oldest entries until the rest fit. */
  setMaxSize(maxSize: number): void {
    this.limit = maxSize;
    this.evictUntil(maxSize);
  }

  private evictUntil(target: number): void {
    while (this.octets > target) {
      const slot = this.first;
      const sequence = this.added - this.count;
      const name = this.names[slot]!;
      const value = this.values[slot]!;
      this.names[slot] = "";
      this.values[slot] = "";
      this.first = (slot + 1) & this.mask;
      this.count--;
      this.octets -= entrySize(name, value);
      this.onEvict?.(name, value, sequence);
    }
  }

  private grow(): void {
    const capacity = (this.mask + 1) * 2;
    const names = new Array<string>(capacity).fill("");
    const values = new Array<string>(capacity).fill("");
    for (let i = 0; i < this.count; i++) {
      names[i] = this.names[(this.first + i) & this.mask]!;
      values[i] = this.values[(this.first + i) & this.mask]!;
    }
    this.names = names;
    this.values = values;
    this.first = 0;
    this.mask = capacity - 1;
  }
}
