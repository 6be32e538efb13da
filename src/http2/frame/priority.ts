import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { readUint31 } from "./frame-header.js";

/**
 * The priority fields of a PRIORITY frame, or of a HEADERS frame with the
 * PRIORITY flag (RFC 9113 §6.2, §6.3), 5 bytes:
 *
 *   [E (1 bit) | Stream Dependency (31 bits)] [Weight (8 bits)]
 *
 * RFC 9113 deprecates this priority scheme (§5.3.2), but the fields must
 * still be read to find where the field block starts.
 */
export interface Priority {
  /** The E bit: this stream becomes the only child of its dependency. */
  exclusive: boolean;
  /** The stream this one depends on (0 for the root). */
  dependency: number;
  /** 1 to 256: the byte on the wire plus one. */
  weight: number;
}

/** The size of the priority fields. */
export const PRIORITY_FIELDS_SIZE = 5;

/** Reads the 5 priority bytes at `at`. */
export function readPriority(bytes: Uint8Array, at: number): Priority {
  return {
    exclusive: (bytes[at]! & 0x80) !== 0,
    dependency: readUint31(bytes, at),
    weight: bytes[at + 4]! + 1,
  };
}

/** Writes `priority` as its 5 bytes at `at`. */
export function writePriorityFields(bytes: Uint8Array, at: number, priority: Priority): void {
  const dependency = priority.dependency;
  bytes[at] = ((dependency >>> 24) & 0x7f) | (priority.exclusive ? 0x80 : 0);
  bytes[at + 1] = dependency >>> 16;
  bytes[at + 2] = dependency >>> 8;
  bytes[at + 3] = dependency;
  bytes[at + 4] = priority.weight - 1;
}

/** §5.3.1: a stream cannot depend on itself; a stream error PROTOCOL_ERROR. */
export function checkPriority(streamId: number, priority: Priority): Http2Error | undefined {
  if (priority.dependency !== streamId) return undefined;
  return Http2Error.stream(ErrorCode.PROTOCOL_ERROR, streamId, `stream ${streamId} depends on itself (RFC 9113 §5.3.1)`);
}
