import { DecodeError } from "../wire/decode-error.js";

/**
 * Used by generated decoders: names the message and field a DecodeError came
 * from ("UserResponse.recommends"), keeping the innermost name. `tag` is the
 * last tag read; an error in reading the next tag is not in that field, so it
 * names only the message ("in a tag of UserResponse").
 */
export function withFieldContext(e: unknown, typeName: string, tag: number, fieldNames: ReadonlyMap<number, string>): unknown {
  if (!(e instanceof DecodeError)) return e;
  if (e.inTag) return e.withContext(typeName);
  const n = tag >>> 3;
  return e.withContext(`${typeName}.${fieldNames.get(n) ?? `field ${n}`}`);
}

/**
 * Used by generated decoders around a map entry: an error in one of the
 * entry's tags names the entry's message ("in a tag of pkg.M.ValuesEntry");
 * any other error is left for withFieldContext to name the map field.
 */
export function withTagContext(e: unknown, typeName: string): unknown {
  return e instanceof DecodeError && e.inTag ? e.withContext(typeName) : e;
}

/**
 * Used by generated decoders for proto2 (closed) enums: a packed value that
 * is not a known enum number is kept as an unpacked unknown field, tag first.
 */
export function unknownEnumValue(tag: number, varint: Uint8Array): Uint8Array {
  const tagBytes: number[] = [];
  let t = tag >>> 0;
  while (t > 0x7f) {
    tagBytes.push((t & 0x7f) | 0x80);
    t >>>= 7;
  }
  tagBytes.push(t);
  const out = new Uint8Array(tagBytes.length + varint.length);
  out.set(tagBytes);
  out.set(varint, tagBytes.length);
  return out;
}
