import { describe, expect, it } from "vitest";
import {
  FIRST_DYNAMIC_INDEX,
  STATIC_ENTRIES,
  STATIC_NAMES,
  STATIC_TABLE_LENGTH,
  STATIC_VALUES,
} from "./static-table.js";

describe("the static table (RFC 7541 Appendix A)", () => {
  it("has 61 entries; the dynamic table starts at 62", () => {
    expect(STATIC_TABLE_LENGTH).toBe(61);
    expect(FIRST_DYNAMIC_INDEX).toBe(62);
    expect(STATIC_NAMES.length).toBe(62);
    expect(STATIC_VALUES.length).toBe(62);
  });

  // Spot checks against the RFC, including those Appendix C relies on.
  const rows: [number, string, string][] = [
    [1, ":authority", ""],
    [2, ":method", "GET"],
    [3, ":method", "POST"],
    [4, ":path", "/"],
    [7, ":scheme", "https"],
    [8, ":status", "200"],
    [14, ":status", "500"],
    [16, "accept-encoding", "gzip, deflate"],
    [24, "cache-control", ""],
    [26, "content-encoding", ""],
    [31, "content-type", ""],
    [33, "date", ""],
    [46, "location", ""],
    [55, "set-cookie", ""],
    [58, "user-agent", ""],
    [61, "www-authenticate", ""],
  ];
  it.each(rows)("index %i is %s: %j", (index, name, value) => {
    expect([STATIC_NAMES[index], STATIC_VALUES[index]]).toEqual([name, value]);
    expect(STATIC_ENTRIES[index - 1]).toEqual([name, value]);
  });

  it("names are lowercase and entries with the same name are adjacent", () => {
    const seen = new Set<string>();
    let previous = "";
    for (const [name] of STATIC_ENTRIES) {
      expect(name).toBe(name.toLowerCase());
      if (name !== previous) {
        expect(seen.has(name)).toBe(false);
        seen.add(name);
      }
      previous = name;
    }
  });
});
