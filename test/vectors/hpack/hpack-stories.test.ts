// The public HPACK test stories (github.com/http2jp/hpack-test-case): other
// encoders' header blocks through our decoder, and the original header lists
// through our encoder and back.
import { describe, expect, it } from "vitest";
import { HpackDecoder, HpackEncoder, type HpackEncoderOptions } from "../../../src/http2/hpack/index.js";
import { STORY_SETS, flatHeaders, loadStories } from "./load-stories.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, "hex"));

/** The stories test HPACK, not our limits: lists here are at most ~2 KB anyway. */
const LIMITS = { maxHeaderListSize: 1 << 20 };

describe.each(STORY_SETS.filter((set) => set !== "raw-data"))("hpack-test-case %s", (set) => {
  const stories = loadStories(set);

  it("has its stories", () => {
    expect(stories.length).toBeGreaterThanOrEqual(31);
  });

  it.each(stories)("%s decodes case by case, sharing one decoder", (_, story) => {
    const decoder = new HpackDecoder(LIMITS);
    for (const c of story.cases) {
      if (c.header_table_size !== undefined) decoder.setMaxTableSize(c.header_table_size);
      expect(decoder.decode(hex(c.wire!)), `case ${c.seqno}`).toEqual(flatHeaders(c));
    }
  });
});

describe("hpack-test-case raw-data through our encoder and decoder", () => {
  const stories = loadStories("raw-data");
  const setups: [string, HpackEncoderOptions, number | undefined][] = [
    ["default options", {}, undefined],
    ["no Huffman", { huffman: false }, undefined],
    ["no dynamic table", { maxTableSize: 0 }, undefined],
    ["a 256-octet table set by the peer", {}, 256],
    ["a 64 KiB table, everything indexed", { maxTableSize: 65536, shouldIndex: () => true }, 65536],
  ];

  it.each(setups)("round-trips every story with %s", (_, options, peerTableSize) => {
    let octets = 0;
    let fields = 0;
    for (const [name, story] of stories) {
      const encoder = new HpackEncoder(options);
      const decoder = new HpackDecoder(LIMITS);
      if (peerTableSize !== undefined) {
        decoder.setMaxTableSize(peerTableSize);
        encoder.setMaxTableSize(peerTableSize);
      }
      for (const c of story.cases) {
        const headers = flatHeaders(c);
        const block = encoder.encode(headers);
        octets += block.length;
        fields += headers.length / 2;
        expect(decoder.decode(block), `${name} case ${c.seqno}`).toEqual(headers);
        expect(decoder.dynamicTable.size).toBe(encoder.dynamicTable.size);
      }
    }
    expect(fields).toBeGreaterThan(30_000);
    expect(octets).toBeGreaterThan(0);
  });
});
