import { describe, expect, it } from "vitest";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

/**
 * The Writer's memory management: results written in place in a shared
 * block, moves to the scratch buffer when a message outgrows the block's
 * free tail, writers alive at the same time. Whatever path a writer takes,
 * every result must hold exactly its own bytes, and keep them.
 */

/** A message of `n` string fields of `len` characters, nested in one length-delimited field. */
function writeNested(w: Writer, n: number, len: number, seed: number): void {
  w.byte(0x0a);
  const at = w.beginLength();
  for (let i = 0; i < n; i++) w.byte(0x12).string(String.fromCharCode(97 + ((seed + i) % 26)).repeat(len));
  w.endLength(at);
}

function readNested(bytes: Uint8Array): string[] {
  const r = new Reader(bytes);
  expect(r.tag()).toBe(0x0a);
  const end = r.beginMessage();
  const out: string[] = [];
  while (!r.done()) {
    expect(r.tag()).toBe(0x12);
    out.push(r.string());
  }
  r.endMessage(end);
  expect(r.pos).toBe(bytes.length);
  return out;
}

function expected(n: number, len: number, seed: number): string[] {
  return Array.from({ length: n }, (_, i) => String.fromCharCode(97 + ((seed + i) % 26)).repeat(len));
}

describe("Writer buffers", () => {
  it("gives every result its own bytes, across many blocks", () => {
    const results: Uint8Array[] = [];
    // Sizes from a few bytes to past the block's free tail, so that some
    // messages start near the end of a block and move out of it.
    for (let k = 0; k < 400; k++) {
      const w = new Writer();
      writeNested(w, 1 + (k % 13), 1 + ((k * 37) % 300), k);
      results.push(w.finish());
    }
    results.forEach((bytes, k) => expect(readNested(bytes)).toEqual(expected(1 + (k % 13), 1 + ((k * 37) % 300), k)));
  });

  it("keeps positions from beginLength valid when a message moves to a bigger buffer", () => {
    // 50 fields of 200 characters: more than a block, so the body moves
    // (at least once) while its length byte is still reserved.
    const w = new Writer();
    writeNested(w, 50, 200, 3);
    expect(readNested(w.finish())).toEqual(expected(50, 200, 3));
    // A second big message reuses the scratch buffer the first one grew.
    const again = new Writer();
    writeNested(again, 60, 200, 5);
    expect(readNested(again.finish())).toEqual(expected(60, 200, 5));
  });

  it("serves two writers alive at the same time", () => {
    const outer = new Writer();
    outer.byte(0x0a);
    const at = outer.beginLength();
    const inner = new Writer();
    writeNested(inner, 3, 10, 1);
    const innerBytes = inner.finish();
    outer.byte(0x12).string("outer");
    outer.endLength(at);
    const outerBytes = outer.finish();
    expect(readNested(innerBytes)).toEqual(expected(3, 10, 1));
    expect(Array.from(outerBytes)).toEqual([0x0a, 7, 0x12, 5, ...Buffer.from("outer")]);
    // And the next writer still gets correct, separate memory.
    const next = new Writer();
    writeNested(next, 2, 4, 9);
    expect(readNested(next.finish())).toEqual(expected(2, 4, 9));
    expect(readNested(innerBytes)).toEqual(expected(3, 10, 1));
  });

  it("gets its buffers back from a writer that failed before finish()", () => {
    for (const size of [10, 20_000]) {
      const failed = new Writer();
      failed.string("x".repeat(size));
      failed.release();
      const w = new Writer();
      writeNested(w, 2, 5, 0);
      expect(readNested(w.finish())).toEqual(expected(2, 5, 0));
    }
  });

  it("skip() leaves room that the caller fills in the result", () => {
    const w = new Writer();
    w.skip(5).byte(0x08).uint32(150);
    const out = w.finish();
    expect(out.length).toBe(8);
    expect(Array.from(out.subarray(5))).toEqual([0x08, 0x96, 0x01]);
  });
});
