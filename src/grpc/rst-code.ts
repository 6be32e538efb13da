import { Code } from "./code.js";

/** HTTP/2 error codes (RFC 9113 section 7) that matter to gRPC. */
export const Http2ErrorCode = {
  NoError: 0x0,
  ProtocolError: 0x1,
  InternalError: 0x2,
  FlowControlError: 0x3,
  SettingsTimeout: 0x4,
  StreamClosed: 0x5,
  FrameSizeError: 0x6,
  RefusedStream: 0x7,
  Cancel: 0x8,
  CompressionError: 0x9,
  ConnectError: 0xa,
  EnhanceYourCalm: 0xb,
  InadequateSecurity: 0xc,
  Http11Required: 0xd,
} as const;

const NAMES = [
  "NO_ERROR",
  "PROTOCOL_ERROR",
  "INTERNAL_ERROR",
  "FLOW_CONTROL_ERROR",
  "SETTINGS_TIMEOUT",
  "STREAM_CLOSED",
  "FRAME_SIZE_ERROR",
  "REFUSED_STREAM",
  "CANCEL",
  "COMPRESSION_ERROR",
  "CONNECT_ERROR",
  "ENHANCE_YOUR_CALM",
  "INADEQUATE_SECURITY",
  "HTTP_1_1_REQUIRED",
];

/** "REFUSED_STREAM" for 7; "0x1f" for codes RFC 9113 does not name. */
export function http2ErrorName(code: number): string {
  return NAMES[code] ?? `0x${code.toString(16)}`;
}

/**
 * The gRPC code for a stream the server reset with RST_STREAM
 * (PROTOCOL-HTTP2.md, "Errors"). CANCEL from a server means CANCELLED;
 * REFUSED_STREAM means nothing was processed, so UNAVAILABLE (retryable).
 */
export function codeFromRstCode(rstCode: number): Code {
  switch (rstCode) {
    case Http2ErrorCode.RefusedStream:
      return Code.Unavailable;
    case Http2ErrorCode.Cancel:
      return Code.Cancelled;
    case Http2ErrorCode.EnhanceYourCalm:
      return Code.ResourceExhausted;
    case Http2ErrorCode.InadequateSecurity:
      return Code.PermissionDenied;
    default:
      // NO_ERROR (an OK status should have been sent), PROTOCOL_ERROR,
      // INTERNAL_ERROR, FLOW_CONTROL_ERROR, ... all INTERNAL.
      return Code.Internal;
  }
}

/** A readable message for a reset stream: "stream reset by server with RST_STREAM code REFUSED_STREAM (7)". */
export function rstMessage(rstCode: number): string {
  let detail = "";
  if (rstCode === Http2ErrorCode.EnhanceYourCalm) detail = ": the server finds the request too costly (too much traffic, or headers over its limit)";
  else if (rstCode === Http2ErrorCode.InadequateSecurity) detail = ": the connection is not secure enough";
  else if (rstCode === Http2ErrorCode.RefusedStream) detail = ": the call was not processed and may be retried";
  return `stream reset by the server with RST_STREAM code ${http2ErrorName(rstCode)} (${rstCode})${detail}`;
}
