/**
 * gRPC servers and clients over node:http2, built on src/http2's wire rules
 * and the MessageType/ServiceDefinition interfaces of src/codec.
 */
export { Code, codeName } from "../http2/code.js";
export { Metadata, type MetadataInit, type MetadataValue } from "../http2/metadata.js";
export { GZIP, DEFLATE, type Compression } from "../http2/compression.js";
export type { ErrorDetail } from "../http2/status-details.js";
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
