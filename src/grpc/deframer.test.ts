import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { Deframer } from "./deframer.js";
import { encodeEnvelope } from "./envelope.js";

interface Received {
  hex: string;
  compressed: boolean;
}

function collect(max = 1 << 20): { deframer: Deframer; out: Received[] } {
  const out: Received[] = [];
  const deframer = new Deframer(max, (m, compressed) => out.push({ hex: Buffer.from(m).toString("hex"), compressed }));
  return { deframer, out };
}

function feed(deframer: Deframer, bytes: Uint8Array, chunkSize: number): void {
  for (let i = 0; i < bytes.length; i += chunkSize) {
    expect(deframer.push(bytes.subarray(i, i + chunkSize))).toBeUndefined();
  }
}

const messages = [
  { body: "", compressed: false },
  { body: "089601", compressed: false },
  { body: "ff".repeat(300), compressed: true },
  { body: "", compressed: true },
  { body: "0a0568656c6c6f", compressed: false },
];
const stream = Buffer.concat(messages.map((m) => encodeEnvelope(Buffer.from(m.body, "hex"), m.compressed)));
const expected = messages.map((m) => ({ hex: m.body, compressed: m.compressed }));

describe("Deframer", () => {
  it.each([1, 2, 3, 5, 7, 64, stream.length])("cuts messages from chunks of %i bytes", (size) => {
    const { deframer, out } = collect();
    feed(deframer, stream, size);
    expect(out).toEqual(expected);
    expect(deframer.hasPartialMessage).toBe(false);
  });

  it("reports a message cut short", () => {
    const { deframer, out } = collect();
    const frame = encodeEnvelope(Buffer.from("0102030405", "hex"));
    feed(deframer, frame.subarray(0, 7), 1);
    expect(out).toEqual([]);
    expect(deframer.hasPartialMessage).toBe(true);
  });

  it("reports a prefix cut short", () => {
    const { deframer } = collect();
    deframer.push(Uint8Array.of(0, 0, 0));
    expect(deframer.hasPartialMessage).toBe(true);
  });

  it("refuses a length over the limit before its body arrives", () => {
    const { deframer, out } = collect(10);
    const status = deframer.push(Uint8Array.of(0, 0, 0, 0, 11));
    expect(status?.code).toBe(Code.ResourceExhausted);
    expect(status?.message).toContain("11 vs. 10");
    expect(out).toEqual([]);
    // Dead after the first error.
    expect(deframer.push(encodeEnvelope(new Uint8Array(1)))?.code).toBe(Code.ResourceExhausted);
  });

  it("accepts a message of exactly the limit", () => {
    const { deframer, out } = collect(4);
    feed(deframer, encodeEnvelope(new Uint8Array(4)), 1);
    expect(out).toHaveLength(1);
  });

  it.each([0x02, 0x80, 0xff])("rejects flag byte 0x%s as INTERNAL", (flag) => {
    const { deframer } = collect();
    expect(deframer.push(Uint8Array.of(flag, 0, 0, 0, 0))?.code).toBe(Code.Internal);
  });

  it("hands out views of the chunk when a message fits in one", () => {
    const frame = encodeEnvelope(Buffer.from("abcdef", "hex"));
    let seen: Uint8Array | undefined;
    new Deframer(100, (m) => (seen = m)).push(frame);
    expect(seen?.buffer).toBe(frame.buffer);
  });
});
