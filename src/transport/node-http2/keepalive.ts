import type { Http2Session } from "node:http2";

/**
 * Server keepalive (as grpc-go's keepalive.ServerParameters Time/Timeout):
 * every `timeMs`, a connection is sent an HTTP/2 PING; one not answered
 * within `timeoutMs` is destroyed. A peer that vanished without closing its
 * TCP connection, or a session node:http2 stopped reading (as it does after
 * its flood protection gives up on a client), would otherwise keep its
 * socket and its place in the server's session set for ever.
 */
export function keepAlive(session: Http2Session, timeMs: number, timeoutMs: number): void {
  if (!(timeMs > 0) || !Number.isFinite(timeMs)) return;
  let unanswered: NodeJS.Timeout | undefined;
  const answered = (): void => {
    if (unanswered !== undefined) clearTimeout(unanswered);
    unanswered = undefined;
  };
  const interval = setInterval(() => {
    if (unanswered !== undefined || session.destroyed || session.closed) return;
    unanswered = setTimeout(() => {
      unanswered = undefined;
      session.destroy(new Error(`keepalive ping not answered within ${timeoutMs} ms`));
    }, timeoutMs);
    unanswered.unref();
    try {
      // The callback also runs (with an error) when the session goes away first.
      session.ping(answered);
    } catch {
      answered();
    }
  }, timeMs);
  interval.unref();
  session.once("close", () => {
    clearInterval(interval);
    answered();
  });
}
