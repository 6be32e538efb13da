/**
 * The corpus of the parser's protoc conformance: proto/reco.proto, Debian's
 * well-known types (libprotobuf-dev) and grpc-proto files, the googleapis
 * files shipped under proto/google/rpc, and the test protos covering every
 * construct. Each group has a protoc FileDescriptorSet fixture in
 * test/schema/fixtures (scripts/schema-fixtures.sh). Used by the parser's
 * conformance test and by the reflection round trip.
 */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { decodeFileDescriptorProto } from "../../src/schema/descriptor-codec.js";
import { Reader } from "../../src/wire/reader.js";
import { WireType } from "../../src/wire/wire-type.js";
import { INSTALL, requirement } from "../requirements.js";

const root = join(import.meta.dirname, "../..");
export const fixtures = join(root, "test/schema/fixtures");
const WKT = "/usr/include";
const GRPC = "/usr/share/grpc-proto";
const proto = join(root, "proto");
const testProtos = join(root, "test/schema/protos");

/** Imports an envoy file that no Debian package ships; the conformance test checks we report it. */
export const MESHCA = "grpc/tls/provider/meshca/experimental/config.proto";
export const GRPC_PROTO_DIR = GRPC;

export const haveDebianCorpus = requirement(
  "the Debian .proto corpus (libprotobuf-dev, grpc-proto)",
  existsSync(join(WKT, "google/protobuf/descriptor.proto")) && existsSync(GRPC),
  INSTALL.debianCorpus,
);

/** Every .proto below `dir/under`, as paths relative to `dir`, sorted. */
export function listProtos(dir: string, under: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(dir, rel), { withFileTypes: true })) {
      const p = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".proto")) out.push(p);
    }
  };
  walk(under);
  return out.sort();
}

export interface CorpusGroup {
  /** The protoc FileDescriptorSet (with imports) in test/schema/fixtures. */
  fixture: string;
  files: () => string[];
  includePaths: string[];
  /** Needs the Debian packages. */
  debian: boolean;
}

export const corpusGroups: CorpusGroup[] = [
  { fixture: "reco.binpb", files: () => ["reco.proto"], includePaths: [proto], debian: false },
  { fixture: "wkt.binpb", files: () => listProtos(WKT, "google/protobuf"), includePaths: [WKT], debian: true },
  { fixture: "google-rpc.binpb", files: () => listProtos(proto, "google/rpc"), includePaths: [proto], debian: false },
  { fixture: "grpc.binpb", files: () => listProtos(GRPC, "grpc").filter((f) => f !== MESHCA), includePaths: [GRPC, proto], debian: true },
  ...readdirSync(testProtos)
    .filter((f) => f.endsWith(".proto"))
    .sort()
    .map((f) => ({ fixture: `test-${f.replace(/\.proto$/, "")}.binpb`, files: () => [f], includePaths: [testProtos, proto], debian: false })),
];

/**
 * protoc's bytes for each file of a FileDescriptorSet (its field 1), by file
 * name, in the set's order: what reflection must serve byte for byte.
 */
export function rawFilesOfSet(set: Uint8Array): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const r = new Reader(set);
  while (r.pos < r.end) {
    const tag = r.tag();
    if (tag !== ((1 << 3) | WireType.LengthDelimited)) {
      r.skip(tag);
      continue;
    }
    const bytes = r.bytes().slice();
    out.set(decodeFileDescriptorProto(bytes).name!, bytes);
  }
  return out;
}
