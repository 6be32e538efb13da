/**
 * The sending half of a connection: header blocks through HPACK, DATA
 * through the flow-control windows (RFC 9113 §5.2, §6.9), all into one
 * OutputBuffer, so the frames one event-loop turn produces leave in one
 * socket write. DATA is cut into frames only when the socket takes output
 * (`pump`), so a window that opens meanwhile is used at once and a stream
 * that is reset drops what it had not sent.
 */
import { OutputBuffer, writeData, writeHeaders } from "../frame/index.js";
import type { OutgoingHeaders } from "../headers.js";
import { HpackEncoder } from "../hpack/index.js";
import { SendWindow } from "./flow-window.js";
import type { Http2Stream } from "./stream.js";

/** What the sending half tells its connection. */
export interface OutgoingHost {
  /** Output is waiting: arrange for the socket to take it (once per turn). */
  requestFlush(): void;
  /** A stream's END_STREAM was written (with DATA or trailers). */
  endSent(stream: Http2Stream): void;
}

/** Field blocks longer than this are copied out of the encoder's reusable buffer (shorter ones are copied by OutputBuffer). */
const COPY_LIMIT = 1024;

export class Outgoing {
  readonly out = new OutputBuffer({ copyLimit: COPY_LIMIT });
  readonly encoder: HpackEncoder;
  /** The peer's SETTINGS_MAX_FRAME_SIZE. */
  maxFrameSize = 16_384;
  /** The connection's send window. */
  readonly window = new SendWindow(65_535);
  /** Streams with queued DATA, END_STREAM or trailers, in the order they get turns. */
  private readonly ready: Http2Stream[] = [];
  private readonly fields: string[] = [];

  constructor(
    private readonly host: OutgoingHost,
    encoderTableSize: number,
  ) {
    this.encoder = new HpackEncoder({ maxTableSize: encoderTableSize });
  }

  /** Bytes waiting in our buffer (not yet handed to the socket). */
  get buffered(): number {
    return this.out.length;
  }

  /**
   * Writes a HEADERS frame (and CONTINUATION frames when the block is
   * larger than the peer's frame size). `extra` are fields to put first
   * (the client's :scheme and :authority).
   */
  writeHeaders(streamId: number, headers: OutgoingHeaders, endStream: boolean, extra?: readonly string[]): void {
    const fields = this.fields;
    fields.length = 0;
    if (extra !== undefined) for (const f of extra) fields.push(f);
    fieldList(headers, fields);
    let block = this.encoder.encode(fields);
    if (block.length > COPY_LIMIT) block = block.slice();
    writeHeaders(this.out, streamId, block, endStream, this.maxFrameSize);
    this.host.requestFlush();
  }

  /** Adds a stream with something queued to the streams that get turns. */
  schedule(stream: Http2Stream): void {
    if (stream.scheduled) return;
    stream.scheduled = true;
    this.ready.push(stream);
    this.host.requestFlush();
  }

  /** Takes a stream out of the turns (it was reset or closed). */
  unschedule(stream: Http2Stream): void {
    if (!stream.scheduled) return;
    stream.scheduled = false;
    const i = this.ready.indexOf(stream);
    if (i >= 0) this.ready.splice(i, 1);
  }

  /** True while some stream has DATA that only a larger window would let out. */
  get hasWaitingData(): boolean {
    return this.ready.length > 0;
  }

  /**
   * Cuts queued DATA into frames while windows allow, until `budget` bytes
   * of output are buffered: streams take turns, one frame each per round
   * (a round-robin: no stream starves another).
   */
  pump(budget: number): void {
    const ready = this.ready;
    // Streams visited in a row that could not send (their window is shut): stop when all of them are.
    let stuck = 0;
    while (ready.length > 0 && this.out.length < budget && stuck < ready.length) {
      const stream = ready.shift()!;
      if (!stream.scheduled) continue;
      if (this.sendFrom(stream)) stuck = 0;
      else stuck++;
      if (!stream.scheduled) continue;
      if (stream.queuedBytes === 0 && !stream.endQueued) stream.scheduled = false;
      else ready.push(stream);
    }
  }

  /** One frame of `stream`'s queue, if its and the connection's windows allow. True if anything was written. */
  private sendFrom(stream: Http2Stream): boolean {
    const queue = stream.queue;
    if (queue.length > 0) {
      const allowed = Math.min(this.window.size, stream.sendWindow.size, this.maxFrameSize);
      if (allowed <= 0) return false;
      const chunk = queue[0]!;
      const offset = stream.queueOffset;
      const size = Math.min(allowed, chunk.length - offset);
      const data = offset === 0 && size === chunk.length ? chunk : chunk.subarray(offset, offset + size);
      const lastChunk = offset + size === chunk.length;
      if (lastChunk) {
        queue.shift();
        stream.queueOffset = 0;
      } else {
        stream.queueOffset = offset + size;
      }
      stream.queuedBytes -= size;
      this.window.spend(size);
      stream.sendWindow.spend(size);
      const endsHere = queue.length === 0 && stream.endQueued && stream.trailers === undefined;
      writeData(this.out, stream.id, data, endsHere, this.maxFrameSize);
      stream.checkDrain();
      if (endsHere) this.finish(stream);
      return true;
    }
    if (!stream.endQueued) return false;
    // Nothing queued: the end of the stream goes out now, with the trailers or as empty DATA.
    const trailers = stream.trailers;
    stream.trailers = undefined;
    if (trailers !== undefined) this.writeHeaders(stream.id, trailers, true);
    else writeData(this.out, stream.id, EMPTY, true, this.maxFrameSize);
    this.finish(stream);
    return true;
  }

  private finish(stream: Http2Stream): void {
    stream.scheduled = false;
    stream.endQueued = false;
    this.host.endSent(stream);
  }

  /** Everything buffered, as chunks for one socket write; the buffer starts empty. */
  take(): Uint8Array[] {
    return this.out.takeChunks();
  }
}

const EMPTY = new Uint8Array(0);

/** Frozen header objects (the RPC layer's constants), flattened once. */
const flattened = new WeakMap<OutgoingHeaders, readonly string[]>();

/**
 * Appends a header object's fields as a flat list, pseudo-header fields
 * first (§8.3), repeated values as repeated fields.
 */
export function fieldList(headers: OutgoingHeaders, into: string[]): void {
  const cached = flattened.get(headers);
  if (cached !== undefined) {
    for (let i = 0; i < cached.length; i++) into.push(cached[i]!);
    return;
  }
  const start = into.length;
  let regularAt = -1;
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const pseudo = name.charCodeAt(0) === 0x3a;
    if (pseudo && regularAt >= 0) {
      // A pseudo-header after a regular field: move it up (rare; our own headers are in order).
      into.splice(regularAt, 0, name, String(value));
      regularAt += 2;
      continue;
    }
    if (!pseudo && regularAt < 0) regularAt = into.length;
    if (typeof value === "string") into.push(name, value);
    else if (typeof value === "number") into.push(name, String(value));
    else for (const v of value) into.push(name, v);
  }
  if (Object.isFrozen(headers)) flattened.set(headers, into.slice(start));
}
