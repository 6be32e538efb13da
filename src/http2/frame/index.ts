/**
 * HTTP/2 frames (RFC 9113 §4 to §6): the constants, the parser that cuts
 * received bytes into frames and checks the rules that need no connection
 * state, and the writers that append frames to an output buffer. The
 * connection (streams, flow control, HPACK) is built on these. See README.md.
 */
export { FrameType, frameTypeName, isKnownFrameType, type KnownFrameType } from "./frame-type.js";
export { Flag } from "./flags.js";
export {
  FRAME_HEADER_SIZE,
  DEFAULT_MAX_FRAME_SIZE,
  MIN_MAX_FRAME_SIZE,
  MAX_MAX_FRAME_SIZE,
  MAX_STREAM_ID,
} from "./frame-header.js";
export { SettingId, DEFAULT_SETTINGS, MAX_WINDOW_SIZE, type SettingsUpdate } from "./settings.js";
export { CLIENT_PREFACE } from "./preface.js";
export { type Priority } from "./priority.js";
export { type FrameHandler } from "./frame-handler.js";
export { FrameParser, type FrameParserOptions } from "./frame-parser.js";
export { type HeaderBlockLimits, DEFAULT_MAX_HEADER_BLOCK_SIZE } from "./header-block-assembler.js";
export { FrameLog } from "./frame-log.js";
export { OutputBuffer, type OutputBufferOptions } from "./output-buffer.js";
export {
  writeFrame,
  writeClientPreface,
  writeSettings,
  writeSettingsAck,
  writePing,
  writeRstStream,
  writeGoaway,
  writeWindowUpdate,
  writePriority,
} from "./write-control-frames.js";
export { writeData, writeHeaders, writePushPromise, type HeadersFrameOptions } from "./write-stream-frames.js";
export { ErrorCode, errorCodeName, type KnownErrorCode } from "../error-code.js";
export { Http2Error, type ErrorScope } from "../http2-error.js";
