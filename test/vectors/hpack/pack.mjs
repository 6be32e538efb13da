// Packs a checkout of github.com/http2jp/hpack-test-case into the files
// beside this script: one <directory>.json.gz per directory of stories,
// holding {"story_00.json": <that file's JSON>, ...}. Run once by hand:
//
//   node test/vectors/hpack/pack.mjs /path/to/hpack-test-case
import { copyFileSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const source = process.argv[2];
if (!source) throw new Error("usage: node pack.mjs <hpack-test-case directory>");
const here = fileURLToPath(new URL(".", import.meta.url));

for (const dir of readdirSync(source).sort()) {
  if (!statSync(join(source, dir)).isDirectory() || dir.startsWith(".")) continue;
  const stories = {};
  for (const file of readdirSync(join(source, dir)).sort()) {
    if (file.endsWith(".json")) stories[file] = JSON.parse(readFileSync(join(source, dir, file), "utf8"));
  }
  const packed = gzipSync(JSON.stringify(stories), { level: 9 });
  writeFileSync(join(here, `${dir}.json.gz`), packed);
  console.log(`${dir}: ${Object.keys(stories).length} stories, ${packed.length} bytes`);
}
copyFileSync(join(source, "LICENSE"), join(here, "LICENSE"));
