/**
 * wiregrpc: gRPC and Protocol Buffers for Node.js, from the wire up.
 *
 * Layers, each usable on its own (docs/architecture.md):
 *   wire    - varints, tags, wire types: Reader, Writer, DecodeError
 *   schema  - .proto text -> descriptors -> FileDescriptorProto bytes
 *   codec   - the interfaces generated code implements, and the dynamic codec
 *   grpc    - gRPC's wire rules over HTTP/2: envelope, timeouts, metadata, trailers
 *   rpc     - gRPC server and client
 *   services - health checking and server reflection (addHealth, addReflection)
 */
export * from "./wire/index.js";
export * from "./runtime.js";
export { DynamicCodec, type DynamicMessage, type OneofValue } from "./codec/dynamic.js";
export { typeLookup, type TypeLookup, type DescriptorLookup } from "./codec/message-plan.js";
export { parseTextFormat, TextFormatError } from "./codec/text-format.js";
export {
  ParseError,
  ParseErrors,
  parseProto,
  loadProtoFiles,
  loadProtoFilesWith,
  DescriptorPool,
  encodeFileDescriptorProto,
  decodeFileDescriptorProto,
  encodeFileDescriptorSet,
  decodeFileDescriptorSet,
  FieldType,
  FieldLabel,
  type FileDescriptorProto,
  type FileDescriptorSet,
  type DescriptorProto,
  type FieldDescriptorProto,
  type EnumDescriptorProto,
  type ServiceDescriptorProto,
  type MethodDescriptorProto,
} from "./schema/index.js";
export * from "./rpc/index.js";
export * from "./services/index.js";
export type { TransportName } from "./transport/types.js";
export { DEFAULT_LIMITS as DEFAULT_HTTP2_LIMITS, type Http2Limits } from "./http2/connection/limits.js";
