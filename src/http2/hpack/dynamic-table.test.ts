import { describe, expect, it } from "vitest";
import { DynamicTable, entrySize } from "./dynamic-table.js";

function contents(t: DynamicTable): string[] {
  return Array.from({ length: t.length }, (_, i) => `${t.name(i)}: ${t.value(i)}`);
}

describe("the dynamic table (RFC 7541 §4)", () => {
  it("counts name + value + 32 octets per entry (§4.1)", () => {
    expect(entrySize("custom-key", "custom-header")).toBe(55);
    expect(entrySize("", "")).toBe(32);
    const t = new DynamicTable(4096);
    t.add("custom-key", "custom-header");
    t.add(":authority", "www.example.com");
    expect(t.size).toBe(55 + 57);
    expect(t.length).toBe(2);
  });

  it("keeps the newest entry first", () => {
    const t = new DynamicTable(4096);
    t.add("a", "1");
    t.add("b", "2");
    t.add("c", "3");
    expect(contents(t)).toEqual(["c: 3", "b: 2", "a: 1"]);
  });

  it("evicts the oldest entries to make room (§4.4), as in RFC 7541 C.5.3", () => {
    const t = new DynamicTable(256);
    const evicted: string[] = [];
    const listening = new DynamicTable(256, (n, v, seq) => evicted.push(`${seq} ${n}: ${v}`));
    for (const table of [t, listening]) {
      table.add(":status", "302");
      table.add("cache-control", "private");
      table.add("date", "Mon, 21 Oct 2013 20:13:21 GMT");
      table.add("location", "https://www.example.com");
      expect(table.size).toBe(222);
      table.add(":status", "307");
      expect(table.size).toBe(222);
      table.add("date", "Mon, 21 Oct 2013 20:13:22 GMT");
      table.add("content-encoding", "gzip");
      table.add("set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1");
      expect(contents(table)).toEqual([
        "set-cookie: foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
        "content-encoding: gzip",
        "date: Mon, 21 Oct 2013 20:13:22 GMT",
      ]);
      expect(table.size).toBe(215);
      expect(table.inserted).toBe(8);
    }
    expect(evicted).toEqual([
      "0 :status: 302",
      "1 cache-control: private",
      "2 date: Mon, 21 Oct 2013 20:13:21 GMT",
      "3 location: https://www.example.com",
      "4 :status: 307",
    ]);
  });

  it("empties itself for an entry larger than the table, and does not add it (§4.4)", () => {
    const t = new DynamicTable(100);
    t.add("a", "1");
    t.add("b", "2");
    t.add("big", "x".repeat(100));
    expect(t.length).toBe(0);
    expect(t.size).toBe(0);
    expect(t.inserted).toBe(2);
    // An entry of exactly the table's size fits.
    t.add("e", "x".repeat(67));
    expect(t.size).toBe(100);
    expect(t.length).toBe(1);
  });

  it("evicts down to a smaller maximum, and grows back without refilling (§4.3)", () => {
    const t = new DynamicTable(4096);
    for (let i = 0; i < 10; i++) t.add(`n${i}`, "v");
    expect(t.size).toBe(350);
    t.setMaxSize(100);
    expect(contents(t)).toEqual(["n9: v", "n8: v"]);
    t.setMaxSize(0);
    expect(t.length).toBe(0);
    t.setMaxSize(4096);
    expect(t.maxSize).toBe(4096);
    expect(t.length).toBe(0);
    t.add("x", "y");
    expect(contents(t)).toEqual(["x: y"]);
  });

  it("keeps order across ring wrap-around and growth", () => {
    const t = new DynamicTable(35 * 40);
    for (let i = 0; i < 1000; i++) {
      t.add(`k${String(i % 10)}`, "v");
      if (i % 97 === 0 && i < 900) t.add("long", "x".repeat(i % 300));
    }
    // The long entries were pushed out by the last 40 small ones (35 octets each).
    expect(t.length).toBe(40);
    expect(t.size).toBe(t.maxSize);
    expect(t.name(0)).toBe("k9");
    expect(t.name(1)).toBe("k8");
    for (let i = 0; i < t.length; i++) expect(t.name(i)).toBe(`k${String((999 - i) % 10)}`);
    const big = new DynamicTable(1 << 20);
    for (let i = 0; i < 5000; i++) big.add("n", String(i));
    expect(big.length).toBe(5000);
    expect(big.value(0)).toBe("4999");
    expect(big.value(4999)).toBe("0");
  });
});
