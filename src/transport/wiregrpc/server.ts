/**
 * The server side of the transport interface on our own HTTP/2 engine
 * (src/http2). The engine's streams already are what the interface asks
 * for (attach/respond/write/end/reset/pause/resume), so they are handed to
 * the RPC layer as they are: no wrapper object per call.
 */
import type { Http2Connection } from "../../http2/connection/connection.js";
import { resolveLimits, type Http2Limits } from "../../http2/connection/limits.js";
import { Http2Server } from "../../http2/endpoint/server.js";
import { Code } from "../../grpc/code.js";
import { CONTENT_TYPE_GRPC } from "../../grpc/content-type.js";
import { writeStatus } from "../../grpc/trailers.js";
import type { HeaderFields, OutgoingHeaders } from "../../http2/headers.js";
import type { ServerTransport, ServerTransportOptions } from "../types.js";
import { keepAlive } from "./keepalive.js";

export interface WiregrpcServerTransportOptions extends ServerTransportOptions {
  /** Further engine limits (src/http2/connection/limits.ts); they win over the options above. */
  readonly http2Limits: Partial<Http2Limits> | undefined;
}

export class WiregrpcServerTransport implements ServerTransport {
  private readonly server: Http2Server;
  /** Each connection's keepalive, stopped when it closes. */
  private readonly keepalives = new Map<Http2Connection, () => void>();

  constructor(options: WiregrpcServerTransportOptions) {
    // The interface's options, then any engine limits by name: the connection's limits, and the
    // one the too-large answer names.
    const limits = resolveLimits({
      maxConcurrentStreams: options.maxConcurrentStreams,
      maxHeaderListSize: options.maxHeaderListSize,
      streamWindowSize: options.streamWindowSize,
      connectionWindowSize: options.connectionWindowSize,
      handshakeTimeoutMs: options.handshakeTimeoutMs,
      ...options.http2Limits,
    });
    this.server = new Http2Server({
      tls: options.tls,
      limits,
      headerListTooLarge: tooLargeAnswer(limits.maxHeaderListSize),
      onStream: (stream) => options.onStream(stream),
      onConnection: (connection) => {
        const stop = keepAlive(connection, options.keepaliveTimeMs, options.keepaliveTimeoutMs);
        if (!connection.closed) this.keepalives.set(connection, stop);
        else stop();
      },
      onConnectionClose: (connection) => {
        this.keepalives.get(connection)?.();
        this.keepalives.delete(connection);
        options.onConnectionClose();
      },
    });
  }

  get connections(): number {
    return this.server.connections;
  }

  listen(host: string | undefined, port: number): Promise<number> {
    return this.server.listen(host, port);
  }

  shutdown(): Promise<void> {
    return this.server.shutdown();
  }

  destroy(): void {
    this.server.destroy();
  }
}

/**
 * The answer to a request whose metadata is over the header list limit: a
 * Trailers-Only RESOURCE_EXHAUSTED, which every gRPC client reads as a
 * status (an HTTP 431 would reach them as UNKNOWN).
 */
function tooLargeAnswer(limit: number): OutgoingHeaders {
  const headers: HeaderFields = { ":status": "200", "content-type": CONTENT_TYPE_GRPC };
  writeStatus(headers, Code.ResourceExhausted, `request metadata larger than the server's limit of ${limit} bytes`);
  return Object.freeze(headers);
}
