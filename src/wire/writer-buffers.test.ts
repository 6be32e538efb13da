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

  /** A finished nested message (see writeNested), from a fresh Writer. */
  function nested(n: number, len: number, seed: number): Uint8Array {
    const w = new Writer();
    writeNested(w, n, len, seed);
    return w.finish();
  }

  /** Every byte of `out.buffer` that is not `out`'s own is zero. */
  function expectNothingElseInBuffer(out: Uint8Array): void {
    const all = new Uint8Array(out.buffer);
    expect(all.subarray(0, out.byteOffset).every((x) => x === 0)).toBe(true);
    expect(all.subarray(out.byteOffset + out.length).every((x) => x === 0)).toBe(true);
  }

  it("hands a big message its buffer, sized from the last big one, with nothing else in it", () => {
    const a = nested(100, 200, 1); // ~20 KB: outgrows the block
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
    expectNothingElseInBuffer(b);
    expect(Array.from(b.subarray(0, 5))).toEqual([0, 0, 0, 0, 0]);
    expect(readNested(b.subarray(5))).toEqual(expected(100, 200, 2));
    expect(readNested(a)).toEqual(expected(100, 200, 1));
  });

  it.each([
    // Guessed from the last one, the buffer is four times too big.
    ["a ~40 KB message", 200, 50],
    // The guess is past the scratch buffer's limit: a 20 KB result must not pin 1.5 MB.
    ["a ~1.4 MB message", 7000, 100],
  ])("copies a big message out when the buffer guessed after %s is mostly unused", (_, before, after) => {
    nested(before, 200, 3);
    const out = nested(after, 200, 4);
    expect(out.buffer.byteLength).toBe(out.length);
    expect(readNested(out)).toEqual(expected(after, 200, 4));
  });

  it("keeps the results of many big messages of changing sizes intact", () => {
    const size = (k: number) => 40 + ((k * 53) % 300);
    const results = Array.from({ length: 30 }, (_, k) => nested(size(k), 150, k));
    results.forEach((bytes, k) => {
      expect(readNested(bytes)).toEqual(expected(size(k), 150, k));
      expectNothingElseInBuffer(bytes);
    });
  });

  it("zeroes what a message larger than the kept scratch buffers leaves of its buffer", () => {
    for (const n of [6000, 7000]) {
      const out = nested(n, 200, n); // ~1.2-1.4 MB, past the scratch buffer's limit
      expect(readNested(out)).toEqual(expected(n, 200, n));
      expectNothingElseInBuffer(out);
    }
  });
});
