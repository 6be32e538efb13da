// RFC 7541 Appendix C.2-C.6, every byte string, through both the decoder
// and the encoder (C.1 is in integer.test.ts).
import { describe, expect, it } from "vitest";
import { HpackDecoder } from "./decoder.js";
import type { TableView } from "./dynamic-table.js";
import { HpackEncoder, type HpackEncoderOptions } from "./encoder.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

interface Step {
  wire: string;
  headers: string[];
  /** The dynamic table after the step, newest first, and its size. */
  table: string[];
  size: number;
}

interface Example {
  name: string;
  tableSize: number;
  encoder: HpackEncoderOptions;
  steps: Step[];
}

const DATE1 = "Mon, 21 Oct 2013 20:13:21 GMT";
const DATE2 = "Mon, 21 Oct 2013 20:13:22 GMT";
const COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";

const request1 = [":method", "GET", ":scheme", "http", ":path", "/", ":authority", "www.example.com"];
const request2 = [...request1, "cache-control", "no-cache"];
const request3 = [
  ":method", "GET", ":scheme", "https", ":path", "/index.html",
  ":authority", "www.example.com", "custom-key", "custom-value",
];
const response1 = [":status", "302", "cache-control", "private", "date", DATE1, "location", "https://www.example.com"];
const response2 = [":status", "307", "cache-control", "private", "date", DATE1, "location", "https://www.example.com"];
const response3 = [
  ":status", "200", "cache-control", "private", "date", DATE2,
  "location", "https://www.example.com", "content-encoding", "gzip", "set-cookie", COOKIE,
];
const requestTables: [string[], number][] = [
  [[":authority: www.example.com"], 57],
  [["cache-control: no-cache", ":authority: www.example.com"], 110],
  [["custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com"], 164],
];
const responseTables: [string[], number][] = [
  [["location: https://www.example.com", `date: ${DATE1}`, "cache-control: private", ":status: 302"], 222],
  [[":status: 307", "location: https://www.example.com", `date: ${DATE1}`, "cache-control: private"], 222],
  [[`set-cookie: ${COOKIE}`, "content-encoding: gzip", `date: ${DATE2}`], 215],
];

function series(wires: string[], lists: string[][], tables: [string[], number][]): Step[] {
  return wires.map((wire, i) => ({ wire, headers: lists[i]!, table: tables[i]![0], size: tables[i]![1] }));
}

const examples: Example[] = [
  { name: "C.2.1 literal with indexing", tableSize: 4096, encoder: { huffman: false }, steps: [{
    wire: "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
    headers: ["custom-key", "custom-header"], table: ["custom-key: custom-header"], size: 55 }] },
  { name: "C.2.2 literal without indexing", tableSize: 4096, encoder: { huffman: false, shouldIndex: () => false },
    steps: [{ wire: "040c 2f73 616d 706c 652f 7061 7468", headers: [":path", "/sample/path"], table: [], size: 0 }] },
  { name: "C.2.3 literal never indexed", tableSize: 4096, encoder: { huffman: false, sensitiveNames: ["password"] },
    steps: [{ wire: "1008 7061 7373 776f 7264 0673 6563 7265 74", headers: ["password", "secret"], table: [], size: 0 }] },
  { name: "C.2.4 indexed field", tableSize: 4096, encoder: {},
    steps: [{ wire: "82", headers: [":method", "GET"], table: [], size: 0 }] },
  { name: "C.3 requests without Huffman", tableSize: 4096, encoder: { huffman: false }, steps: series([
    "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
    "8286 84be 5808 6e6f 2d63 6163 6865",
    "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
  ], [request1, request2, request3], requestTables) },
  { name: "C.4 requests with Huffman", tableSize: 4096, encoder: {}, steps: series([
    "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
    "8286 84be 5886 a8eb 1064 9cbf",
    "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
  ], [request1, request2, request3], requestTables) },
  { name: "C.5 responses without Huffman", tableSize: 256, encoder: { huffman: false }, steps: series([
    "4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133" +
      "2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
    "4803 3330 37c1 c0bf",
    "88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d" +
      "54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049" +
      "5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31",
  ], [response1, response2, response3], responseTables) },
  { name: "C.6 responses with Huffman", tableSize: 256, encoder: {}, steps: series([
    "4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6" +
      "2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3",
    "4883 640e ffc1 c0bf",
    "88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab" +
      "77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f" +
      "9587 3160 65c0 03ed 4ee5 b106 3d50 07",
  ], [response1, response2, response3], responseTables) },
];

function tableContents(t: TableView): string[] {
  return Array.from({ length: t.length }, (_, i) => `${t.name(i)}: ${t.value(i)}`);
}

/** The size update (§6.3) an encoder owes when it starts below 4096: 001 11111, 225 in 7-bit groups. */
const UPDATE_TO_256 = "3fe101";

describe("RFC 7541 Appendix C examples", () => {
  describe.each(examples)("$name", ({ tableSize, encoder: options, steps }) => {
    it("decodes each block to the listed headers and table", () => {
      const decoder = new HpackDecoder({ maxTableSize: tableSize });
      for (const step of steps) {
        expect(decoder.decode(hex(step.wire))).toEqual(step.headers);
        expect(tableContents(decoder.dynamicTable)).toEqual(step.table);
        expect(decoder.dynamicTable.size).toBe(step.size);
      }
    });

    it("encodes each header list to the RFC's bytes", () => {
      // The responses index everything, as the RFC's encoder does (ours leaves out `date`).
      const shouldIndex = tableSize === 256 ? () => true : undefined;
      const encoder = new HpackEncoder({ shouldIndex, ...options, maxTableSize: tableSize });
      steps.forEach((step, i) => {
        // The RFC assumes both ends start at 256; ours start at 4096 and say so first.
        const announce = i === 0 && tableSize !== 4096 ? UPDATE_TO_256 : "";
        expect(toHex(encoder.encode(step.headers))).toBe(announce + toHex(hex(step.wire)));
        expect(tableContents(encoder.dynamicTable)).toEqual(step.table);
        expect(encoder.dynamicTable.size).toBe(step.size);
      });
    });

    it("decodes the encoder's bytes, size announcement included, from a 4096 start", () => {
      const shouldIndex = tableSize === 256 ? () => true : undefined;
      const encoder = new HpackEncoder({ shouldIndex, ...options, maxTableSize: tableSize });
      const decoder = new HpackDecoder();
      if (tableSize !== 4096) decoder.setMaxTableSize(tableSize);
      for (const step of steps) {
        expect(decoder.decode(encoder.encode(step.headers))).toEqual(step.headers);
        expect(tableContents(decoder.dynamicTable)).toEqual(step.table);
      }
    });
  });
});
