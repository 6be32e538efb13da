/**
 * Loading .proto files with their imports: found through include paths (like
 * protoc's -I), parsed, resolved in dependency order, with import cycles and
 * missing imports reported at the import statement. The well-known types
 * under the package's proto/ folder are always found last, so a user needs
 * nothing else installed.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { FileDescriptorProto } from "./descriptor.js";
import { errorAt, ParseError } from "./errors.js";
import { parsedInfo } from "./parsed-file.js";
import { parseProto } from "./parser.js";
import { DescriptorPool } from "./pool.js";
import { resolveFile } from "./resolver.js";

export interface LoadResult {
  /** The requested files, resolved, in the order asked for. */
  files: FileDescriptorProto[];
  /** The requested files and everything they import, each after its imports. */
  all: FileDescriptorProto[];
  /** A pool holding `all`, for lookups by name. */
  pool: DescriptorPool;
}

/** Reads a file by its import path ("google/protobuf/any.proto"); undefined if absent. */
export type FileReader = (path: string) => string | undefined;

let shippedDir: string | null | undefined;

/** The package's proto/ folder (from src/schema or dist/src/schema). */
export function shippedProtoDir(): string | undefined {
  if (shippedDir === undefined) {
    shippedDir = null;
    const here = fileURLToPath(new URL(".", import.meta.url));
    for (const up of ["../..", "../../.."]) {
      const dir = resolve(here, up, "proto");
      if (existsSync(join(dir, "google", "protobuf", "descriptor.proto"))) {
        shippedDir = dir;
        break;
      }
    }
  }
  return shippedDir ?? undefined;
}

function readFrom(dir: string, path: string): string | undefined {
  const full = join(dir, path);
  try {
    // A failed read throws, which is slow; most include paths miss, so ask first.
    if (statSync(full, { throwIfNoEntry: false })?.isFile() !== true) return undefined;
    return readFileSync(full, "utf8");
  } catch {
    return undefined;
  }
}

/** A FileReader over the shipped proto/ folder. */
function shippedReader(path: string): string | undefined {
  const dir = shippedProtoDir();
  return dir === undefined ? undefined : readFrom(dir, path);
}

/**
 * Loads .proto files from disk. Each entry of `files` is either a path on
 * disk inside one of the include paths, or an import path found through
 * them. Include paths default to ".", and the shipped proto/ folder is
 * always searched last.
 */
export function loadProtoFiles(files: string[], options: { includePaths: string[] }): LoadResult {
  const includes = (options.includePaths.length > 0 ? options.includePaths : ["."]).map((p) => resolve(p));
  const read: FileReader = (path) => {
    if (isAbsolute(path) || path.split("/").includes("..")) return undefined;
    for (const dir of includes) {
      const text = readFrom(dir, path);
      if (text !== undefined) return text;
    }
    return undefined;
  };
  const names = files.map((f) => importPathOf(f, includes));
  return loadProtoFilesWith(names, read);
}

/** The import path of a file named on the command line (as protoc maps it to an include path). */
function importPathOf(file: string, includes: string[]): string {
  const abs = resolve(file);
  for (const dir of includes) {
    const rel = relative(dir, abs);
    if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) && isFile(abs)) return rel.split(sep).join("/");
  }
  return file.split(sep).join("/");
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads .proto files through a reader (in memory, or any source). Files the
 * reader does not have are looked for among the shipped well-known types
 * unless `builtins` is false.
 */
export function loadProtoFilesWith(files: string[], read: FileReader, options: { builtins?: boolean } = {}): LoadResult {
  const builtins = options.builtins ?? true;
  const source = (path: string): string | undefined => read(path) ?? (builtins ? shippedReader(path) : undefined);
  const pool = new DescriptorPool();
  const done = new Map<string, FileDescriptorProto>();
  const all: FileDescriptorProto[] = [];
  /** Files being loaded, outermost first, with the offset of the import leading to the next. */
  const stack: { fd: FileDescriptorProto; name: string }[] = [];
  const importOffset = new Map<string, number>();

  const load = (name: string, from: { fd: FileDescriptorProto; offset: number } | undefined): FileDescriptorProto => {
    const loaded = done.get(name);
    if (loaded !== undefined) return loaded;
    const cycleStart = stack.findIndex((s) => s.name === name);
    if (cycleStart !== -1) {
      const chain = [...stack.slice(cycleStart).map((s) => s.name), name].join(" -> ");
      const first = stack[cycleStart]!;
      const info = parsedInfo(first.fd)!;
      throw errorAt(first.name, info.source, importOffset.get(first.name) ?? 0, `File recursively imports itself: ${chain}`);
    }
    const text = source(name);
    if (text === undefined) {
      if (from === undefined) throw new ParseError(name, 0, 0, "File not found.");
      const info = parsedInfo(from.fd)!;
      throw errorAt(info.name, info.source, from.offset, `Import "${name}" was not found or had errors.`);
    }
    const fd = parseProto(text, name);
    const info = parsedInfo(fd)!;
    stack.push({ fd, name });
    fd.dependency.forEach((dep, i) => {
      importOffset.set(name, info.imports[i]!);
      load(dep, { fd, offset: info.imports[i]! });
    });
    stack.pop();
    resolveFile(fd, pool);
    done.set(name, fd);
    all.push(fd);
    return fd;
  };

  const requested = files.map((f) => load(f, undefined));
  return { files: requested, all, pool };
}
