// `npm run buf -- <args>`: runs the buf CLI that test/interop installs
// (npm package @bufbuild/buf), so the README's `buf curl` examples work from
// the repository root.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const buf = fileURLToPath(new URL("../test/interop/node_modules/.bin/buf", import.meta.url));
if (!existsSync(buf)) {
  console.error("buf is not installed; run `npm run peers` first (it installs test/interop's packages)");
  process.exit(1);
}
const result = spawnSync(buf, process.argv.slice(2), { stdio: "inherit" });
if (result.error !== undefined) {
  console.error(`could not run buf: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
