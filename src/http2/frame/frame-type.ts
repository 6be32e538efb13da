/** The frame types RFC 9113 defines (§6.1 to §6.10), by their type byte. */
export const FrameType = {
  /** §6.1: a piece of a stream's body; flow-controlled. */
  DATA: 0x0,
  /** §6.2: opens a stream and carries the start of a field block. */
  HEADERS: 0x1,
  /** §6.3: a stream's priority (deprecated by RFC 9113, still parsed). */
  PRIORITY: 0x2,
  /** §6.4: ends one stream at once, with an error code. */
  RST_STREAM: 0x3,
  /** §6.5: the sender's connection parameters, or the ACK of the peer's. */
  SETTINGS: 0x4,
  /** §6.6: a server announces a stream it will push. */
  PUSH_PROMISE: 0x5,
  /** §6.7: 8 opaque bytes the peer echoes back (liveness, round-trip time). */
  PING: 0x6,
  /** §6.8: the sender is shutting the connection down. */
  GOAWAY: 0x7,
  /** §6.9: more flow-control credit, for one stream or the connection. */
  WINDOW_UPDATE: 0x8,
  /** §6.10: the rest of a field block that did not fit in one frame. */
  CONTINUATION: 0x9,
} as const;

/** A type byte RFC 9113 defines; other bytes are extension frames (§5.5). */
export type KnownFrameType = (typeof FrameType)[keyof typeof FrameType];

const NAMES: readonly string[] = Object.keys(FrameType);

/** "HEADERS" for 1; "frame type 0x2a" for types RFC 9113 does not define. */
export function frameTypeName(type: number): string {
  return NAMES[type] ?? `frame type 0x${type.toString(16)}`;
}

/** True for the ten types of §6; any other type byte must be ignored (§4.1, §5.5). */
export function isKnownFrameType(type: number): type is KnownFrameType {
  return type >= 0 && type <= FrameType.CONTINUATION;
}
