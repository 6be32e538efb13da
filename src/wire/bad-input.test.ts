// Every way the Reader rejects bytes: always a DecodeError, always with the
// offset where the problem starts.
import { describe, expect, it } from "vitest";
import { DecodeError } from "./decode-error.js";
import { Reader } from "./reader.js";
import { Writer } from "./writer.js";

function bytesOf(h: string): Uint8Array {
  return Uint8Array.from(h.split(" ").filter(Boolean), (b) => parseInt(b, 16));
}

/** Reads a whole message without a schema: tags, values, nested groups. */
function readAll(r: Reader): void {
  while (!r.done()) r.skip(r.tag());
}

type BadCase = [label: string, wire: string, read: (r: Reader) => unknown, reason: RegExp, offset: number];

const cases: BadCase[] = [
  ["empty varint", "", (r) => r.uint32(), /truncated varint/, 0],
  ["truncated varint", "96", (r) => r.uint32(), /truncated varint/, 0],
  ["truncated 64-bit varint", "08 ff ff", (r) => (r.tag(), r.int64()), /truncated varint/, 1],
  ["varint longer than 10 bytes", "ff ff ff ff ff ff ff ff ff ff 01", (r) => r.int64(), /longer than 10 bytes/, 0],
  ["varint longer than 10 bytes (fast path)", "ff ff ff ff ff ff ff ff ff ff 01 00 00", (r) => r.uint32(), /longer than 10 bytes/, 0],
  ["truncated fixed32", "0d 01 02 03", (r) => (r.tag(), r.fixed32()), /truncated fixed32/, 1],
  ["truncated fixed64", "09 01 02 03 04 05 06 07", (r) => (r.tag(), r.fixed64()), /truncated fixed64/, 1],
  ["truncated float", "01 02", (r) => r.float(), /truncated float/, 0],
  ["truncated double", "01 02", (r) => r.double(), /truncated double/, 0],
  ["truncated length", "0a", readAll, /truncated varint/, 1],
  ["length past the end", "0a 05 61 62", readAll, /length 5 runs past the end/, 1],
  ["huge length is checked before any allocation", "0a ff ff ff ff 0f", (r) => (r.tag(), r.bytes()), /runs past the end/, 1],
  ["wire type 6", "0e", (r) => r.tag(), /invalid wire type 6/, 0],
  ["wire type 7", "0f", (r) => r.tag(), /invalid wire type 7/, 0],
  ["field number 0", "00 01", (r) => r.tag(), /field number 0/, 0],
  ["field number above 2^29-1", "f8 ff ff ff 7f", (r) => r.tag(), /field number above 536870911/, 0],
  ["end-group without a start", "0c", readAll, /end-group tag for field 1 without a start-group/, 0],
  ["end-group with the wrong number", "0b 08 01 14", readAll, /end-group tag for field 2 inside group 1/, 3],
  ["group without an end", "0b 08 01", readAll, /group 1 has no end-group tag/, 0],
  ["invalid UTF-8: lone continuation byte", "01 80", (r) => r.string(), /invalid UTF-8/, 1],
  ["invalid UTF-8: overlong encoding of '/'", "02 c0 af", (r) => r.string(), /invalid UTF-8/, 1],
  ["invalid UTF-8: encoded surrogate", "03 ed a0 80", (r) => r.string(), /invalid UTF-8/, 1],
  ["invalid UTF-8: truncated 4-byte sequence", "03 f0 9f 98", (r) => r.string(), /invalid UTF-8/, 1],
  ["invalid UTF-8: above U+10FFFF", "04 f4 90 80 80", (r) => r.string(), /invalid UTF-8/, 1],
  ["nested message ends inside a field", "0a 02 08 96 01", (r) => { r.tag(); const e = r.beginMessage(); r.tag(); r.uint32(); r.endMessage(e); }, /truncated varint/, 3],
];

/** Errors in a tag (its varint, field number or wire type) say so: a schema-aware decoder then names the message, not a field. */
const tagCases: [label: string, wire: string, read: (r: Reader) => unknown, message: string][] = [
  ["truncated one-byte tag", "80", (r) => r.tag(), "truncated varint in a tag at byte 0"],
  ["truncated tag after a field", "08 01 80", readAll, "truncated varint in a tag at byte 2"],
  ["tag longer than 10 bytes", "ff ff ff ff ff ff ff ff ff ff 01", (r) => r.tag(), "varint longer than 10 bytes in a tag at byte 0"],
  ["field number 0", "00 01", (r) => r.tag(), "field number 0 is not allowed in a tag at byte 0"],
  ["field number 0 in a two-byte tag", "80 00", (r) => r.tag(), "field number 0 is not allowed in a tag at byte 0"],
  ["field number above 2^29-1", "f8 ff ff ff 7f", (r) => r.tag(), "field number above 536870911 in a tag at byte 0"],
  ["wire type 6", "08 01 0e", readAll, "invalid wire type 6 in a tag at byte 2"],
  ["wire type 7 in a two-byte tag", "ff 01", (r) => r.tag(), "invalid wire type 7 in a tag at byte 0"],
  ["end-group without a start", "08 01 0c", readAll, "end-group tag for field 1 without a start-group in a tag at byte 2"],
  ["end-group with the wrong number", "0b 08 01 14", readAll, "end-group tag for field 2 inside group 1 in a tag at byte 3"],
];

/** Errors in a value are not tag errors, even right after a tag. */
const valueCases: [label: string, wire: string, read: (r: Reader) => unknown][] = [
  ["truncated varint value", "08 ff", readAll],
  ["truncated length", "0a", readAll],
  ["length past the end", "0a 05 61", readAll],
  ["truncated fixed32", "0d 01", readAll],
  ["group without an end", "0b 08 01", readAll],
];

function decodeErrorOf(read: () => unknown): DecodeError {
  try {
    read();
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("expected a DecodeError");
}

describe("tag errors are marked as such", () => {
  it.each(tagCases)("%s", (_label, wire, read, message) => {
    const e = decodeErrorOf(() => read(new Reader(bytesOf(wire))));
    expect(e.message).toBe(message);
    expect(e.inTag).toBe(true);
  });
  it.each(valueCases)("%s is a value error", (_label, wire, read) => {
    expect(decodeErrorOf(() => read(new Reader(bytesOf(wire)))).inTag).toBe(false);
  });
});

describe("Reader rejects bad input with a DecodeError and its offset", () => {
  it.each(cases)("%s", (_label, wire, read, reason, offset) => {
    let caught: unknown;
    try {
      read(new Reader(bytesOf(wire)));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DecodeError);
    const err = caught as DecodeError;
    expect(err.message).toMatch(reason);
    expect(err.offset).toBe(offset);
  });

  it("limits nesting of groups to 100", () => {
    const depth = 101;
    const bytes = new Uint8Array(depth * 2);
    bytes.fill(0x0b, 0, depth); // start-group, field 1
    bytes.fill(0x0c, depth); // end-group, field 1
    expect(() => readAll(new Reader(bytes))).toThrow(/nested deeper than 100/);
    // 100 levels are fine.
    expect(() => readAll(new Reader(bytes.subarray(1, bytes.length - 1)))).not.toThrow();
  });

  it("limits nesting of embedded messages to 100", () => {
    // Build 101 levels of field 1 { field 1 { ... } } and walk them.
    const w = new Writer();
    for (let i = 0; i < 101; i++) w.tag(1, 2).fork();
    for (let i = 0; i < 101; i++) w.join();
    const r = new Reader(w.finish());
    const walk = (): void => {
      while (!r.done()) {
        r.tag();
        const end = r.beginMessage();
        walk();
        r.endMessage(end);
      }
    };
    expect(walk).toThrow(/nested deeper than 100/);
  });

  it("names the message, not a field, when a higher layer adds context to a tag error", () => {
    const e = new DecodeError("truncated varint", 2, undefined, true).withContext("routeguide.v1.Point");
    expect(e.message).toBe("truncated varint in a tag of routeguide.v1.Point at byte 2");
    expect(e.inTag).toBe(true);
    expect(e.context).toBe("routeguide.v1.Point");
  });

  it("names the field in context when a higher layer adds it", () => {
    const e = new DecodeError("truncated varint", 3).withContext("UserRequest.user_id");
    expect(e.message).toBe("truncated varint in UserRequest.user_id at byte 3");
    expect(e.offset).toBe(3);
  });
});
