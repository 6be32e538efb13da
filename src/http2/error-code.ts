/**
 * HTTP/2 error codes (RFC 9113 §7). They travel in RST_STREAM and GOAWAY
 * frames as 32-bit numbers. A peer may send a code this table does not know:
 * §7 says such codes must not trigger special behaviour (they may be treated
 * like INTERNAL_ERROR), so received codes are kept as plain numbers.
 */
export const ErrorCode = {
  /** Not an error: a graceful shutdown, or a stream no longer needed. */
  NO_ERROR: 0x0,
  /** The peer broke a protocol rule (the catch-all). */
  PROTOCOL_ERROR: 0x1,
  /** The endpoint failed internally. */
  INTERNAL_ERROR: 0x2,
  /** The peer broke the flow-control rules (§5.2). */
  FLOW_CONTROL_ERROR: 0x3,
  /** A SETTINGS frame was not acknowledged in time (§6.5.3). */
  SETTINGS_TIMEOUT: 0x4,
  /** A frame arrived on a stream that was already half-closed. */
  STREAM_CLOSED: 0x5,
  /** A frame had the wrong size (§4.2). */
  FRAME_SIZE_ERROR: 0x6,
  /** The stream was refused before any processing: safe to retry (§8.7). */
  REFUSED_STREAM: 0x7,
  /** The stream is no longer needed. */
  CANCEL: 0x8,
  /** The field-compression context (HPACK) cannot be kept in sync. */
  COMPRESSION_ERROR: 0x9,
  /** A CONNECT tunnel failed (§8.5). */
  CONNECT_ERROR: 0xa,
  /** The peer is generating excessive load (§10.5). */
  ENHANCE_YOUR_CALM: 0xb,
  /** The transport does not meet the security requirements (§9.2). */
  INADEQUATE_SECURITY: 0xc,
  /** The request must be made over HTTP/1.1 instead. */
  HTTP_1_1_REQUIRED: 0xd,
} as const;

/** One of the codes RFC 9113 defines. */
export type KnownErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const NAMES: readonly string[] = Object.keys(ErrorCode);

/** "FRAME_SIZE_ERROR" for 6; "0x1f" for a code RFC 9113 does not define. */
export function errorCodeName(code: number): string {
  return NAMES[code] ?? `0x${code.toString(16)}`;
}
