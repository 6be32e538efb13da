import type { Http2Session } from "node:http2";

/** The first probe of a session without streams, and the most the wait grows to. */
export const IDLE_PROBE_FIRST_MS = 2000;
export const IDLE_PROBE_MAX_MS = 5 * 60_000;
/** A probe PING not answered within this long: the session is dead. */
export const IDLE_PROBE_TIMEOUT_MS = 1000;

/**
 * Finds the sessions node:http2 has given up on. Once nghttp2 has sent
 * GOAWAY for a protocol error (a bad HPACK block, a flood) node stops reading
 * the socket and tells the application nothing: no event, no error. The
 * client's FIN is never read, so the socket and the session stay open for
 * hours. From outside, only a probe tells: a session with no open stream is
 * sent a PING after `IDLE_PROBE_FIRST_MS`; one that does not answer within
 * `IDLE_PROBE_TIMEOUT_MS` is destroyed. A session that answers is probed
 * again after twice the wait (up to `IDLE_PROBE_MAX_MS`), so a healthy idle
 * connection costs a few PINGs, and the wait starts over when a stream opens.
 */
export function probeIdleSession(session: Http2Session): void {
  let open = 0;
  let wait = IDLE_PROBE_FIRST_MS;
  let timer: NodeJS.Timeout | undefined;
  const schedule = (): void => {
    clearTimeout(timer);
    timer = setTimeout(probe, wait);
    timer.unref();
  };
  const probe = (): void => {
    timer = undefined;
    if (open > 0 || session.destroyed || session.closed) return;
    const deadline = setTimeout(() => session.destroy(), IDLE_PROBE_TIMEOUT_MS);
    deadline.unref();
    const answered = (error: Error | null): void => {
      clearTimeout(deadline);
      if (error !== null || session.destroyed || open > 0) return;
      wait = Math.min(wait * 2, IDLE_PROBE_MAX_MS);
      schedule();
    };
    try {
      if (!session.ping(answered)) session.destroy();
    } catch {
      clearTimeout(deadline);
      session.destroy();
    }
  };
  session.on("stream", (stream: { once(event: "close", listener: () => void): void }) => {
    open++;
    clearTimeout(timer);
    timer = undefined;
    stream.once("close", () => {
      if (--open === 0) {
        wait = IDLE_PROBE_FIRST_MS;
        schedule();
      }
    });
  });
  session.once("close", () => clearTimeout(timer));
  // A session that never sent its SETTINGS is the handshake timeout's to close.
  session.once("remoteSettings", () => {
    if (open === 0) schedule();
  });
}
