import { describe, expect, it } from "vitest";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

/**
 * The Writer's memory management: results written in place in a shared
 * block; a message that outgrows the block's free tail moving to a buffer
 * sized from the last big message (or to the scratch buffer), and handed
 * that buffer or copied out; writers alive at the same time. Whatever path
 * a writer takes, every result must hold exactly its own bytes, keep them,
 * and show no other bytes through its `.buffer`.
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
    // A second big message goes straight to a buffer sized from the first.
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

  it("skip() leaves room that the caller fills in the result, zeroed until then", () => {
    const w = new Writer();
    w.skip(5).byte(0x08).uint32(150);
    const out = w.finish();
    expect(out.length).toBe(8);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0, 0x08, 0x96, 0x01]);
  });

  /** Every byte of `out.buffer` that is not `out`'s own. */
  function foreignBytes(out: Uint8Array): Uint8Array[] {
    const all = new Uint8Array(out.buffer);
    return [all.subarray(0, out.byteOffset), all.subarray(out.byteOffset + out.length)];
  }

  it("hands a big message its buffer, sized from the last big one, with nothing else in it", () => {
    const first = new Writer();
    writeNested(first, 100, 200, 1); // ~20 KB: outgrows the block
    const a = first.finish();
    // The second one of about that size is written straight into a buffer of
    // its own and handed out as it is; whatever else that buffer holds
    // (memory it was not zero-filled with, the tail it did not use) is zeroed.
    const second = new Writer();
    second.skip(5);
    writeNested(second, 100, 200, 2);
    const b = second.finish();
    expect(b.buffer).not.toBe(a.buffer);
    expect(b.buffer.byteLength).toBeGreaterThan(b.length); // a view, not an exact-size copy
    expect(b.buffer.byteLength - b.byteOffset).toBeLessThan(b.length * 1.5);
    for (const part of foreignBytes(b)) expect(part.every((x) => x === 0)).toBe(true);
    expect(Array.from(b.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(readNested(b.subarray(5))).toEqual(expected(100, 200, 2));
    expect(readNested(a)).toEqual(expected(100, 200, 1));
  });

  it("copies a big message out when its buffer is mostly unused, and keeps the buffer", () => {
    const big = new Writer();
    writeNested(big, 200, 200, 3); // ~40 KB
    big.finish();
    // Guessed from the last one, this buffer is four times too big: the
    // result gets an exact-size copy instead of pinning the rest.
    const smaller = new Writer();
    writeNested(smaller, 50, 200, 4);
    const out = smaller.finish();
    expect(out.buffer.byteLength).toBe(out.length);
    expect(readNested(out)).toEqual(expected(50, 200, 4));
    // Likewise after a message bigger than any kept buffer: a 20 KB result
    // must not pin the 1.5 MB buffer guessed from it.
    const huge = new Writer();
    writeNested(huge, 7000, 200, 5);
    huge.finish();
    const small = new Writer();
    writeNested(small, 100, 200, 6);
    const copied = small.finish();
    expect(copied.buffer.byteLength).toBe(copied.length);
    expect(readNested(copied)).toEqual(expected(100, 200, 6));
    // The results of many big messages of changing sizes stay intact.
    const results: [Uint8Array, number][] = [];
    for (let k = 0; k < 30; k++) {
      const w = new Writer();
      writeNested(w, 40 + ((k * 53) % 300), 150, k);
      results.push([w.finish(), k]);
    }
    for (const [bytes, k] of results) {
      expect(readNested(bytes)).toEqual(expected(40 + ((k * 53) % 300), 150, k));
      for (const part of foreignBytes(bytes)) expect(part.every((x) => x === 0)).toBe(true);
    }
  });

  it("zeroes what a message larger than the kept scratch buffers leaves of its buffer", () => {
    for (const n of [6000, 7000]) {
      const w = new Writer();
      writeNested(w, n, 200, n); // ~1.2-1.4 MB, past the scratch buffer's limit
      const out = w.finish();
      expect(readNested(out)).toEqual(expected(n, 200, n));
      for (const part of foreignBytes(out)) expect(part.every((x) => x === 0)).toBe(true);
    }
  });
});
