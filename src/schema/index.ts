/**
 * The .proto compiler front end: text -> descriptors -> FileDescriptorProto
 * bytes, and bytes -> descriptors for reflection clients.
 */
export * from "./descriptor.js";
export { ParseError, ParseErrors } from "./errors.js";
export { parseProto } from "./parser.js";
export { loadProtoFiles, loadProtoFilesWith, shippedProtoDir, type FileReader, type LoadResult } from "./loader.js";
export {
  encodeFileDescriptorProto,
  decodeFileDescriptorProto,
  encodeFileDescriptorSet,
  decodeFileDescriptorSet,
} from "./descriptor-codec.js";
export { DescriptorPool, type Declared, type SymbolKind, type SymbolEntry } from "./pool.js";
export { jsonName, mapEntryName } from "./names.js";
export * from "./options.js";
