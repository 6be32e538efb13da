import type { Http2Connection } from "../../http2/connection/connection.js";

/**
 * Keepalive on one connection (grpc-go's keepalive Time/Timeout): every
 * `timeMs` a PING; one not answered within `timeoutMs` ends the connection.
 * A peer that vanished without closing its TCP connection would otherwise
 * keep its socket for ever. Returns the function that stops it (call it
 * when the connection closes).
 */
export function keepAlive(connection: Http2Connection, timeMs: number, timeoutMs: number): () => void {
  if (!(timeMs > 0) || !Number.isFinite(timeMs)) return noop;
  let unanswered: NodeJS.Timeout | undefined;
  const answered = (): void => {
    clearTimeout(unanswered);
    unanswered = undefined;
  };
  const interval = setInterval(() => {
    if (connection.closed) {
      clearInterval(interval);
      answered();
      return;
    }
    if (unanswered !== undefined) return;
    unanswered = setTimeout(() => {
      unanswered = undefined;
      clearInterval(interval);
      connection.destroy(new Error(`keepalive ping not answered within ${timeoutMs} ms`));
    }, timeoutMs);
    unanswered.unref();
    connection.ping(answered);
  }, timeMs);
  interval.unref();
  return () => {
    clearInterval(interval);
    answered();
  };
}

function noop(): void {}
