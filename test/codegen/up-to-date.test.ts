// The generated modules committed to the repository are exactly what
// `wiregrpc gen` produces today. `npm run gen` runs this file with
// WIREGRPC_GEN_WRITE=1, which rewrites them instead of comparing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateTarget, loadTargets, repoRoot } from "./targets.js";

const write = process.env["WIREGRPC_GEN_WRITE"] === "1";

describe("committed generated code is up to date", () => {
  for (const target of loadTargets()) {
    it(`${target.out} (${target.files.length} files)`, () => {
      const stale: string[] = [];
      for (const f of generateTarget(target)) {
        const path = join(repoRoot, f.path);
        if (existsSync(path) && readFileSync(path, "utf8") === f.content) continue;
        if (write) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, f.content);
        } else {
          stale.push(f.path);
        }
      }
      expect(stale, "run `npm run gen` and commit the result").toEqual([]);
    });
  }
});
