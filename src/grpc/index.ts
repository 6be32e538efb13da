/**
 * gRPC's wire rules over HTTP/2 (grpc/grpc doc/PROTOCOL-HTTP2.md): framing, headers,
 * trailers, timeouts, metadata, compression and status mapping. One wire rule
 * per module; the RPC layer (src/rpc) builds servers and clients on these.
 */
export { Code, codeName, isCode, type Status } from "./code.js";
export { encodeEnvelope, fillEnvelopeHeader, ENVELOPE_HEADER_LENGTH, FLAG_COMPRESSED, MAX_ENVELOPE_LENGTH } from "./envelope.js";
export { Deframer, type OnMessage } from "./deframer.js";
export {
  DEFAULT_STREAM_WINDOW_SIZE,
  DEFAULT_CONNECTION_WINDOW_SIZE,
  MAX_WINDOW_SIZE,
  checkWindowSize,
} from "./flow-control.js";
export { parseTimeout, encodeTimeout } from "./timeout.js";
export { encodeGrpcMessage, decodeGrpcMessage } from "./percent-encoding.js";
export { Metadata, isBinaryKey, isReservedKey, type MetadataInit, type MetadataValue } from "./metadata.js";
export {
  encodeBinaryHeader,
  decodeBinaryHeader,
  metadataFromRawHeaders,
  writeMetadata,
} from "./metadata-headers.js";
export {
  CONTENT_TYPE_GRPC,
  CONTENT_TYPE_GRPC_PROTO,
  parseGrpcContentType,
  isProtoSubtype,
} from "./content-type.js";
export {
  type Compression,
  IDENTITY,
  GZIP,
  DEFLATE,
  BUILTIN_COMPRESSIONS,
  findCompression,
  formatAcceptEncoding,
  parseAcceptEncoding,
  decompressMessage,
} from "./compression.js";
export { codeFromHttpStatus } from "./http-status.js";
export { Http2ErrorCode, http2ErrorName, codeFromRstCode, rstMessage } from "./rst-code.js";
export { VERSION, USER_AGENT, userAgent } from "./user-agent.js";
export {
  type ErrorDetail,
  type StatusDetails,
  encodeStatusDetails,
  decodeStatusDetails,
} from "./status-details.js";
export {
  GRPC_STATUS,
  GRPC_MESSAGE,
  GRPC_STATUS_DETAILS_BIN,
  type ReceivedStatus,
  writeStatus,
  readStatus,
} from "./trailers.js";
export {
  isTrailersOnly,
  checkResponseHeaders,
} from "./response-headers.js";
export {
  GRPC_TIMEOUT,
  GRPC_ENCODING,
  GRPC_ACCEPT_ENCODING,
  type RequestHeaderOptions,
  baseRequestHeaders,
  withTimeout,
  headerString,
  checkRequestHeaders,
  rejectionHeaders,
  type HttpRejection,
} from "./request-headers.js";
