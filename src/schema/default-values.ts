/**
 * proto2 `[default = ...]` values, written into `default_value` the way protoc
 * writes them (descriptor.proto: "For numeric types, contains the original
 * text representation of the value... For bytes, contains the C escaped
 * value"). protoc normalizes what was written: integers in decimal, floats in
 * the shortest C `%g` form that reads back to the same value (15 then 17
 * digits for double, 6 then 9 for float), `inf`, `-inf`, `nan`.
 */
import { FieldType } from "./descriptor.js";
import { stringLiteralBytes } from "./tokenizer.js";

/** C's `%.{precision}g`. */
function formatG(value: number, precision: number): string {
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  let s = value.toExponential(precision - 1); // d.ddde±x
  const ePos = s.indexOf("e");
  const exp = Number(s.slice(ePos + 1));
  if (exp < -4 || exp >= precision) {
    let mant = s.slice(0, ePos);
    if (mant.indexOf(".") !== -1) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    const sign = exp < 0 ? "-" : "+";
    const digits = String(Math.abs(exp)).padStart(2, "0");
    return `${mant}e${sign}${digits}`;
  }
  s = value.toFixed(Math.max(0, precision - 1 - exp));
  if (s.indexOf(".") !== -1) s = s.replace(/0+$/, "").replace(/\.$/, "");
  return s;
}

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  return undefined;
}

/** A double as protoc writes it: `%.15g` if that reads back exactly, else `%.17g`. */
export function formatDouble(value: number): string {
  const sp = special(value);
  if (sp !== undefined) return sp;
  const short = formatG(value, 15);
  return Number(short) === value ? short : formatG(value, 17);
}

/** A float (already rounded to 32 bits) as protoc writes it: `%.6g`, else `%.9g`. */
export function formatFloat(value: number): string {
  const sp = special(value);
  if (sp !== undefined) return sp;
  // protoc's read-back check of the short form fails on subnormal floats (underflow), so they get 9 digits.
  if (value !== 0 && Math.abs(value) < 1.1754943508222875e-38) return formatG(value, 9);
  const short = formatG(value, 6);
  return Math.fround(Number(short)) === value ? short : formatG(value, 9);
}

/** C escaping as protoc's CEscape: \n \r \t \" \' \\ and octal for other non-printables. */
export function cEscape(bytes: ArrayLike<number>): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    switch (b) {
      case 10: out += "\\n"; break;
      case 13: out += "\\r"; break;
      case 9: out += "\\t"; break;
      case 34: out += '\\"'; break;
      case 39: out += "\\'"; break;
      case 92: out += "\\\\"; break;
      default:
        out += b < 0x20 || b >= 0x7f ? "\\" + b.toString(8).padStart(3, "0") : String.fromCharCode(b);
    }
  }
  return out;
}

/** The value of an integer token: decimal, 0x hex or 0 octal. */
export function integerValue(text: string): bigint {
  if (text.length > 1 && text.charCodeAt(0) === 48) {
    const x = text.charCodeAt(1) | 0x20;
    return x === 120 ? BigInt(text) : BigInt("0o" + text.slice(1));
  }
  return BigInt(text);
}

/** Limits of each integer type: [most negative, most positive]. */
export const INTEGER_RANGE = new Map<number, readonly [bigint, bigint]>([
  [FieldType.Int32, [-(2n ** 31n), 2n ** 31n - 1n]],
  [FieldType.Sint32, [-(2n ** 31n), 2n ** 31n - 1n]],
  [FieldType.Sfixed32, [-(2n ** 31n), 2n ** 31n - 1n]],
  [FieldType.Int64, [-(2n ** 63n), 2n ** 63n - 1n]],
  [FieldType.Sint64, [-(2n ** 63n), 2n ** 63n - 1n]],
  [FieldType.Sfixed64, [-(2n ** 63n), 2n ** 63n - 1n]],
  [FieldType.Uint32, [0n, 2n ** 32n - 1n]],
  [FieldType.Fixed32, [0n, 2n ** 32n - 1n]],
  [FieldType.Uint64, [0n, 2n ** 64n - 1n]],
  [FieldType.Fixed64, [0n, 2n ** 64n - 1n]],
]);

/** A float literal's value; `inf` and `nan` are identifiers in .proto. */
export function floatValue(text: string, negative: boolean): number {
  let v: number;
  if (text === "inf" || text === "infinity") v = Infinity;
  else if (text === "nan") v = NaN;
  else if (text.length > 1 && text.charCodeAt(0) === 48 && (text.charCodeAt(1) | 0x20) !== 46 && (text.charCodeAt(1) | 0x20) !== 101) v = Number(integerValue(text));
  else v = Number(text);
  return negative ? -v : v;
}

/** The bytes of one or more adjacent string literals. */
export function literalBytes(parts: readonly string[]): number[] {
  const out: number[] = [];
  for (const p of parts) stringLiteralBytes(p, out);
  return out;
}
