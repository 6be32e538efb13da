/**
 * HTTP/2 flow-control windows (RFC 9113 section 6.9): how many bytes a peer
 * may send before we say we have consumed them.
 *
 * The protocol's default, 65,535 bytes for each stream and for the whole
 * connection, lets one message of a few MiB through only in 64 KiB steps,
 * each waiting for a WINDOW_UPDATE round trip through both event loops.
 * Larger windows let a big message flow; memory stays bounded because node
 * only acknowledges data as it is read, so a stream that is not read (a
 * paused call) holds at most its window, and all of a connection's streams
 * together at most the connection's window. (grpc-java's default stream
 * window is 1 MiB; grpc-go grows its windows from measured bandwidth-delay.)
 */

/** SETTINGS_INITIAL_WINDOW_SIZE we advertise: the receive window of each stream. */
export const DEFAULT_STREAM_WINDOW_SIZE = 1024 * 1024;

/** The receive window of a whole connection, shared by its streams. */
export const DEFAULT_CONNECTION_WINDOW_SIZE = 4 * 1024 * 1024;

/** The largest window HTTP/2 allows (2^31 - 1). */
export const MAX_WINDOW_SIZE = 0x7fff_ffff;

/** Checks a window size option: an integer from 65,535 (the protocol default) to 2^31 - 1. */
export function checkWindowSize(name: string, size: number): number {
  if (!Number.isInteger(size) || size < 65_535 || size > MAX_WINDOW_SIZE) {
    throw new RangeError(`${name} must be an integer from 65535 to ${MAX_WINDOW_SIZE}, got ${size}`);
  }
  return size;
}
