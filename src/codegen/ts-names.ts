/**
 * How protobuf names become TypeScript names and module paths in generated code.
 */

const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
  "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
  "while", "with", "as", "implements", "interface", "let", "package", "private", "protected", "public",
  "static", "yield", "any", "boolean", "constructor", "declare", "get", "module", "require", "number",
  "set", "string", "symbol", "type", "from", "of", "bigint", "unknown", "never", "object", "undefined",
  "Array", "Map", "Set", "Uint8Array", "Object", "Error", "Symbol", "Promise", "BigInt", "Number", "String",
  "Boolean",
]);

/**
 * A top-level identifier for a type: nested names joined with "_"
 * ("UserResponse_Article"). Only keywords and the globals generated code
 * uses get a `$` appended; the runtime is imported under `$` names
 * (codec-source.ts RUNTIME), so a message may be called `Writer`.
 */
export function typeIdentifier(nameInFile: string): string {
  const id = nameInFile.replace(/\./g, "_");
  return RESERVED.has(id) ? `${id}$` : id;
}

/** A property key in an object literal or interface, quoted when it is not a safe identifier. */
export function propertyKey(name: string): string {
  if (name === "__proto__") return '["__proto__"]';
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** Property access: `m.userId`, or `m["__proto__"]` for names that need it. */
export function propertyAccess(object: string, name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) && name !== "__proto__" ? `${object}.${name}` : `${object}[${JSON.stringify(name)}]`;
}

/** "google/protobuf/timestamp.proto" -> "google/protobuf/timestamp" (module path without extension). */
export function modulePath(protoFile: string): string {
  return protoFile.replace(/\.proto$/, "");
}

/**
 * A namespace alias for an imported generated module:
 * "$import_google_protobuf_timestamp". The prefix keeps it apart from the
 * module's own `$` names (`$file`, `$Reader`…) whatever the file is called.
 */
export function moduleAlias(protoFile: string): string {
  return "$import_" + modulePath(protoFile).replace(/[^A-Za-z0-9_]/g, "_");
}

/** The relative import specifier from one generated module to another. */
export function relativeImport(fromProto: string, toProto: string): string {
  const from = modulePath(fromProto).split("/").slice(0, -1);
  const to = modulePath(toProto).split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join("/");
  return (up === 0 ? "./" : "../".repeat(up)) + rest + ".js";
}
