/**
 * wiregrpc: gRPC and Protocol Buffers for Node.js, from the wire up.
 */
export * from "./wire/index.js";
