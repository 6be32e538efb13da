// The interop matrix as a table: case x (client -> server) -> pass / FAIL /
// n/a, one table per transport, with the reasons for n/a cells and the
// notes on cells a peer could check only in part.
import type { CaseName, Pair, Security } from "./interop-matrix-peers.js";

export type CellStatus = "pass" | "FAIL" | "n/a" | "skipped";

export interface Cell {
  readonly status: CellStatus;
  /** For n/a and skipped: why; for FAIL: the failure; for pass: what the peer could not check. */
  readonly detail?: string;
}

export class Matrix {
  private readonly cells = new Map<string, Cell>();

  constructor(
    private readonly cases: readonly CaseName[],
    private readonly pairs: readonly Pair[],
    private readonly securities: readonly Security[],
  ) {}

  set(security: Security, pair: Pair, name: CaseName, cell: Cell): void {
    this.cells.set(key(security, pair, name), cell);
  }

  get(security: Security, pair: Pair, name: CaseName): Cell | undefined {
    return this.cells.get(key(security, pair, name));
  }

  /** The printed matrix. Cells never reached (a hook failed) show as "-". */
  render(): string {
    const notes = new Map<string, number>();
    const mark = (text: string): number => {
      let n = notes.get(text);
      if (n === undefined) notes.set(text, (n = notes.size + 1));
      return n;
    };
    const out: string[] = [];
    const width = Math.max(...this.cases.map((c) => c.length), 4);
    const headers = this.pairs.map(pairLabel);
    for (const security of this.securities) {
      out.push("", `gRPC interop matrix, ${security} (client -> server)`);
      const columns = headers.map((h) => Math.max(h.length, 9));
      out.push([pad("case", width), ...headers.map((h, i) => pad(h, columns[i]!))].join(" | "));
      out.push(["-".repeat(width), ...columns.map((w) => "-".repeat(w))].join("-|-"));
      let passed = 0;
      let failed = 0;
      let na = 0;
      for (const name of this.cases) {
        const row = this.pairs.map((pair, i) => {
          const cell = this.get(security, pair, name);
          if (cell === undefined) return pad("-", columns[i]!);
          if (cell.status === "pass") passed++;
          if (cell.status === "FAIL") failed++;
          if (cell.status === "n/a") na++;
          const text = cell.detail === undefined ? cell.status : `${cell.status} [${mark(cell.detail)}]`;
          return pad(text, columns[i]!);
        });
        out.push([pad(name, width), ...row].join(" | "));
      }
      out.push(`${passed} passed, ${failed} failed, ${na} n/a`);
    }
    if (notes.size > 0) {
      out.push("", "Notes:");
      for (const [text, n] of notes) out.push(`[${n}] ${text}`);
    }
    return out.join("\n");
  }
}

export function pairLabel(pair: Pair): string {
  return `${pair.client} -> ${pair.server}`;
}

function key(security: Security, pair: Pair, name: CaseName): string {
  return `${security}|${pair.client}|${pair.server}|${name}`;
}

function pad(text: string, width: number): string {
  return text.padEnd(width);
}
