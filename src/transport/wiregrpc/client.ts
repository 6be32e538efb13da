/**
 * The client side of the transport interface on our own HTTP/2 engine
 * (src/http2): one engine connection per ClientConnection, and a small
 * adapter per stream that turns the engine's close report (reset code,
 * connection error) into the interface's ClientStreamClose.
 */
import type { Http2Connection } from "../../http2/connection/connection.js";
import type { Http2Limits } from "../../http2/connection/limits.js";
import type { Http2Stream, Http2StreamEvents } from "../../http2/connection/stream.js";
import { connectHttp2 } from "../../http2/endpoint/client.js";
import type { OutgoingHeaders } from "../../http2/headers.js";
import type { Socket } from "node:net";
import type { ClientConnection, ClientConnectionOptions, ClientStream, ClientStreamEvents } from "../types.js";

export interface WiregrpcClientConnectionOptions extends ClientConnectionOptions {
  /** Further engine limits (src/http2/connection/limits.ts); they win over the options above. */
  readonly http2Limits: Partial<Http2Limits> | undefined;
}

export class WiregrpcClientConnection implements ClientConnection {
  error: Error | undefined;
  private readonly connection: Http2Connection;
  private readonly socket: Socket;
  private readonly isConnecting: () => boolean;
  /** The server's SETTINGS arrived: the connection was made. */
  private established = false;
  private readonly closedPromise: Promise<void>;

  constructor(options: WiregrpcClientConnectionOptions) {
    let closed!: () => void;
    this.closedPromise = new Promise((resolve) => (closed = resolve));
    const { connection, socket, connecting } = connectHttp2({
      origin: options.origin,
      tls: options.tls,
      connectTimeoutMs: options.connectTimeoutMs,
      limits: {
        streamWindowSize: options.streamWindowSize,
        connectionWindowSize: options.connectionWindowSize,
        ...options.http2Limits,
      },
      events: {
        onReady: () => {
          this.established = true;
        },
        onGoaway: () => options.events.onGoaway(),
        onClose: (error) => {
          this.error ??= error;
          closed();
          options.events.onClose(this.error);
        },
      },
    });
    this.connection = connection;
    this.socket = socket;
    this.isConnecting = connecting;
    socket.on("error", (e: Error) => {
      this.error ??= e;
    });
    socket.unref();
  }

  get connecting(): boolean {
    return this.isConnecting();
  }

  get closed(): boolean {
    return this.connection.closed;
  }

  request(headers: OutgoingHeaders, events: ClientStreamEvents): ClientStream {
    const adapter = new StreamAdapter(this, events);
    adapter.stream = this.connection.request(headers, adapter);
    return adapter;
  }

  close(): Promise<void> {
    this.connection.close();
    return this.closedPromise;
  }

  destroy(error?: Error): void {
    this.error ??= error;
    this.connection.destroy(error);
    this.socket.destroy();
  }

  ref(): void {
    this.socket.ref();
  }

  unref(): void {
    this.socket.unref();
  }

  /** @internal The connection failed before the server's SETTINGS ever arrived. */
  get neverEstablished(): boolean {
    return !this.established;
  }
}

/** One call's stream: the interface's ClientStream over an engine stream, and the engine's events back. */
class StreamAdapter implements ClientStream, Http2StreamEvents {
  stream!: Http2Stream;
  private readonly owner: WiregrpcClientConnection;
  private readonly events: ClientStreamEvents;

  constructor(owner: WiregrpcClientConnection, events: ClientStreamEvents) {
    this.owner = owner;
    this.events = events;
  }

  // ---- ClientStream ----

  write(data: Uint8Array): boolean {
    return this.stream.write(data);
  }

  end(data?: Uint8Array): void {
    this.stream.end(data);
  }

  reset(code: number): void {
    this.stream.reset(code);
  }

  pause(): void {
    this.stream.pause();
  }

  resume(): void {
    this.stream.resume();
  }

  // ---- Http2StreamEvents ----

  onResponse(headers: string[], endStream: boolean): void {
    this.events.onResponse(headers, endStream);
  }

  onData(chunk: Uint8Array): void {
    this.events.onData(chunk);
  }

  onTrailers(headers: string[]): void {
    this.events.onTrailers(headers);
  }

  onEnd(): void {
    this.events.onEnd();
  }

  onDrain(): void {
    this.events.onDrain();
  }

  onClose(resetCode: number | undefined, connectionError: Error | undefined): void {
    const error = connectionError === undefined ? undefined : (this.owner.error ?? connectionError);
    this.events.onClose({
      resetCode,
      connectionError: error,
      neverConnected: error !== undefined && this.owner.neverEstablished,
    });
  }
}
