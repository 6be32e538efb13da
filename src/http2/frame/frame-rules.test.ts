// Every stateless rule of RFC 9113 §4-§6 the parser enforces, as a bad frame
// and the error it must earn: code, scope, and the rule named in the reason.
import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { FrameLog } from "./frame-log.js";
import { FrameParser } from "./frame-parser.js";

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ""), "hex");

const { PROTOCOL_ERROR, FRAME_SIZE_ERROR, FLOW_CONTROL_ERROR, ENHANCE_YOUR_CALM } = ErrorCode;

/** Feeds `hex` and returns the one error it produced, thrown or reported. */
function errorOf(hex: string, limits?: { maxHeaderBlockSize?: number; maxContinuationFrames?: number }): Http2Error {
  const found: Http2Error[] = [];
  const log = new FrameLog();
  log.onStreamError = (error) => void found.push(error);
  try {
    new FrameParser(log, limits).feed(bytes(hex));
  } catch (e) {
    if (!(e instanceof Http2Error)) throw e;
    found.push(e);
  }
  expect(found).toHaveLength(1);
  return found[0]!;
}

type Case = [string, string, number, "connection" | "stream", string];

const CONNECTION_FRAMES: Case[] = [
  ["SETTINGS on a stream", "000000 04 00 00000001", PROTOCOL_ERROR, "connection", "SETTINGS frame on stream 1 (must be on stream 0, RFC 9113 §6.5)"],
  ["PING on a stream", "000008 06 00 00000003 0000000000000000", PROTOCOL_ERROR, "connection", "PING frame on stream 3 (must be on stream 0, RFC 9113 §6.7)"],
  ["GOAWAY on a stream", "000008 07 00 00000001 0000000000000000", PROTOCOL_ERROR, "connection", "§6.8"],
  ["DATA on stream 0", "000001 00 00 00000000 61", PROTOCOL_ERROR, "connection", "DATA frame on stream 0 (must be on a stream, RFC 9113 §6.1)"],
  ["HEADERS on stream 0", "000001 01 04 00000000 82", PROTOCOL_ERROR, "connection", "§6.2"],
  ["PRIORITY on stream 0", "000005 02 00 00000000 0000000110", PROTOCOL_ERROR, "connection", "§6.3"],
  ["RST_STREAM on stream 0", "000004 03 00 00000000 00000008", PROTOCOL_ERROR, "connection", "§6.4"],
  ["PUSH_PROMISE on stream 0", "000005 05 04 00000000 00000002 82", PROTOCOL_ERROR, "connection", "§6.6"],
  ["CONTINUATION on stream 0", "000001 01 00 00000001 82  000000 09 04 00000000", PROTOCOL_ERROR, "connection", "CONTINUATION frame on stream 0 inside the field block of stream 1"],
  ["stream 0 with only the reserved bit set is still stream 0", "000001 00 00 80000000 61", PROTOCOL_ERROR, "connection", "DATA frame on stream 0"],
];

const LENGTHS: Case[] = [
  ["PING of 7 bytes", "000007 06 00 00000000 01020304050607", FRAME_SIZE_ERROR, "connection", "PING frame with length 7 (must be 8, RFC 9113 §6.7)"],
  ["PING of 9 bytes", "000009 06 00 00000000 010203040506070809", FRAME_SIZE_ERROR, "connection", "PING frame with length 9 (must be 8"],
  ["RST_STREAM of 3 bytes", "000003 03 00 00000001 000008", FRAME_SIZE_ERROR, "connection", "RST_STREAM frame with length 3 (must be 4, RFC 9113 §6.4)"],
  ["WINDOW_UPDATE of 5 bytes", "000005 08 00 00000001 0000000100", FRAME_SIZE_ERROR, "connection", "WINDOW_UPDATE frame with length 5 (must be 4, RFC 9113 §6.9)"],
  ["PRIORITY of 6 bytes: a stream error", "000006 02 00 00000003 000000011000", FRAME_SIZE_ERROR, "stream", "PRIORITY frame with length 6 (must be 5, RFC 9113 §6.3)"],
  ["SETTINGS of 5 bytes", "000005 04 00 00000000 0001000010", FRAME_SIZE_ERROR, "connection", "SETTINGS frame with length 5 (must be a multiple of 6, RFC 9113 §6.5)"],
  ["SETTINGS ACK with a payload", "000006 04 01 00000000 000100001000", FRAME_SIZE_ERROR, "connection", "SETTINGS frame with ACK with length 6 (must be empty, RFC 9113 §6.5)"],
  ["GOAWAY of 7 bytes", "000007 07 00 00000000 00000001000000", FRAME_SIZE_ERROR, "connection", "GOAWAY frame with length 7 (must be at least 8, RFC 9113 §6.8)"],
  ["padded DATA of 0 bytes", "000000 00 08 00000001", FRAME_SIZE_ERROR, "connection", "DATA frame with length 0 is too short for its Pad Length (1 bytes"],
  ["HEADERS with PRIORITY of 4 bytes", "000004 01 24 00000001 00000000", FRAME_SIZE_ERROR, "connection", "HEADERS frame with length 4 is too short for its priority fields (5 bytes"],
  ["padded HEADERS with PRIORITY of 5 bytes", "000005 01 2c 00000001 00 00000000", FRAME_SIZE_ERROR, "connection", "too short for its Pad Length and priority fields (6 bytes"],
  ["PUSH_PROMISE of 3 bytes", "000003 05 04 00000001 000002", FRAME_SIZE_ERROR, "connection", "PUSH_PROMISE frame with length 3 is too short for its Promised Stream ID (4 bytes"],
  ["DATA over SETTINGS_MAX_FRAME_SIZE", "004001 00 00 00000001", FRAME_SIZE_ERROR, "connection", "DATA frame of 16385 bytes exceeds SETTINGS_MAX_FRAME_SIZE 16384 (RFC 9113 §4.2)"],
  ["unknown type over SETTINGS_MAX_FRAME_SIZE", "ffffff 2a 00 00000000", FRAME_SIZE_ERROR, "connection", "frame type 0x2a frame of 16777215 bytes exceeds"],
];

const PADDING: Case[] = [
  ["DATA padding longer than the payload", "000003 00 08 00000001 03 6161", PROTOCOL_ERROR, "connection", "DATA frame with Pad Length 3 but only 2 bytes after its fixed fields (RFC 9113 §6.1)"],
  ["DATA Pad Length equal to the payload length", "000001 00 08 00000001 01", PROTOCOL_ERROR, "connection", "Pad Length 1 but only 0 bytes"],
  ["HEADERS padding over the priority fields", "000007 01 2c 00000001 02 00000000 10 82", PROTOCOL_ERROR, "connection", "HEADERS frame with Pad Length 2 but only 1 bytes after its fixed fields (RFC 9113 §6.2)"],
  ["PUSH_PROMISE padding over the promised stream", "000006 05 0c 00000001 02 00000002 82", PROTOCOL_ERROR, "connection", "PUSH_PROMISE frame with Pad Length 2 but only 1 bytes after its fixed fields (RFC 9113 §6.6)"],
];

const VALUES: Case[] = [
  ["a stream that depends on itself in PRIORITY", "000005 02 00 00000005 00000005 10", PROTOCOL_ERROR, "stream", "stream 5 depends on itself (RFC 9113 §5.3.1)"],
  ["a stream that depends on itself in HEADERS", "000006 01 25 00000005 80000005 10 82", PROTOCOL_ERROR, "stream", "stream 5 depends on itself"],
  ["WINDOW_UPDATE of 0 on a stream", "000004 08 00 00000007 00000000", PROTOCOL_ERROR, "stream", "increment of 0 for stream 7"],
  ["WINDOW_UPDATE of 0 on the connection", "000004 08 00 00000000 00000000", PROTOCOL_ERROR, "connection", "WINDOW_UPDATE with an increment of 0 for the connection (must be 1 to 2^31-1, RFC 9113 §6.9)"],
  ["WINDOW_UPDATE of 0 with only the reserved bit set", "000004 08 00 00000000 80000000", PROTOCOL_ERROR, "connection", "increment of 0"],
  ["SETTINGS_ENABLE_PUSH of 2", "000006 04 00 00000000 0002 00000002", PROTOCOL_ERROR, "connection", "SETTINGS_ENABLE_PUSH of 2 (must be 0 or 1, RFC 9113 §6.5.2)"],
  ["SETTINGS_INITIAL_WINDOW_SIZE of 2^31", "000006 04 00 00000000 0004 80000000", FLOW_CONTROL_ERROR, "connection", "SETTINGS_INITIAL_WINDOW_SIZE of 2147483648 (must be at most 2^31-1, RFC 9113 §6.5.2)"],
  ["SETTINGS_MAX_FRAME_SIZE of 16383", "000006 04 00 00000000 0005 00003fff", PROTOCOL_ERROR, "connection", "SETTINGS_MAX_FRAME_SIZE of 16383 (must be 16384 to 16777215, RFC 9113 §6.5.2)"],
  ["SETTINGS_MAX_FRAME_SIZE of 2^24", "000006 04 00 00000000 0005 01000000", PROTOCOL_ERROR, "connection", "SETTINGS_MAX_FRAME_SIZE of 16777216"],
  ["a bad value after good ones", "00000c 04 00 00000000 0003 00000064 0002 ffffffff", PROTOCOL_ERROR, "connection", "SETTINGS_ENABLE_PUSH of 4294967295"],
];

const FIELD_BLOCKS: Case[] = [
  ["CONTINUATION with no block open", "000001 09 04 00000001 82", PROTOCOL_ERROR, "connection", "CONTINUATION frame without a HEADERS or PUSH_PROMISE before it (RFC 9113 §6.10)"],
  ["CONTINUATION after a complete block", "000001 01 04 00000001 82  000001 09 04 00000001 86", PROTOCOL_ERROR, "connection", "CONTINUATION frame without a HEADERS"],
  ["CONTINUATION on another stream", "000001 01 00 00000001 82  000001 09 04 00000003 86", PROTOCOL_ERROR, "connection", "CONTINUATION frame on stream 3 inside the field block of stream 1"],
  ["DATA inside a block", "000001 01 00 00000001 82  000001 00 00 00000001 61", PROTOCOL_ERROR, "connection", "DATA frame inside the field block of stream 1 (only CONTINUATION frames on that stream may follow until END_HEADERS, RFC 9113 §4.3, §6.10)"],
  ["PING inside a block", "000005 05 00 00000001 00000002 82  000008 06 00 00000000 0000000000000000", PROTOCOL_ERROR, "connection", "PING frame inside the field block"],
  ["SETTINGS inside a block", "000001 01 00 00000001 82  000000 04 00 00000000", PROTOCOL_ERROR, "connection", "SETTINGS frame inside"],
  ["HEADERS inside a block", "000001 01 00 00000001 82  000001 01 04 00000003 82", PROTOCOL_ERROR, "connection", "HEADERS frame inside"],
  ["an unknown frame inside a block (§5.5)", "000001 01 00 00000001 82  000000 2a 00 00000000", PROTOCOL_ERROR, "connection", "frame type 0x2a frame inside"],
  ["a block over maxHeaderBlockSize, in one frame", "000011 01 04 00000001 " + "82".repeat(17), ENHANCE_YOUR_CALM, "connection", "field block of stream 1 exceeds 16 bytes (local limit before HPACK decoding, RFC 9113 §10.5.1)"],
  ["a block over maxHeaderBlockSize, across CONTINUATION", "00000a 01 00 00000001 " + "82".repeat(10) + " 000007 09 04 00000001 " + "82".repeat(7), ENHANCE_YOUR_CALM, "connection", "exceeds 16 bytes"],
  ["a flood of empty CONTINUATION frames", "000001 01 00 00000001 82" + " 000000 09 00 00000001".repeat(4), ENHANCE_YOUR_CALM, "connection", "field block of stream 1 needs more than 3 CONTINUATION frames (local limit against CONTINUATION floods, RFC 9113 §10.5)"],
];

describe.each([
  ["stream identifiers (§6)", CONNECTION_FRAMES],
  ["frame lengths (§4.2, §6)", LENGTHS],
  ["padding (§6.1, §6.2, §6.6)", PADDING],
  ["field values (§5.3.1, §6.5.2, §6.9)", VALUES],
  ["field blocks (§4.3, §6.10, §10.5)", FIELD_BLOCKS],
])("bad frames: %s", (_, cases) => {
  it.each(cases)("%s", (_name, hex, code, scope, reason) => {
    const error = errorOf(hex, { maxHeaderBlockSize: 16, maxContinuationFrames: 3 });
    expect([error.code, error.scope]).toEqual([code, scope]);
    expect(error.reason).toContain(reason);
  });
});

describe("limits that are not hit", () => {
  it("accepts a block of exactly maxHeaderBlockSize in exactly maxContinuationFrames", () => {
    const hex = "000004 01 00 00000001 82828282" + " 000004 09 00 00000001 82828282".repeat(2) + " 000004 09 04 00000001 82828282";
    const log = new FrameLog();
    new FrameParser(log, { maxHeaderBlockSize: 16, maxContinuationFrames: 3 }).feed(bytes(hex));
    expect(log.lines).toEqual([`HEADERS stream=1 block=${"82".repeat(16)}`]);
  });

  it("defaults to 64 KiB per block and 16 CONTINUATION frames", () => {
    // 64 KiB as HEADERS + 7 CONTINUATION frames of 8 KiB each.
    const piece = "82".repeat(8192);
    const frames = Array.from({ length: 8 }, (_, i) => `002000 ${i === 0 ? "01" : "09"} ${i === 7 ? "04" : "00"} 00000001 ${piece}`);
    const log = new FrameLog();
    new FrameParser(log).feed(bytes(frames.join("")));
    expect(log.lines).toHaveLength(1);
    const oneByteMore = frames.join("").replace(/002000 09 04/, "002000 09 00") + "000001 09 04 00000001 82";
    expect(errorOf(oneByteMore).reason).toContain("exceeds 65536 bytes");

    const empty = (flags: string): string => `000000 09 ${flags} 00000001`;
    const sixteen = "000001 01 00 00000001 82" + empty("00").repeat(15) + empty("04");
    const accepted = new FrameLog();
    new FrameParser(accepted).feed(bytes(sixteen));
    expect(accepted.lines).toEqual(["HEADERS stream=1 block=82"]);
    const seventeen = "000001 01 00 00000001 82" + empty("00").repeat(16) + empty("04");
    expect(errorOf(seventeen).reason).toContain("needs more than 16 CONTINUATION frames");
  });
});
