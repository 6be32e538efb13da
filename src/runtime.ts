/**
 * What generated code needs at run time: the wire Reader and Writer, the
 * codec interfaces and a few helpers. Kept apart from the package root so
 * the library's own generated modules can import it without a cycle.
 */
export { Reader } from "./wire/reader.js";
export { Writer } from "./wire/writer.js";
export { DecodeError } from "./wire/decode-error.js";
export type { MessageType, MessageCodec, MethodDefinition, MethodKind, PartialMessage, ServiceDefinition } from "./codec/message-type.js";
export { embeddedFile, filesOf, type EmbeddedFile } from "./codec/embedded-file.js";
export { withFieldContext, withTagContext, unknownEnumValue } from "./codec/decode-context.js";
