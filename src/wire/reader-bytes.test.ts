// Bytes taken from the input (bytes fields, unknown fields) are plain
// Uint8Arrays whatever the input is, so a message decoded from a Buffer (as
// from the network) is deep-equal to the same message decoded from a
// Uint8Array. From a plain array they are copies; from a Buffer, views.
import { Buffer } from "node:buffer";
import { describe, expect, it } from "vitest";
import { Reader } from "./reader.js";

// Field 1 (LEN) "abc", then field 2 (VARINT) 150.
const WIRE = [0x0a, 0x03, 0x61, 0x62, 0x63, 0x10, 0x96, 0x01];

/** A Buffer holding WIRE at a non-zero offset of a larger allocation, as Buffer's pool gives. */
function offsetBuffer(): Buffer {
  const whole = Buffer.alloc(WIRE.length + 7, 0xee);
  whole.set(WIRE, 7);
  return whole.subarray(7);
}

const reads: [label: string, read: (r: Reader) => Uint8Array, expected: number[]][] = [
  ["bytes()", (r) => (r.tag(), r.bytes()), [0x61, 0x62, 0x63]],
  ["bytesView()", (r) => (r.tag(), r.bytesView()), [0x61, 0x62, 0x63]],
  ["unknown() of a LEN field", (r) => r.unknown(r.tag()), WIRE.slice(0, 5)],
  ["unknown() of a varint field", (r) => (r.tag(), r.bytes(), r.unknown(r.tag())), WIRE.slice(5)],
  ["raw(start, end)", (r) => r.raw(2, 5), [0x61, 0x62, 0x63]],
];

describe("bytes read from the input are plain Uint8Arrays", () => {
  it.each(reads)("%s from a Buffer", (_label, read, expected) => {
    const out = read(new Reader(offsetBuffer()));
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
    expect(Buffer.isBuffer(out)).toBe(false);
    expect([...out]).toEqual(expected);
  });

  it.each(reads)("%s from a Uint8Array", (_label, read, expected) => {
    const out = read(new Reader(Uint8Array.from(WIRE)));
    expect(Object.getPrototypeOf(out)).toBe(Uint8Array.prototype);
    expect([...out]).toEqual(expected);
  });

  it("copies from a plain Uint8Array, which its owner may reuse", () => {
    const input = Uint8Array.from(WIRE);
    const r = new Reader(input);
    r.tag();
    const value = r.bytes();
    input.fill(0);
    expect([...value]).toEqual([0x61, 0x62, 0x63]);
  });

  it("views a Buffer without copying (node:http2 does not reuse its buffers)", () => {
    const input = offsetBuffer();
    const r = new Reader(input);
    r.tag();
    const value = r.bytes();
    expect(value.buffer).toBe(input.buffer);
    expect(value.byteOffset).toBe(input.byteOffset + 2);
  });

  it("gives equal values from either input", () => {
    const fromBuffer = new Reader(offsetBuffer());
    const fromArray = new Reader(Uint8Array.from(WIRE));
    fromBuffer.tag();
    fromArray.tag();
    expect(fromBuffer.bytes()).toStrictEqual(fromArray.bytes());
  });
});
