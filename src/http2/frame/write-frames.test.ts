import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { FrameLog } from "./frame-log.js";
import { FrameParser } from "./frame-parser.js";
import { OutputBuffer } from "./output-buffer.js";
import {
  writeClientPreface,
  writeFrame,
  writeGoaway,
  writePing,
  writePriority,
  writeRstStream,
  writeSettings,
  writeSettingsAck,
  writeWindowUpdate,
} from "./write-control-frames.js";
import { writeData, writeHeaders, writePushPromise } from "./write-stream-frames.js";

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ""), "hex");
const hexOf = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

function written(write: (out: OutputBuffer) => void): string {
  const out = new OutputBuffer();
  write(out);
  return hexOf(out.takeBuffer());
}

function parsed(hex: string): string[] {
  const log = new FrameLog();
  new FrameParser(log).feed(bytes(hex));
  return log.lines;
}

// Each writer: the exact bytes (§4.1, §6), and what the parser makes of them.
const WRITERS: Array<[string, (out: OutputBuffer) => void, string, string[]]> = [
  ["DATA", (o) => writeData(o, 1, ascii("hello"), true), "000005 00 01 00000001 68656c6c6f", ["DATA stream=1 data=68656c6c6f flow=5 END_STREAM"]],
  ["DATA, empty, ending the stream", (o) => writeData(o, 3, new Uint8Array(0), true), "000000 00 01 00000003", ["DATA stream=3 data= flow=0 END_STREAM"]],
  ["DATA, padded", (o) => writeData(o, 3, ascii("hey"), false, 16_384, 2), "000006 00 08 00000003 02 686579 0000", ["DATA stream=3 data=686579 flow=6"]],
  ["DATA, PADDED with Pad Length 0", (o) => writeData(o, 3, ascii("a"), false, 16_384, 0), "000002 00 08 00000003 00 61", ["DATA stream=3 data=61 flow=2"]],
  ["HEADERS", (o) => writeHeaders(o, 1, bytes("8287"), true), "000002 01 05 00000001 8287", ["HEADERS stream=1 block=8287 END_STREAM"]],
  [
    "HEADERS, padded, with priority",
    (o) => writeHeaders(o, 5, bytes("82"), false, 16_384, { padLength: 1, priority: { exclusive: true, dependency: 3, weight: 16 } }),
    "000008 01 2c 00000005 01 80000003 0f 82 00",
    ["HEADERS stream=5 block=82 priority=dependency=3 weight=16 exclusive"],
  ],
  ["PRIORITY", (o) => writePriority(o, 3, { exclusive: false, dependency: 1, weight: 256 }), "000005 02 00 00000003 00000001 ff", ["PRIORITY stream=3 dependency=1 weight=256"]],
  ["RST_STREAM", (o) => writeRstStream(o, 1, ErrorCode.CANCEL), "000004 03 00 00000001 00000008", ["RST_STREAM stream=1 code=CANCEL"]],
  [
    "SETTINGS",
    (o) => writeSettings(o, { enablePush: false, headerTableSize: 4096 }),
    "00000c 04 00 00000000 0001 00001000 0002 00000000",
    ["SETTINGS headerTableSize=4096 enablePush=false"],
  ],
  [
    "SETTINGS, all six",
    (o) => writeSettings(o, { headerTableSize: 0, enablePush: true, maxConcurrentStreams: 100, initialWindowSize: 2 ** 31 - 1, maxFrameSize: 16_777_215, maxHeaderListSize: 8192 }),
    "000024 04 00 00000000 0001 00000000 0002 00000001 0003 00000064 0004 7fffffff 0005 00ffffff 0006 00002000",
    ["SETTINGS headerTableSize=0 enablePush=true maxConcurrentStreams=100 initialWindowSize=2147483647 maxFrameSize=16777215 maxHeaderListSize=8192"],
  ],
  ["SETTINGS, empty", (o) => writeSettings(o, {}), "000000 04 00 00000000", ["SETTINGS"]],
  ["SETTINGS ACK", (o) => writeSettingsAck(o), "000000 04 01 00000000", ["SETTINGS ACK"]],
  ["PUSH_PROMISE", (o) => writePushPromise(o, 1, 2, bytes("82")), "000005 05 04 00000001 00000002 82", ["PUSH_PROMISE stream=1 promised=2 block=82"]],
  ["PUSH_PROMISE, padded", (o) => writePushPromise(o, 1, 2, bytes("82"), 16_384, 1), "000007 05 0c 00000001 01 00000002 82 00", ["PUSH_PROMISE stream=1 promised=2 block=82"]],
  ["PING", (o) => writePing(o, bytes("0102030405060708"), false), "000008 06 00 00000000 0102030405060708", ["PING data=0102030405060708"]],
  ["PING ACK", (o) => writePing(o, bytes("0102030405060708"), true), "000008 06 01 00000000 0102030405060708", ["PING data=0102030405060708 ACK"]],
  ["GOAWAY", (o) => writeGoaway(o, 5, ErrorCode.NO_ERROR, ascii("hi")), "00000a 07 00 00000000 00000005 00000000 6869", ["GOAWAY last=5 code=NO_ERROR debug=6869"]],
  ["GOAWAY, no debug data", (o) => writeGoaway(o, 0, ErrorCode.ENHANCE_YOUR_CALM), "000008 07 00 00000000 00000000 0000000b", ["GOAWAY last=0 code=ENHANCE_YOUR_CALM debug="]],
  ["WINDOW_UPDATE", (o) => writeWindowUpdate(o, 0, 100), "000004 08 00 00000000 00000064", ["WINDOW_UPDATE stream=0 increment=100"]],
  ["any frame", (o) => writeFrame(o, 0x2a, 0x07, 1, ascii("abc")), "000003 2a 07 00000001 616263", ["frame type 0x2a flags=0x7 stream=1 payload=616263"]],
];

describe("frame writers", () => {
  it.each(WRITERS)("%s", (_, write, hex, lines) => {
    const out = written(write);
    expect(out).toBe(bytes(hex).toString("hex"));
    expect(parsed(out)).toEqual(lines);
  });

  it("writes the client preface (§3.4)", () => {
    expect(Buffer.from(written(writeClientPreface), "hex").toString()).toBe("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  });

  it("puts all frames of a turn in one buffer, in order", () => {
    const out = new OutputBuffer();
    for (const [, write] of WRITERS) write(out);
    const all = out.takeBuffer();
    expect(out.length).toBe(0);
    expect(parsed(hexOf(all))).toEqual(WRITERS.flatMap(([, , , lines]) => lines));
  });
});

/** Frame headers of `hex` as "type:flags:length", to see how a payload was cut. */
function frameShapes(all: Uint8Array): string[] {
  const shapes: string[] = [];
  for (let at = 0; at < all.length; ) {
    const length = (all[at]! << 16) | (all[at + 1]! << 8) | all[at + 2]!;
    shapes.push(`${all[at + 3]}:${all[at + 4]}:${length}`);
    at += 9 + length;
  }
  return shapes;
}

describe("splitting to the peer's SETTINGS_MAX_FRAME_SIZE (§4.2)", () => {
  const payload = Uint8Array.from({ length: 40_000 }, (_, i) => i & 0xff);

  const collect = (all: Uint8Array): { data: Buffer; lines: string[] } => {
    const parts: Uint8Array[] = [];
    const log = new FrameLog();
    log.onData = (_s, p) => void parts.push(p);
    log.onHeaders = (_s, b, end) => void (parts.push(b), log.lines.push(`end=${end}`));
    log.onPushPromise = (_s, promised, b) => void (parts.push(b), log.lines.push(`promised=${promised}`));
    new FrameParser(log).feed(all);
    return { data: Buffer.concat(parts), lines: log.lines };
  };

  it("cuts DATA into frames of at most maxFrameSize, END_STREAM on the last", () => {
    const out = new OutputBuffer();
    writeData(out, 1, payload, true, 16_384);
    const all = out.takeBuffer();
    expect(frameShapes(all)).toEqual(["0:0:16384", "0:0:16384", "0:1:7232"]);
    expect(collect(all).data.equals(payload)).toBe(true);
  });

  it("counts padding in the frame size", () => {
    const out = new OutputBuffer();
    writeData(out, 1, payload.subarray(0, 20_000), false, 16_384, 255);
    const all = out.takeBuffer();
    expect(frameShapes(all)).toEqual(["0:8:16384", "0:8:4128"]);
    expect(collect(all).data.equals(payload.subarray(0, 20_000))).toBe(true);
  });

  it("sends DATA of exactly maxFrameSize in one frame", () => {
    const out = new OutputBuffer();
    writeData(out, 1, payload.subarray(0, 16_384), false);
    expect(frameShapes(out.takeBuffer())).toEqual(["0:0:16384"]);
  });

  it("cuts a field block into HEADERS and CONTINUATION frames, END_HEADERS on the last", () => {
    const out = new OutputBuffer();
    writeHeaders(out, 1, payload, true, 16_384);
    const all = out.takeBuffer();
    expect(frameShapes(all)).toEqual(["1:1:16384", "9:0:16384", "9:4:7232"]);
    const { data, lines } = collect(all);
    expect(data.equals(payload)).toBe(true);
    expect(lines).toEqual(["end=true"]);
  });

  it("leaves room for padding and priority in the HEADERS frame", () => {
    const out = new OutputBuffer();
    writeHeaders(out, 1, payload.subarray(0, 16_384), false, 16_384, { padLength: 10, priority: { exclusive: false, dependency: 0, weight: 16 } });
    const all = out.takeBuffer();
    expect(frameShapes(all)).toEqual(["1:40:16384", "9:4:16"]);
    expect(collect(all).data.equals(payload.subarray(0, 16_384))).toBe(true);
  });

  it("cuts a PUSH_PROMISE block the same way", () => {
    const out = new OutputBuffer();
    writePushPromise(out, 1, 2, payload.subarray(0, 20_000), 16_384);
    const all = out.takeBuffer();
    expect(frameShapes(all)).toEqual(["5:0:16384", "9:4:3620"]);
    const { data, lines } = collect(all);
    expect(data.equals(payload.subarray(0, 20_000))).toBe(true);
    expect(lines).toEqual(["promised=2"]);
  });

  it("uses a larger maxFrameSize when the peer allows it", () => {
    const out = new OutputBuffer();
    writeData(out, 1, payload, false, 20_000);
    expect(frameShapes(out.takeBuffer())).toEqual(["0:0:20000", "0:0:20000"]);
  });
});

describe("frame writers refuse what must never be sent (RangeError)", () => {
  const out = new OutputBuffer();
  it.each<[string, () => void, string]>([
    ["DATA on stream 0", () => writeData(out, 0, new Uint8Array(1), false), "DATA stream id must be an integer from 1 to 2147483647, got 0"],
    ["a stream id past 2^31-1", () => writeHeaders(out, 2 ** 31, new Uint8Array(1), false), "HEADERS stream id must be an integer from 1"],
    ["a max frame size under 16384", () => writeData(out, 1, new Uint8Array(1), false, 16_383), "maxFrameSize must be an integer from 16384 to 16777215"],
    ["a Pad Length over 255", () => writeData(out, 1, new Uint8Array(1), false, 16_384, 256), "padLength must be an integer from 0 to 255"],
    ["a weight of 0", () => writePriority(out, 1, { exclusive: false, dependency: 0, weight: 0 }), "priority weight must be an integer from 1 to 256"],
    ["a stream depending on itself", () => writePriority(out, 3, { exclusive: false, dependency: 3, weight: 16 }), "stream 3 cannot depend on itself"],
    ["a PING of 7 bytes", () => writePing(out, new Uint8Array(7), false), "PING data must be 8 bytes (RFC 9113 §6.7), got 7"],
    ["a WINDOW_UPDATE of 0", () => writeWindowUpdate(out, 1, 0), "window increment must be an integer from 1 to 2147483647, got 0"],
    ["a WINDOW_UPDATE past 2^31-1", () => writeWindowUpdate(out, 0, 2 ** 31), "window increment must be"],
    ["an error code past 32 bits", () => writeRstStream(out, 1, 2 ** 32), "error code must be an integer from 0 to 4294967295"],
    ["RST_STREAM on stream 0", () => writeRstStream(out, 0, 0), "RST_STREAM stream id must be"],
    ["a promised stream 0", () => writePushPromise(out, 1, 0, new Uint8Array(0)), "promised stream id must be"],
    ["SETTINGS_INITIAL_WINDOW_SIZE past 2^31-1", () => writeSettings(out, { maxConcurrentStreams: 1, initialWindowSize: 2 ** 31 }), "cannot send SETTINGS_INITIAL_WINDOW_SIZE of 2147483648"],
    ["SETTINGS_MAX_FRAME_SIZE of 1", () => writeSettings(out, { maxFrameSize: 1 }), "cannot send SETTINGS_MAX_FRAME_SIZE of 1"],
    ["a setting that is not a 32-bit integer", () => writeSettings(out, { maxHeaderListSize: 1.5 }), "setting maxHeaderListSize must be an integer from 0 to 2^32-1, got 1.5"],
    ["a raw frame type past a byte", () => writeFrame(out, 256, 0, 0, new Uint8Array(0)), "frame type must be a byte, got 256"],
    ["raw frame flags past a byte", () => writeFrame(out, 0, -1, 0, new Uint8Array(0)), "frame flags must be a byte, got -1"],
  ])("%s", (_, write, message) => {
    expect(write).toThrow(RangeError);
    expect(write).toThrow(message);
  });

  it("wrote nothing for any of them", () => {
    expect(out.length).toBe(0);
  });
});
