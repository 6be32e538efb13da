/**
 * wiregrpc: gRPC and Protocol Buffers for Node.js, from the wire up.
 */
export * from "./wire/index.js";
export * from "./runtime.js";
export { DynamicCodec, type DynamicMessage, type OneofValue } from "./codec/dynamic.js";
