/**
 * Serialized FileDescriptorProtos embedded in generated modules, so server
 * reflection can serve the exact schema a service was generated from.
 */
export interface EmbeddedFile {
  /** The file's import path: "google/protobuf/timestamp.proto". */
  readonly name: string;
  /** The FileDescriptorProto, as protoc would serialize it (no source info). */
  readonly bytes: Uint8Array;
  /** The embedded files of its imports, in import order. */
  readonly dependencies: readonly EmbeddedFile[];
}

/** Used by generated code: decodes the base64 descriptor once, at module load. */
export function embeddedFile(name: string, base64: string, dependencies: readonly EmbeddedFile[]): EmbeddedFile {
  return { name, bytes: new Uint8Array(Buffer.from(base64, "base64")), dependencies };
}

/** A file and everything it imports, transitively, keyed by import path (dependencies first). */
export function filesOf(file: EmbeddedFile): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const visit = (f: EmbeddedFile): void => {
    if (out.has(f.name)) return;
    for (const d of f.dependencies) visit(d);
    out.set(f.name, f.bytes);
  };
  visit(file);
  return out;
}
