import { describe, expect, it } from "vitest";
import { OutputBuffer } from "./output-buffer.js";
import {
  writeFrame,
  writeGoaway,
  writePing,
  writePriority,
  writeRstStream,
  writeSettings,
  writeSettingsAck,
  writeWindowUpdate,
} from "./write-control-frames.js";
import { writeData, writeHeaders, writePushPromise } from "./write-stream-frames.js";

const fill = (length: number, byte: number): Uint8Array => new Uint8Array(length).fill(byte);

describe("OutputBuffer", () => {
  it("packs small pieces into one chunk", () => {
    const out = new OutputBuffer();
    out.append(Uint8Array.of(1, 2));
    out.append(Uint8Array.of(3));
    out.appendZeros(2);
    expect(out.length).toBe(5);
    const chunks = out.takeChunks();
    expect(chunks.map((c) => [...c])).toEqual([[1, 2, 3, 0, 0]]);
    expect(out.length).toBe(0);
    expect(out.takeChunks()).toEqual([]);
  });

  it("references a payload over copyLimit instead of copying it", () => {
    const out = new OutputBuffer({ copyLimit: 4 });
    const big = fill(5, 7);
    out.append(Uint8Array.of(1));
    out.append(big);
    out.append(Uint8Array.of(2));
    const chunks = out.takeChunks();
    expect(chunks).toHaveLength(3);
    expect(chunks[1]).toBe(big);
    expect(chunks.map((c) => [...c])).toEqual([[1], [7, 7, 7, 7, 7], [2]]);
  });

  it("never rewrites bytes it has handed out", () => {
    const out = new OutputBuffer({ blockSize: 64 });
    out.append(fill(10, 1));
    const first = out.takeBuffer();
    out.append(fill(10, 2)); // goes on in the same block, after the handed-out bytes
    out.append(fill(60, 3)); // does not fit: a new block
    const second = out.takeChunks();
    expect([...first]).toEqual([...fill(10, 1)]);
    expect(second.map((c) => c.length)).toEqual([10, 60]);
    expect([...second[0]!]).toEqual([...fill(10, 2)]);
  });

  it("gives a block of its own to a reservation larger than blockSize", () => {
    const out = new OutputBuffer({ blockSize: 64, copyLimit: 200 });
    out.append(fill(100, 9));
    expect([...out.takeBuffer()]).toEqual([...fill(100, 9)]);
  });

  it("joins several chunks for takeBuffer, and hands a single one over as it is", () => {
    const out = new OutputBuffer({ copyLimit: 2 });
    const big = fill(3, 5);
    out.append(big);
    const single = out.takeBuffer();
    expect(single.buffer).toBe(big.buffer);
    expect([...single]).toEqual([5, 5, 5]);
    out.append(Uint8Array.of(1));
    out.append(big);
    expect([...out.takeBuffer()]).toEqual([1, 5, 5, 5]);
  });

  it("keeps frames whole when a block runs out under any writer", () => {
    // With 64-byte blocks and every lead-in length, each writer meets the end of a block at every point.
    const writers: Array<(o: OutputBuffer, i: number) => void> = [
      (o, i) => writePing(o, fill(8, i), false),
      (o) => writeSettingsAck(o),
      (o, i) => writeHeaders(o, 1, fill(20, i), false, 16_384, { padLength: 3, priority: { exclusive: true, dependency: 0, weight: 1 } }),
      (o, i) => writeData(o, 1, fill(i % 30, i), true, 16_384, i % 4),
      (o, i) => writeSettings(o, { headerTableSize: i, maxFrameSize: 16_384 + i }),
      (o, i) => writeGoaway(o, i, 2, fill(i % 5, 1)),
      (o, i) => writeRstStream(o, i + 1, 8),
      (o, i) => writeWindowUpdate(o, i, 1 + i),
      (o, i) => writePriority(o, i + 1, { exclusive: false, dependency: 0, weight: 256 }),
      (o, i) => writePushPromise(o, 1, 2 + i, fill(i % 20, 4), 16_384, i % 3),
      (o, i) => writeFrame(o, 0xbb, i, 0, fill(i % 20, 6)),
    ];
    for (const write of writers) {
      const out = new OutputBuffer({ blockSize: 64, copyLimit: 16 });
      const reference = new OutputBuffer();
      for (const o of [out, reference]) {
        for (let lead = 0; lead < 70; lead++) {
          o.append(fill(lead % 17, 0xee));
          write(o, lead);
        }
      }
      expect(out.takeBuffer().equals(reference.takeBuffer())).toBe(true);
    }
  });

  it("refuses nonsense options", () => {
    expect(() => new OutputBuffer({ blockSize: 8 })).toThrow("blockSize must be an integer of at least 64, got 8");
    expect(() => new OutputBuffer({ copyLimit: -1 })).toThrow("copyLimit must be a non-negative integer, got -1");
  });
});
