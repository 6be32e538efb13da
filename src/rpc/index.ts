/**
 * gRPC servers and clients over node:http2, built on src/grpc's wire rules
 * and the MessageType/ServiceDefinition interfaces of src/codec.
 */
export { Code, codeName } from "../grpc/code.js";
export { Metadata, type MetadataInit, type MetadataValue } from "../grpc/metadata.js";
export { GZIP, DEFLATE, type Compression } from "../grpc/compression.js";
export type { ErrorDetail } from "../grpc/status-details.js";
export { RpcError, type RpcErrorOptions } from "./rpc-error.js";
export type { ServerCallContext } from "./call-context.js";
export type { CallOptions, ReceivedMessageInfo } from "./call-options.js";
export type { PartialMessage } from "./message-init.js";
export type {
  UnaryHandler,
  ServerStreamingHandler,
  ClientStreamingHandler,
  BidiStreamingHandler,
  HandlerByKind,
  HandlerFor,
  ServiceHandlers,
} from "./handler-types.js";
export {
  chainInterceptors,
  type ServerInterceptor,
  type ServerNext,
  type ClientInterceptor,
  type ClientNext,
  type ClientCallContext,
} from "./interceptors.js";
export {
  createServer,
  Server,
  type ServerOptions,
  DEFAULT_MAX_RECEIVE_MESSAGE_SIZE,
  DEFAULT_MAX_SEND_MESSAGE_SIZE,
  DEFAULT_MAX_CONCURRENT_STREAMS,
  DEFAULT_MAX_HEADER_LIST_SIZE,
} from "./server.js";
export { connect, Channel, type ConnectOptions, type CallRequest, type CallResult } from "./channel.js";
export {
  createClient,
  type Client,
  type ClientMethodFor,
  type ClientMethodByKind,
  type UnaryCall,
  type ServerStreamingCall,
  type ClientStreamingCall,
  type BidiStreamingCall,
} from "./client.js";
