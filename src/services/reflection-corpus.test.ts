/**
 * Reflection round trip over the parser's protoc conformance corpus (the
 * groups of src/schema/conformance.test.ts): each group's files are loaded
 * by our parser, served by a reflection service (the dynamic path's
 * `files`), fetched over a real connection by our ReflectionClient, and
 * compared with protoc's committed fixtures (test/schema/fixtures) byte for
 * byte. Every symbol of every file is looked up too.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { connect } from "../rpc/channel.js";
import { createServer } from "../rpc/server.js";
import { decodeFileDescriptorProto } from "../schema/descriptor-codec.js";
import type { DescriptorProto, EnumDescriptorProto, FileDescriptorProto } from "../schema/descriptor.js";
import { loadProtoFiles } from "../schema/loader.js";
import { ReflectionClient } from "./reflection-client.js";
import { addReflection } from "./reflection.js";
import { corpusGroups as groups, fixtures, haveDebianCorpus, rawFilesOfSet as rawFiles } from "../../test/schema/corpus.js";


/** Every symbol a file declares, as reflection clients name them. */
function symbolsOf(fd: FileDescriptorProto): string[] {
  const out: string[] = [];
  const pkg = fd.package ?? "";
  const join2 = (scope: string, name: string | undefined): string => (scope === "" ? name! : `${scope}.${name}`);
  const enums = (scope: string, list: EnumDescriptorProto[]): void => {
    for (const e of list) {
      out.push(join2(scope, e.name));
      for (const v of e.value) out.push(join2(scope, v.name));
    }
  };
  const messages = (scope: string, list: DescriptorProto[]): void => {
    for (const m of list) {
      const name = join2(scope, m.name);
      out.push(name);
      for (const f of m.field) out.push(join2(name, f.name));
      for (const o of m.oneofDecl) out.push(join2(name, o.name));
      for (const x of m.extension) out.push(join2(name, x.name));
      messages(name, m.nestedType);
      enums(name, m.enumType);
    }
  };
  messages(pkg, fd.messageType);
  enums(pkg, fd.enumType);
  for (const x of fd.extension) out.push(join2(pkg, x.name));
  for (const s of fd.service) {
    out.push(join2(pkg, s.name));
    for (const m of s.method) out.push(join2(join2(pkg, s.name), m.name));
  }
  return out;
}

/** A file's transitive imports, itself included. */
function closure(name: string, byName: ReadonlyMap<string, FileDescriptorProto>): string[] {
  const seen = new Set<string>();
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    seen.add(n);
    for (const d of byName.get(n)!.dependency) visit(d);
  };
  visit(name);
  return [...seen].sort();
}

let files = 0;
let symbols = 0;

describe("reflection round trip over the protoc conformance corpus", () => {
  for (const g of groups) {
    it.skipIf(g.debian && !haveDebianCorpus)(g.fixture, async () => {
      const want = rawFiles(new Uint8Array(readFileSync(join(fixtures, g.fixture))));
      const wantDecoded = new Map([...want].map(([n, b]) => [n, decodeFileDescriptorProto(b)]));
      const server = createServer();
      addReflection(server, { files: loadProtoFiles(g.files(), { includePaths: g.includePaths }).all });
      const port = await server.listen("127.0.0.1:0");
      const channel = connect(`http://127.0.0.1:${port}`);
      try {
        const client = new ReflectionClient(channel);
        const names = [...want.keys()];
        const byFile = await client.exchange(names.map((value) => ({ messageRequest: { case: "fileByFilename", value } })));
        for (const [i, name] of names.entries()) {
          const r = byFile[i]!.messageResponse;
          expect(r.case, name).toBe("fileDescriptorResponse");
          if (r.case !== "fileDescriptorResponse") continue;
          const served = r.value.fileDescriptorProto;
          // The file first, byte for byte as protoc wrote it, then exactly its transitive imports.
          expect(Buffer.from(served[0]!).equals(Buffer.from(want.get(name)!)), name).toBe(true);
          const servedNames = served.map((b) => decodeFileDescriptorProto(b).name!);
          expect([...servedNames].sort(), name).toEqual(closure(name, wantDecoded));
          for (const [j, b] of served.entries()) expect(Buffer.from(b).equals(Buffer.from(want.get(servedNames[j]!)!)), servedNames[j]).toBe(true);
          files++;
        }
        // Every symbol of every file leads back to that file.
        const lookups = names.flatMap((file) => symbolsOf(wantDecoded.get(file)!).map((symbol) => ({ file, symbol })));
        const bySymbol = await client.exchange(lookups.map(({ symbol }) => ({ messageRequest: { case: "fileContainingSymbol", value: symbol } })));
        for (const [i, { file, symbol }] of lookups.entries()) {
          const r = bySymbol[i]!.messageResponse;
          expect(r.case, symbol).toBe("fileDescriptorResponse");
          if (r.case === "fileDescriptorResponse") expect(decodeFileDescriptorProto(r.value.fileDescriptorProto[0]!).name, symbol).toBe(file);
          symbols++;
        }
      } finally {
        await channel.close();
        await server.close(100);
      }
    });
  }

  it("prints the count", () => {
    console.log(`reflection corpus: ${files} files (per group) served as protoc wrote them with their imports, ${symbols} symbols found in their files`);
    expect(files).toBeGreaterThan(0);
  });
});
