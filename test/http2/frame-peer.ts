/**
 * A scripted HTTP/2 peer for testing one Http2Connection without a socket:
 * the test writes frames with the frame writers and our HPACK encoder, feeds
 * them in, and reads back what the connection sent as one line per frame
 * (FrameLog's format, with header blocks decoded: `HEADERS stream=1
 * :status=200 content-type=application/grpc END_STREAM`).
 *
 * The connection under test is a server unless `role: "client"` is given;
 * the peer plays the other side.
 */
import { Http2Connection, type ConnectionEvents, type ConnectionHost, type Role } from "../../src/http2/connection/connection.js";
import type { Http2Limits } from "../../src/http2/connection/limits.js";
import type { Http2Stream, Http2StreamEvents } from "../../src/http2/connection/stream.js";
import type { OutgoingHeaders } from "../../src/http2/headers.js";
import {
  CLIENT_PREFACE,
  FrameLog,
  FrameParser,
  OutputBuffer,
  writeData,
  writeHeaders,
  writeSettings,
  writeSettingsAck,
  type Priority,
  type SettingsUpdate,
} from "../../src/http2/frame/index.js";
import { HpackDecoder, HpackEncoder } from "../../src/http2/hpack/index.js";

/** FrameLog, with each header block decoded by the peer's HPACK decoder. */
class DecodingLog extends FrameLog {
  constructor(private readonly decoder: HpackDecoder) {
    super();
  }

  override onHeaders(streamId: number, block: Uint8Array, endStream: boolean, _priority: Priority | undefined): void {
    const fields = this.decoder.decode(block);
    const shown: string[] = [];
    for (let i = 0; i < fields.length; i += 2) shown.push(`${fields[i]}=${fields[i + 1]}`);
    this.lines.push(`HEADERS stream=${streamId} ${shown.join(" ")}${endStream ? " END_STREAM" : ""}`);
  }
}

/** What happened to one stream, as its events object saw it. */
export interface StreamRecord {
  readonly stream: Http2Stream;
  readonly data: Uint8Array[];
  readonly events: string[];
  response?: string[];
  trailers?: string[];
}

export interface FramePeerOptions {
  /** The role of the connection under test. Default "server". */
  readonly role?: Role;
  readonly limits?: Partial<Http2Limits>;
  readonly events?: ConnectionEvents;
  /** Server: called for each new stream after it is attached to its record. */
  readonly onStream?: (record: StreamRecord, endStream: boolean) => void;
}

export class FramePeer {
  readonly connection: Http2Connection;
  /** The frames the peer is about to send. */
  readonly out = new OutputBuffer();
  readonly encoder = new HpackEncoder();
  /** Streams the connection under test reported (server) or opened (client), by id. */
  readonly streams = new Map<number, StreamRecord>();
  /** Bytes the connection's socket would not have written yet (for backpressure tests). */
  unread = 0;
  ended = false;
  flushRequests = 0;
  closeError: Error | undefined | null = null;
  private readonly log: DecodingLog;
  private readonly parser: FrameParser;
  private seen = 0;

  constructor(options: FramePeerOptions = {}) {
    const role = options.role ?? "server";
    this.log = new DecodingLog(new HpackDecoder({ maxHeaderListSize: 1 << 20 }));
    // What the connection under test writes: a client begins with the preface, a server with SETTINGS.
    this.parser = new FrameParser(this.log, { expectPreface: role === "server" ? "server" : "client", maxFrameSize: 16_777_215 });
    const peer = this;
    const host: ConnectionHost = {
      wantFlush: () => void peer.flushRequests++,
      get unreadOutput() {
        return peer.unread;
      },
      end: () => void (peer.ended = true),
    };
    const events: ConnectionEvents = {
      ...options.events,
      onStream: (stream, endStream) => {
        const record = this.record(stream);
        this.streams.set(stream.id, record);
        options.onStream?.(record, endStream);
        options.events?.onStream?.(stream, endStream);
      },
      onClose: (error) => {
        this.closeError = error;
        options.events?.onClose?.(error);
      },
    };
    this.connection = new Http2Connection(host, events, { role, limits: options.limits, scheme: "http", authority: "test" });
  }

  /** An events object that writes down what happens to `stream`. */
  record(stream: Http2Stream): StreamRecord {
    const record: StreamRecord = { stream, data: [], events: [] };
    const events: Http2StreamEvents = {
      onData: (chunk) => {
        record.data.push(chunk);
        record.events.push(`data ${chunk.length}`);
      },
      onEnd: () => void record.events.push("end"),
      onDrain: () => void record.events.push("drain"),
      onClose: (code, error) => void record.events.push(`close${code === undefined ? "" : ` code=${code}`}${error === undefined ? "" : " error"}`),
      onResponse: (headers, endStream) => {
        record.response = headers;
        record.events.push(`response${endStream ? " end" : ""}`);
      },
      onTrailers: (headers) => {
        record.trailers = headers;
        record.events.push("trailers");
      },
    };
    stream.attach(events);
    return record;
  }

  /** Client (under test): opens a stream and records what happens to it. */
  request(headers: OutgoingHeaders): StreamRecord {
    const record = this.record(this.connection.request(headers, IGNORE));
    return record;
  }

  /** Feeds what was written to `out` so far to the connection. */
  flush(): void {
    const bytes = this.out.takeBuffer();
    if (bytes.length > 0) this.connection.receive(bytes);
  }

  /** Feeds raw bytes. */
  receive(bytes: Uint8Array): void {
    this.connection.receive(bytes);
  }

  /** The frames the connection wrote since the last call, one line each. */
  frames(): string[] {
    for (const chunk of this.connection.takeOutput()) this.parser.feed(chunk);
    const lines = this.log.lines.slice(this.seen);
    this.seen = this.log.lines.length;
    return lines;
  }

  /**
   * The connection preface and SETTINGS exchange: the peer's preface (and
   * `settings`), then the ACK of the connection's SETTINGS. Returns the
   * connection's frames up to then.
   */
  handshake(settings: SettingsUpdate = {}): string[] {
    if (this.connection.role === "server") this.out.append(CLIENT_PREFACE);
    writeSettings(this.out, settings);
    writeSettingsAck(this.out);
    this.flush();
    return this.frames();
  }

  /** Sends a header block (HEADERS and CONTINUATION as needed). */
  headers(streamId: number, fields: readonly string[], endStream: boolean): void {
    writeHeaders(this.out, streamId, this.encoder.encode(fields), endStream);
    this.flush();
  }

  /** Sends the request head REQUEST (and `extra` fields) on `streamId`. */
  sendRequest(streamId: number, endStream = false, extra: readonly string[] = []): void {
    this.headers(streamId, [...REQUEST, ...extra], endStream);
  }

  data(streamId: number, bytes: Uint8Array | number, endStream = false): void {
    writeData(this.out, streamId, typeof bytes === "number" ? new Uint8Array(bytes) : bytes, endStream);
    this.flush();
  }
}

/** The request head the tests send, as a field list. */
export const REQUEST: readonly string[] = [
  ":method", "POST", ":scheme", "http", ":path", "/p.S/M", ":authority", "test", "content-type", "application/grpc", "te", "trailers",
];

/** Events for a moment: record() attaches the real ones at once. */
const IGNORE: Http2StreamEvents = { onData() {}, onEnd() {}, onDrain() {}, onClose() {} };
