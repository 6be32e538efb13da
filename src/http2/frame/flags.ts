/**
 * Frame flags (RFC 9113 §6). A flag's bit means something only for the frame
 * types listed beside it; a set bit with no meaning for the type is ignored
 * on receipt and never set when sending (§4.1). END_STREAM and ACK share bit
 * 0x1: which one it is depends on the frame type.
 */
export const Flag = {
  /** DATA, HEADERS: the sender will send nothing more on this stream. */
  END_STREAM: 0x1,
  /** SETTINGS, PING: this frame acknowledges the peer's. */
  ACK: 0x1,
  /** HEADERS, PUSH_PROMISE, CONTINUATION: the field block ends in this frame. */
  END_HEADERS: 0x4,
  /** DATA, HEADERS, PUSH_PROMISE: a Pad Length byte comes first, padding last. */
  PADDED: 0x8,
  /** HEADERS: the exclusive bit, stream dependency and weight come first. */
  PRIORITY: 0x20,
} as const;
