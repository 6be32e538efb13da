import { describe, expect, it } from "vitest";
import { cEscape, formatDouble, formatFloat, integerValue } from "./default-values.js";

describe("default_value formatting as protoc writes it", () => {
  it.each([
    [1.2345678901234568, "1.2345678901234567"],
    [0.1, "0.1"],
    [-Infinity, "-inf"],
    [Infinity, "inf"],
    [NaN, "nan"],
    [1e-5, "1e-05"],
    [123456789, "123456789"],
    [500, "500"],
    [1e100, "1e+100"],
    [-0, "-0"],
    [1 / 3, "0.33333333333333331"],
    [1.2345678901234568e29, "1.2345678901234568e+29"],
    [5e-324, "4.94065645841247e-324"],
    [1e-310, "9.99999999999997e-311"],
  ])("double %s -> %s", (v, text) => {
    expect(formatDouble(v)).toBe(text);
  });

  it.each([
    [Math.fround(0.1), "0.1"],
    [Math.fround(1e10), "1e+10"],
    [Math.fround(16777217), "16777216"],
    [Math.fround(1.1234567), "1.12345672"],
    [Math.fround(3), "3"],
    [Math.fround(3.40282e38), "3.40282e+38"],
    [Math.fround(1e-40), "9.9999461e-41"],
  ])("float %s -> %s", (v, text) => {
    expect(formatFloat(v)).toBe(text);
  });

  it("C-escapes bytes like protoc's CEscape", () => {
    expect(cEscape([1, 0xff, 10, 34, 97, 39, 122, 0xc3, 0xa9, 92, 9, 13])).toBe("\\001\\377\\n\\\"a\\'z\\303\\251\\\\\\t\\r");
  });

  it("reads decimal, hex and octal integers", () => {
    expect(integerValue("42")).toBe(42n);
    expect(integerValue("0x1F")).toBe(31n);
    expect(integerValue("017")).toBe(15n);
    expect(integerValue("0")).toBe(0n);
    expect(integerValue("18446744073709551615")).toBe(2n ** 64n - 1n);
  });
});
