#!/usr/bin/env node
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { generateFiles } from "../codegen/generate.js";
import { DescriptorPool, encodeFileDescriptorProto, encodeFileDescriptorSet, loadProtoFiles, ParseError } from "../schema/index.js";
import { VERSION } from "../grpc/user-agent.js";
import { GEN_HELP, parseGenArgs, UsageError } from "./gen-args.js";

const USAGE = `Usage: wiregrpc <command> [options]

Commands:
  gen       Compile .proto files to TypeScript (wiregrpc gen --help)
  help      Show this help (wiregrpc help gen: the help of gen)
  version   Print wiregrpc's version (also --version)`;

/** Makes file arguments relative to the include path that contains them, as protoc does. */
function toImportPath(file: string, includePaths: readonly string[]): string {
  const abs = resolve(file);
  for (const dir of includePaths) {
    const rel = relative(resolve(dir), abs);
    if (!rel.startsWith("..") && !rel.startsWith("/")) return rel.split("\\").join("/");
  }
  return file;
}

function gen(argv: readonly string[]): number {
  const args = parseGenArgs(argv);
  if (args.help) {
    console.log(GEN_HELP);
    return 0;
  }
  const includePaths = args.includePaths.length > 0 ? args.includePaths : ["."];
  const files = args.files.map((f) => toImportPath(f, includePaths));
  const loaded = loadProtoFiles(files, { includePaths });
  const pool = new DescriptorPool();
  for (const f of loaded.all) pool.add(f);

  if (args.descriptorSetOut !== undefined) {
    const set = args.includeImports ? loaded.all : loaded.files;
    mkdirSync(dirname(resolve(args.descriptorSetOut)), { recursive: true });
    writeFileSync(args.descriptorSetOut, encodeFileDescriptorSet(set));
  }
  if (args.out !== undefined) {
    const out = generateFiles(loaded.files, pool, {
      encodeFile: encodeFileDescriptorProto,
      ...(args.runtimeImport !== undefined ? { runtimeImport: args.runtimeImport } : {}),
    });
    for (const f of out) {
      const path = join(args.out, f.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.content);
    }
    console.error(`wiregrpc gen: wrote ${out.length} file${out.length === 1 ? "" : "s"} to ${args.out}`);
  }
  return 0;
}

export function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  try {
    if (command === "gen") return gen(rest);
    if (command === "version" || command === "--version" || command === "-V") {
      console.log(`wiregrpc ${VERSION}`);
      return 0;
    }
    if (command === "help" || command === "-h" || command === "--help") {
      console.log(command === "help" && rest[0] === "gen" ? GEN_HELP : USAGE);
      return 0;
    }
    if (command === undefined) {
      console.error(USAGE);
      return 1;
    }
    console.error(`wiregrpc: unknown command ${JSON.stringify(command)} (wiregrpc help lists the commands)`);
    return 1;
  } catch (e) {
    if (e instanceof ParseError || e instanceof UsageError) {
      console.error(e instanceof UsageError ? `wiregrpc gen: ${e.message}` : e.message);
      return 1;
    }
    // Anything else is a bug in wiregrpc, but the user still gets one line.
    console.error(`wiregrpc: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
