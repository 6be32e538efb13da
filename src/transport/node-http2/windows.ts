import type { Http2Session } from "node:http2";

/**
 * Raises a session's connection-level receive window to `size` (a
 * WINDOW_UPDATE for stream 0; RFC 9113 §6.9). node:http2 keeps the
 * protocol's 65,535 bytes unless told. A session already gone is left alone.
 */
export function setConnectionWindow(session: Http2Session, size: number): void {
  if (session.destroyed || session.closed) return;
  try {
    session.setLocalWindowSize(size);
  } catch {
    // The session went away between the check and the call: nothing to widen.
  }
}
