import { DecodeError } from "./decode-error.js";
import { halves } from "./int64.js";
import { Reader } from "./reader.js";
import { decodeUtf8 } from "./utf8.js";
import { WireType, wireTypeName } from "./wire-type.js";

/** One field as it sits on the wire, for teaching and debugging. */
export interface WireField {
  /** Offset of the tag's first byte. */
  offset: number;
  fieldNumber: number;
  wireType: number;
  /** The tag bytes and the value bytes, exactly as on the wire. */
  tagBytes: Uint8Array;
  valueBytes: Uint8Array;
  /** A schema-free reading of the value: a varint as unsigned, LEN as text if it is printable UTF-8. */
  value: string;
  /** For LEN fields whose body parses as a message: its fields. */
  children?: WireField[];
}

/**
 * Splits bytes into fields without a schema, the way `protoc --decode_raw`
 * does. Throws DecodeError on bytes that are not a valid message.
 */
export function readWireFields(bytes: Uint8Array, start = 0, end = bytes.length, depth = 0): WireField[] {
  const r = new Reader(bytes, start, end);
  const out: WireField[] = [];
  while (!r.done()) {
    const offset = r.pos;
    const tag = r.tag();
    const tagEnd = r.pos;
    const wireType = tag & 7;
    let value: string;
    let children: WireField[] | undefined;
    switch (wireType) {
      case WireType.Varint:
        r.varint64();
        value = halves.hi === 0 ? String(halves.lo) : String((BigInt(halves.hi) << 32n) | BigInt(halves.lo));
        break;
      case WireType.Fixed64:
        value = "0x" + r.fixed64().toString(16).padStart(16, "0");
        break;
      case WireType.Fixed32:
        value = "0x" + r.fixed32().toString(16).padStart(8, "0");
        break;
      case WireType.LengthDelimited: {
        const len = r.length();
        const bodyStart = r.pos;
        r.pos += len;
        children = depth < 64 && len > 0 ? tryFields(bytes, bodyStart, bodyStart + len, depth + 1) : undefined;
        const text = decodeUtf8(bytes, bodyStart, bodyStart + len);
        value = text !== undefined && isPrintable(text) ? JSON.stringify(text) : `${len} bytes`;
        if (text !== undefined && isPrintable(text)) children = undefined;
        break;
      }
      default:
        r.skip(tag);
        value = wireTypeName(wireType);
    }
    const field: WireField = {
      offset,
      fieldNumber: tag >>> 3,
      wireType,
      tagBytes: bytes.subarray(offset, tagEnd),
      valueBytes: bytes.subarray(tagEnd, r.pos),
      value,
    };
    if (children !== undefined) field.children = children;
    out.push(field);
  }
  return out;
}

function tryFields(bytes: Uint8Array, start: number, end: number, depth: number): WireField[] | undefined {
  try {
    return readWireFields(bytes, start, end, depth);
  } catch (e) {
    if (e instanceof DecodeError) return undefined;
    throw e;
  }
}

function isPrintable(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(s);
}

/** Hex of bytes, space separated: `08 96 01`. */
export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

/**
 * Prints fields one per line with their bytes, e.g.
 * `08 | 96 01   field 1 VARINT = 150`. `names` maps field paths like "3.2.1" to names.
 */
export function formatWireFields(fields: WireField[], names?: ReadonlyMap<string, string>, indent = "", path = ""): string {
  const lines: string[] = [];
  for (const f of fields) {
    const key = path === "" ? String(f.fieldNumber) : `${path}.${f.fieldNumber}`;
    const name = names?.get(key);
    const label = `field ${f.fieldNumber}${name ? ` (${name})` : ""} ${wireTypeName(f.wireType)}`;
    const valueHex = f.children ? hex(f.valueBytes.subarray(0, f.valueBytes.length - sumLen(f.children))) + " …" : hex(f.valueBytes);
    lines.push(`${indent}${hex(f.tagBytes)} | ${valueHex}`.padEnd(40) + `  ${label} = ${f.children ? `{ ${f.value} }` : f.value}`);
    if (f.children) lines.push(formatWireFields(f.children, names, indent + "    ", key));
  }
  return lines.join("\n");
}

function sumLen(fields: WireField[]): number {
  let n = 0;
  for (const f of fields) n += f.tagBytes.length + f.valueBytes.length;
  return n;
}
