// Random and mutated header blocks through the decoder (and random octets
// through the Huffman decoder): the only exceptions that may come out are
// HpackError and HeaderListTooLargeError, and every decode stays bounded.
// A seeded PRNG makes any failure replayable.
import { describe, expect, it } from "vitest";
import { HpackDecoder } from "./decoder.js";
import { HpackEncoder } from "./encoder.js";
import { HeaderListTooLargeError, HpackError } from "./hpack-error.js";
import { huffmanDecode, huffmanLength } from "./huffman.js";

/** xorshift32: small, fast, deterministic. */
function rng(seed: number): (below: number) => number {
  let s = seed >>> 0 || 1;
  return (below) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % below;
  };
}

const NAMES = [":path", ":authority", "content-type", "grpc-timeout", "x-custom", "cookie", "authorization", "a-bin"];

function randomText(next: (below: number) => number, maxLength: number): string {
  let s = "";
  const length = next(maxLength + 1);
  for (let i = 0; i < length; i++) s += String.fromCharCode(next(4) === 0 ? next(256) : 0x61 + next(26));
  return s;
}

/** Sequences of blocks our encoder made from random lists: valid seeds to mutate. */
function seedSequences(next: (below: number) => number): Uint8Array[][] {
  const sequences: Uint8Array[][] = [];
  for (let s = 0; s < 40; s++) {
    const encoder = new HpackEncoder({ maxTableSize: [0, 64, 256, 4096][s % 4]!, huffman: s % 3 !== 0 });
    const blocks: Uint8Array[] = [];
    for (let b = 0; b < 6; b++) {
      if (next(5) === 0) encoder.setMaxTableSize(next(5000));
      const headers: string[] = [];
      for (let f = next(8); f > 0; f--) headers.push(NAMES[next(NAMES.length)]!, randomText(next, 40));
      blocks.push(encoder.encode(headers).slice());
    }
    sequences.push(blocks);
  }
  return sequences;
}

function mutate(block: Uint8Array, next: (below: number) => number): Uint8Array {
  const bytes = [...block];
  for (let edits = 1 + next(3); edits > 0; edits--) {
    const at = next(bytes.length + 1);
    switch (next(6)) {
      case 0: if (at < bytes.length) bytes[at]! ^= 1 << next(8); break;
      case 1: if (at < bytes.length) bytes[at] = next(256); break;
      case 2: bytes.splice(at, 0, next(256)); break;
      case 3: bytes.splice(at, 1 + next(4)); break;
      case 4: bytes.length = Math.min(bytes.length, at); break;
      default: bytes.splice(at, 0, ...bytes.slice(next(bytes.length + 1), next(bytes.length + 1))); break;
    }
  }
  return Uint8Array.from(bytes);
}

interface Tally {
  decoded: number;
  compressionErrors: number;
  tooLarge: number;
}

/** Fails the test (plain checks: expect() per input would dominate the run time). */
function check(ok: boolean, what: string, block: Uint8Array): void {
  if (!ok) throw new Error(`${what} after ${Buffer.from(block).toString("hex")}`);
}

/** Decodes, allowing only the decoder's two typed errors; checks what comes out. */
function tryDecode(decoder: HpackDecoder, block: Uint8Array, tally: Tally): void {
  try {
    const never: number[] = [];
    const out = decoder.decode(block, never);
    check(out.length % 2 === 0, "odd-length list", block);
    for (const p of never) check(p % 2 === 0 && p < out.length, "bad never-indexed position", block);
    tally.decoded++;
  } catch (e) {
    if (e instanceof HpackError) tally.compressionErrors++;
    else if (e instanceof HeaderListTooLargeError) tally.tooLarge++;
    else throw e;
  }
  check(decoder.dynamicTable.size <= decoder.dynamicTable.maxSize, "table over its size", block);
}

describe("decoder fuzzing", () => {
  it("takes 60,000 random blocks with only typed errors", () => {
    const next = rng(0x5eed);
    const tally: Tally = { decoded: 0, compressionErrors: 0, tooLarge: 0 };
    for (let i = 0; i < 60_000; i++) {
      const decoder = new HpackDecoder({ maxTableSize: [4096, 100][i % 2], maxHeaderListSize: 200 + next(2000) });
      const block = Uint8Array.from({ length: next(48) }, () => next(256));
      // A leading indexed-field bit half of the time: more blocks get past the first octet.
      if (block.length > 0 && i % 2 === 0) block[0] = 0x80 | next(70);
      tryDecode(decoder, block, tally);
    }
    expect(tally.decoded).toBeGreaterThan(1000);
    expect(tally.compressionErrors).toBeGreaterThan(10_000);
  });

  it("takes 40,000 mutations of valid block sequences with only typed errors", () => {
    const next = rng(0xb10c);
    const sequences = seedSequences(next);
    const tally: Tally = { decoded: 0, compressionErrors: 0, tooLarge: 0 };
    for (let i = 0; i < 40_000 / 6; i++) {
      const blocks = sequences[next(sequences.length)]!;
      const decoder = new HpackDecoder({ maxHeaderListSize: 100 + next(400) });
      const victim = next(blocks.length);
      for (let b = 0; b < blocks.length; b++) {
        tryDecode(decoder, b === victim ? mutate(blocks[b]!, next) : blocks[b]!, tally);
      }
    }
    expect(tally.decoded).toBeGreaterThan(10_000);
    expect(tally.compressionErrors).toBeGreaterThan(1000);
    expect(tally.tooLarge).toBeGreaterThan(100);
  });

  it("decodes 20,000 random octet strings as Huffman with only HpackError, and round-trips random text", () => {
    const next = rng(0x4aff);
    let decoded = 0;
    for (let i = 0; i < 10_000; i++) {
      const bytes = Uint8Array.from({ length: next(24) }, () => next(256));
      try {
        huffmanDecode(bytes, 0, bytes.length);
        decoded++;
      } catch (e) {
        if (!(e instanceof HpackError)) throw e;
      }
    }
    expect(decoded).toBeGreaterThan(100);
    const encoder = new HpackEncoder({ maxTableSize: 0 });
    const decoder = new HpackDecoder();
    for (let i = 0; i < 10_000; i++) {
      const value = randomText(next, 30);
      const block = encoder.encode(["x", value]);
      check(huffmanLength(value) >= Math.ceil((value.length * 5) / 8), "Huffman shorter than 5 bits a char", block);
      const out = decoder.decode(block);
      check(out.length === 2 && out[0] === "x" && out[1] === value, "round trip", block);
    }
  });
});
