/**
 * An HTTP/2 client on a plain TCP socket that sends exactly the frames a
 * test writes (the frame writers and our HPACK encoder) and logs every frame
 * the server sends back. For hostile-peer tests against a server on either
 * transport: it breaks the rules a real client keeps.
 */
import { connect, type Socket } from "node:net";
import {
  CLIENT_PREFACE,
  FrameLog,
  FrameParser,
  OutputBuffer,
  writeData,
  writeHeaders,
  writeSettings,
  writeSettingsAck,
} from "../../src/http2/frame/index.js";
import { HpackEncoder } from "../../src/http2/hpack/index.js";
import { encodeEnvelope } from "../../src/grpc/envelope.js";

export class RawClient {
  readonly socket: Socket;
  readonly out = new OutputBuffer();
  readonly encoder = new HpackEncoder();
  readonly log = new FrameLog();
  closed = false;
  private readonly parser = new FrameParser(this.log, { expectPreface: "server", maxFrameSize: 16_777_215, maxHeaderBlockSize: 1 << 20 });
  private waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      try {
        this.parser.feed(chunk);
      } catch {
        // A server's broken frame would be a failure of the test reading the log.
      }
      this.wake();
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: "127.0.0.1", port }, () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  /** The preface and an empty SETTINGS (not the ACK of the server's: see ackSettings). */
  preface(): this {
    this.out.append(CLIENT_PREFACE);
    writeSettings(this.out, {});
    return this;
  }

  ackSettings(): this {
    writeSettingsAck(this.out);
    return this;
  }

  /** A gRPC request on `streamId` for `path`: its head, then (unless `message` is undefined) one message and END_STREAM. */
  request(streamId: number, path: string, message: Uint8Array | undefined = new Uint8Array(0)): this {
    const block = this.encoder.encode([":method", "POST", ":scheme", "http", ":path", path, ":authority", "test", "content-type", "application/grpc", "te", "trailers"]);
    writeHeaders(this.out, streamId, block, false);
    if (message !== undefined) writeData(this.out, streamId, encodeEnvelope(message), true);
    return this;
  }

  /** Writes what was queued. */
  send(): this {
    const bytes = this.out.takeBuffer();
    if (bytes.length > 0 && !this.socket.destroyed) this.socket.write(bytes);
    return this;
  }

  /** Resolves once `check` holds over the log (or the socket closed), or rejects after `ms`. */
  until(check: (lines: readonly string[]) => boolean, ms = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const test = (): void => {
        if (check(this.log.lines)) return resolve();
        if (this.closed) return reject(new Error(`the connection closed; frames: ${this.log.lines.slice(-5).join(" | ")}`));
        if (Date.now() - started > ms) return reject(new Error(`timed out; frames: ${this.log.lines.slice(-5).join(" | ")}`));
        this.waiters.push(test);
      };
      const timer = setTimeout(() => this.wake(), ms + 10);
      timer.unref();
      test();
    });
  }

  count(pattern: RegExp): number {
    return this.log.lines.filter((l) => pattern.test(l)).length;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
