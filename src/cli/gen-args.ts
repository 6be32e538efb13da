/** Parsed flags of `wiregrpc gen`. */
export interface GenArgs {
  includePaths: string[];
  out: string | undefined;
  descriptorSetOut: string | undefined;
  includeImports: boolean;
  runtimeImport: string | undefined;
  files: string[];
  help: boolean;
}

export const GEN_HELP = `Usage: wiregrpc gen [options] file.proto...

Compiles .proto files to TypeScript modules (one per file), like
\`protoc --ts_out\` would, using wiregrpc's own parser.

Options:
  -I DIR, --proto_path DIR, --proto-path DIR
                          Where to look for imports (repeatable; searched in
                          order). The well-known types google/protobuf/*.proto
                          ship with wiregrpc and are always found.
  --out DIR               Write the generated .ts files under DIR, keeping
                          each .proto file's relative path
                          (reco.proto -> DIR/reco.ts).
  --descriptor-set-out FILE
                          Write a FileDescriptorSet (binary protobuf) of the
                          given files, as protoc --descriptor_set_out does.
                          Works without --out (then no code is written).
  --include-imports       With --descriptor-set-out: also include every file
                          the given files import, dependencies first.
  --runtime MODULE        The module generated code imports its runtime from
                          (default: wiregrpc).
  -h, --help              Show this help.

Errors are printed as file:line:col: message, and the exit code is 1.`;

export class UsageError extends Error {
  override name = "UsageError";
}

export function parseGenArgs(argv: readonly string[]): GenArgs {
  const args: GenArgs = { includePaths: [], out: undefined, descriptorSetOut: undefined, includeImports: false, runtimeImport: undefined, files: [], help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (flag: string): string => {
      const eq = a.indexOf("=");
      if (eq >= 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    const flag = a.includes("=") ? a.slice(0, a.indexOf("=")) : a;
    if (a.startsWith("-I") && a.length > 2 && !a.startsWith("-I=")) args.includePaths.push(a.slice(2));
    else if (flag === "-I" || flag === "--proto_path" || flag === "--proto-path") args.includePaths.push(value(flag));
    else if (flag === "--out") args.out = value(flag);
    else if (flag === "--descriptor-set-out" || flag === "--descriptor_set_out") args.descriptorSetOut = value(flag);
    else if (flag === "--include-imports" || flag === "--include_imports") args.includeImports = true;
    else if (flag === "--runtime") args.runtimeImport = value(flag);
    else if (flag === "-h" || flag === "--help") args.help = true;
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a} (see --help)`);
    else args.files.push(a);
  }
  if (!args.help) {
    if (args.files.length === 0) throw new UsageError("no .proto files given (see --help)");
    if (args.out === undefined && args.descriptorSetOut === undefined) throw new UsageError("nothing to do: give --out and/or --descriptor-set-out");
  }
  return args;
}
