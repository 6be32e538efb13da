// Reads the packed hpack-test-case stories beside this file (see README.md).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

export interface StoryCase {
  seqno?: number;
  /** SETTINGS_HEADER_TABLE_SIZE sent and acknowledged just before this case. */
  header_table_size?: number;
  /** The header block, in hex (absent in raw-data). */
  wire?: string;
  /** The header list, one `{ name: value }` object per field, in order. */
  headers: Record<string, string>[];
}

export interface Story {
  description?: string;
  cases: StoryCase[];
}

/** The encoders whose output the test case collection holds, plus "raw-data" (header lists only). */
export const STORY_SETS = [
  "go-hpack",
  "nghttp2",
  "nghttp2-16384-4096",
  "nghttp2-change-table-size",
  "node-http2-hpack",
  "python-hpack",
  "raw-data",
] as const;

/** The stories of one directory, by file name (story_00.json ...), in order. */
export function loadStories(set: (typeof STORY_SETS)[number]): [string, Story][] {
  const packed = readFileSync(fileURLToPath(new URL(`${set}.json.gz`, import.meta.url)));
  const stories = JSON.parse(gunzipSync(packed).toString("utf8")) as Record<string, Story>;
  return Object.entries(stories);
}

/** A story case's headers as the flat `[name, value, ...]` list the codec uses. */
export function flatHeaders(c: StoryCase): string[] {
  return c.headers.flatMap((field) => Object.entries(field)[0]!);
}
