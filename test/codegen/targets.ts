// Regenerates the committed generated modules listed in scripts/gen-targets.json.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateFiles, type GeneratedFile } from "../../src/codegen/generate.js";
import { DescriptorPool, encodeFileDescriptorProto, loadProtoFiles } from "../../src/schema/index.js";

export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

interface Target {
  out: string;
  includePaths: string[];
  files: string[];
  runtime: string;
}

export function loadTargets(): Target[] {
  const json = JSON.parse(readFileSync(join(repoRoot, "scripts", "gen-targets.json"), "utf8")) as { targets: Target[] };
  return json.targets;
}

/** Generates a target in memory: output paths relative to the repo root. */
export function generateTarget(t: Target): GeneratedFile[] {
  const loaded = loadProtoFiles(t.files, { includePaths: t.includePaths.map((p) => join(repoRoot, p)) });
  const pool = new DescriptorPool();
  for (const f of loaded.all) pool.add(f);
  return generateFiles(loaded.files, pool, { encodeFile: encodeFileDescriptorProto, runtimeImport: t.runtime }).map((f) => ({
    path: join(t.out, f.path),
    content: f.content,
  }));
}
