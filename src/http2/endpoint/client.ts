/**
 * An HTTP/2 client connection on node:net (h2c with prior knowledge,
 * RFC 9113 §3.3) or node:tls (ALPN "h2", §3.2). Streams can be opened at
 * once: the preface and the first requests wait in the connection's output
 * until the socket is connected.
 */
import { connect as netConnect, isIP, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from "node:tls";
import { Http2Connection, type ConnectionEvents } from "../connection/connection.js";
import { resolveLimits, type Http2Limits } from "../connection/limits.js";
import { SocketHost } from "./socket-host.js";

export interface Http2ConnectOptions {
  /** "http://host:port" (plaintext) or "https://host:port" (TLS). */
  readonly origin: string;
  /** node:tls options for https (ca, servername, rejectUnauthorized, ...). */
  readonly tls?: ConnectionOptions | undefined;
  readonly limits?: Partial<Http2Limits> | undefined;
  /** The TCP (and TLS) connection must be made within this time. 0: no limit. */
  readonly connectTimeoutMs?: number | undefined;
  /** Connection events; `onConnect` when the socket is connected (and TLS negotiated h2). */
  readonly events?: (ConnectionEvents & { onConnect?(): void }) | undefined;
}

export interface Http2ClientConnection {
  readonly connection: Http2Connection;
  readonly socket: Socket;
  /** True until the socket is connected. */
  readonly connecting: () => boolean;
}

/** Opens a connection to `origin`; use `connection.request()` at once. */
export function connectHttp2(options: Http2ConnectOptions): Http2ClientConnection {
  const url = new URL(options.origin);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`expected an http: or https: origin, got ${options.origin}`);
  const limits = resolveLimits(options.limits);
  const host = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const secure = url.protocol === "https:";
  const port = Number(url.port) || (secure ? 443 : 80);
  const socket: Socket = secure
    ? tlsConnect({ ...(isIP(host) === 0 ? { servername: host } : {}), ...options.tls, host, port, ALPNProtocols: ["h2"] })
    : netConnect({ host, port, allowHalfOpen: true });
  let connecting = true;
  const shell = new SocketHost(socket, limits.lingerMs);
  const events = options.events ?? {};
  const connection = new Http2Connection(shell, events, {
    role: "client",
    limits,
    scheme: secure ? "https" : "http",
    authority: url.host,
  });
  socket.on("error", noop);
  const connected = (): void => {
    connecting = false;
    clearTimeout(timer);
    if (secure && (socket as TLSSocket).alpnProtocol !== "h2") {
      connection.destroy(new Error(`the server at ${url.host} did not agree to HTTP/2 (TLS ALPN gave ${String((socket as TLSSocket).alpnProtocol)})`));
      socket.destroy();
      return;
    }
    events.onConnect?.();
  };
  socket.once(secure ? "secureConnect" : "connect", connected);
  const timeout = options.connectTimeoutMs ?? 0;
  const timer =
    timeout > 0 && Number.isFinite(timeout)
      ? setTimeout(() => {
          const error = new Error(`no connection to ${url.host} within ${timeout} ms`);
          connection.destroy(error);
          socket.destroy();
        }, timeout)
      : undefined;
  timer?.unref();
  socket.once("close", () => clearTimeout(timer));
  shell.bind(connection);
  return { connection, socket, connecting: () => connecting };
}

function noop(): void {}
