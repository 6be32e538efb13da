import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DecodeError, Writer } from "../wire/index.js";
import {
  decodeFileDescriptorProto,
  decodeFileDescriptorSet,
  encodeFileDescriptorProto,
  encodeFileDescriptorSet,
} from "./descriptor-codec.js";
import { parseProto } from "./parser.js";

const fixtures = join(import.meta.dirname, "../../test/schema/fixtures");
const sets = readdirSync(fixtures).filter((f) => f.endsWith(".binpb"));

describe("FileDescriptorSet bytes from protoc", () => {
  it.each(sets)("%s decodes and re-encodes to the same bytes", (name) => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, name)));
    const set = decodeFileDescriptorSet(bytes);
    expect(set.file.length).toBeGreaterThan(0);
    expect(Buffer.from(encodeFileDescriptorSet(set.file)).equals(Buffer.from(bytes))).toBe(true);
    for (const fd of set.file) {
      const one = encodeFileDescriptorProto(fd);
      expect(decodeFileDescriptorProto(one)).toEqual(fd);
    }
  });
});

describe("bytes in the model", () => {
  it("are plain Uint8Arrays of their own, even when read from a Buffer", () => {
    const fd = parseProto('syntax = "proto3"; option java_package = "x"; message M { int32 a = 1 [deprecated = true]; }', "m.proto");
    expect(Object.getPrototypeOf(fd.options)).toBe(Uint8Array.prototype);
    const bytes = encodeFileDescriptorProto(fd);
    expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype);
    const input = Buffer.from(bytes);
    const back = decodeFileDescriptorProto(input);
    expect(Object.getPrototypeOf(back.options)).toBe(Uint8Array.prototype);
    input.fill(0); // the caller reuses its buffer
    expect(back).toEqual(fd);
  });
});

describe("decoding bad bytes", () => {
  const good = encodeFileDescriptorProto(parseProto('syntax = "proto3"; package p; message M { int32 a = 1; }', "m.proto"));

  it("throws DecodeError on truncated input", () => {
    for (let cut = 1; cut < good.length; cut++) {
      let err: unknown;
      try {
        decodeFileDescriptorProto(good.subarray(0, cut));
      } catch (e) {
        err = e;
      }
      // Some prefixes are themselves valid messages; the others must fail with DecodeError.
      if (err !== undefined) expect(err).toBeInstanceOf(DecodeError);
    }
    expect(() => decodeFileDescriptorProto(good.subarray(0, good.length - 1))).toThrow(DecodeError);
  });

  it("throws DecodeError on a bad wire type and on runaway nesting", () => {
    expect(() => decodeFileDescriptorProto(Uint8Array.of(0x0f))).toThrow(DecodeError);
    // message_type { nested_type { nested_type { ... 200 deep
    let w = new Writer();
    let inner = new Uint8Array(0);
    for (let i = 0; i < 200; i++) {
      w = new Writer();
      w.tag(3, 2).bytes(inner);
      inner = w.finish().slice();
    }
    const top = new Writer().tag(4, 2).bytes(inner).finish();
    expect(() => decodeFileDescriptorProto(top)).toThrow(DecodeError);
  });

  it("skips unknown fields (source_code_info, newer fields)", () => {
    const extra = new Writer().raw(good).tag(9, 2).bytes(Uint8Array.of(1, 2, 3)).tag(14, 0).uint32(7).finish();
    expect(decodeFileDescriptorProto(extra)).toEqual(decodeFileDescriptorProto(good));
  });

  it("reads packed and unpacked public_dependency", () => {
    const unpacked = new Writer().tag(3, 2).string("a.proto").tag(10, 0).int32(0).finish();
    const packed = new Writer().tag(3, 2).string("a.proto").tag(10, 2).bytes(Uint8Array.of(0)).finish();
    expect(decodeFileDescriptorProto(unpacked).publicDependency).toEqual([0]);
    expect(decodeFileDescriptorProto(packed).publicDependency).toEqual([0]);
  });
});
