// Random and mutated buffers through every Reader entry point: the only
// exception that may ever come out is DecodeError.
import { describe, expect, it } from "vitest";
import { DecodeError } from "./decode-error.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";
import { WireType } from "./wire-type.js";

/** A small deterministic PRNG (xorshift32) so failures can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** Walks bytes as a message of unknown schema, trying a typed read per wire type. */
function readEverything(bytes: Uint8Array): void {
  const r = new Reader(bytes);
  const walk = (): void => {
    while (!r.done()) {
      const tag = r.tag();
      switch (tag & 7) {
        case WireType.Varint:
          if (tag & 8) r.sint64();
          else r.int32();
          break;
        case WireType.Fixed64:
          r.double();
          break;
        case WireType.Fixed32:
          r.sfixed32();
          break;
        case WireType.LengthDelimited: {
          const start = r.pos;
          // Try it as a nested message first, then as a string, then skip it.
          try {
            const end = r.beginMessage();
            walk();
            r.endMessage(end);
          } catch (e) {
            if (!(e instanceof DecodeError)) throw e;
            r.pos = start;
            r.end = bytes.length;
            r.depth = 0;
            try {
              r.string();
            } catch (e2) {
              if (!(e2 instanceof DecodeError)) throw e2;
              r.pos = start;
              r.bytes();
            }
          }
          break;
        }
        default:
          r.skip(tag);
      }
    }
  };
  walk();
}

function sampleMessage(next: () => number): Uint8Array {
  const w = new Writer();
  const n = next() % 8;
  for (let i = 0; i < n; i++) {
    const field = (next() % 20) + 1;
    switch (next() % 6) {
      case 0:
        w.tag(field, 0).int64(BigInt.asIntN(64, (BigInt(next()) << 32n) | BigInt(next())));
        break;
      case 1:
        w.tag(field, 1).double(next() / 7);
        break;
      case 2:
        w.tag(field, 2).string("héllo😀".slice(0, next() % 8));
        break;
      case 3:
        w.tag(field, 2).fork().tag(1, 0).uint32(next()).tag(2, 2).string("x").join();
        break;
      case 4:
        w.tag(field, 3).tag(1, 0).uint32(next()).tag(field, 4);
        break;
      default:
        w.tag(field, 5).fixed32(next());
    }
  }
  return w.finish().slice();
}

describe("wire fuzz", () => {
  it("lets only DecodeError escape from 120,000 random and mutated inputs", () => {
    const next = rng(0x5eed);
    const seeds = Array.from({ length: 64 }, () => sampleMessage(next));
    const deadline = Date.now() + 40_000;
    let inputs = 0;
    let rejected = 0;
    for (; inputs < 120_000 && Date.now() < deadline; inputs++) {
      let bytes: Uint8Array;
      if (inputs % 3 === 0) {
        bytes = new Uint8Array(next() % 48);
        for (let i = 0; i < bytes.length; i++) bytes[i] = next() & 0xff;
      } else {
        const seed = seeds[next() % seeds.length]!;
        bytes = seed.slice(0, seed.length - (inputs % 5 === 0 ? next() % 4 : 0));
        const flips = 1 + (next() % 4);
        for (let f = 0; f < flips && bytes.length > 0; f++) {
          const at = next() % bytes.length;
          bytes[at] = next() % 2 === 0 ? next() & 0xff : bytes[at]! ^ (1 << next() % 8);
        }
      }
      try {
        readEverything(bytes);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw new Error(`non-DecodeError for ${Buffer.from(bytes).toString("hex")}: ${String(e)}`);
        rejected++;
      }
    }
    expect(inputs).toBeGreaterThanOrEqual(100_000);
    expect(rejected).toBeGreaterThan(0);
    expect(rejected).toBeLessThan(inputs);
  });
});
