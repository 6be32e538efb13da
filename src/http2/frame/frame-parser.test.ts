import { describe, expect, it } from "vitest";
import { Http2Error } from "../http2-error.js";
import { FrameLog } from "./frame-log.js";
import { FrameParser, type FrameParserOptions } from "./frame-parser.js";

/** Bytes from hex with spaces, as frames are written in these tables: length, type, flags, stream, payload. */
const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ""), "hex");

function parse(input: Uint8Array | Uint8Array[], options?: FrameParserOptions): string[] {
  const log = new FrameLog();
  const parser = new FrameParser(log, options);
  for (const chunk of Array.isArray(input) ? input : [input]) parser.feed(chunk);
  return log.lines;
}

// One frame of each type, as RFC 9113 §4.1 and §6 lay them out, and what the handler receives.
const FRAMES: Array<[string, string, string]> = [
  ["DATA", "000005 00 01 00000001 68656c6c6f", "DATA stream=1 data=68656c6c6f flow=5 END_STREAM"],
  ["DATA, empty", "000000 00 00 00000001", "DATA stream=1 data= flow=0"],
  ["DATA, padded: padding removed, counted for flow control", "000006 00 08 00000003 02 686579 0000", "DATA stream=3 data=686579 flow=6"],
  ["DATA, padding fills the rest", "000003 00 08 00000003 02 0000", "DATA stream=3 data= flow=3"],
  ["HEADERS", "000002 01 05 00000001 8287", "HEADERS stream=1 block=8287 END_STREAM"],
  [
    "HEADERS, padded, with priority",
    "000008 01 2c 00000005 01 80000003 0f 82 00",
    "HEADERS stream=5 block=82 priority=dependency=3 weight=16 exclusive",
  ],
  ["HEADERS, priority not exclusive", "000006 01 24 00000005 00000003 ff 82", "HEADERS stream=5 block=82 priority=dependency=3 weight=256"],
  ["PRIORITY", "000005 02 00 00000003 00000001 ff", "PRIORITY stream=3 dependency=1 weight=256"],
  ["RST_STREAM", "000004 03 00 00000001 00000008", "RST_STREAM stream=1 code=CANCEL"],
  ["RST_STREAM, unknown code", "000004 03 00 00000001 000000ff", "RST_STREAM stream=1 code=0xff"],
  ["SETTINGS", "00000c 04 00 00000000 0001 00001000 0002 00000000", "SETTINGS headerTableSize=4096 enablePush=false"],
  ["SETTINGS, empty", "000000 04 00 00000000", "SETTINGS"],
  ["SETTINGS ACK", "000000 04 01 00000000", "SETTINGS ACK"],
  ["PUSH_PROMISE", "000005 05 04 00000001 00000002 82", "PUSH_PROMISE stream=1 promised=2 block=82"],
  ["PUSH_PROMISE, padded", "000007 05 0c 00000001 01 80000002 82 00", "PUSH_PROMISE stream=1 promised=2 block=82"],
  ["PING", "000008 06 00 00000000 0102030405060708", "PING data=0102030405060708"],
  ["PING ACK", "000008 06 01 00000000 0102030405060708", "PING data=0102030405060708 ACK"],
  ["PING, undefined flags ignored (§4.1)", "000008 06 fe 00000000 0102030405060708", "PING data=0102030405060708"],
  ["GOAWAY", "00000a 07 00 00000000 00000005 00000000 6869", "GOAWAY last=5 code=NO_ERROR debug=6869"],
  ["GOAWAY, reserved bit ignored", "000008 07 00 00000000 80000005 00000001", "GOAWAY last=5 code=PROTOCOL_ERROR debug="],
  ["WINDOW_UPDATE, connection", "000004 08 00 00000000 00000064", "WINDOW_UPDATE stream=0 increment=100"],
  ["WINDOW_UPDATE, reserved bits ignored", "000004 08 00 80000001 80000064", "WINDOW_UPDATE stream=1 increment=100"],
  ["WINDOW_UPDATE, largest increment", "000004 08 00 00000001 7fffffff", "WINDOW_UPDATE stream=1 increment=2147483647"],
  [
    "HEADERS + CONTINUATION + CONTINUATION",
    "000001 01 00 00000001 82  000001 09 00 00000001 86  000001 09 04 00000001 84",
    "HEADERS stream=1 block=828684",
  ],
  ["HEADERS + empty CONTINUATION", "000001 01 01 00000003 82  000000 09 04 00000003", "HEADERS stream=3 block=82 END_STREAM"],
  ["PUSH_PROMISE + CONTINUATION", "000005 05 00 00000001 00000002 82  000001 09 04 00000001 86", "PUSH_PROMISE stream=1 promised=2 block=8286"],
  ["README's HEADERS frame", "000003 01 05 00000001 828684", "HEADERS stream=1 block=828684 END_STREAM"],
  [
    "README's padded HEADERS frame with priority",
    "00000b 01 2c 00000001 02 80000000 0f 828684 0000",
    "HEADERS stream=1 block=828684 priority=dependency=0 weight=16 exclusive",
  ],
  ["unknown type, reported", "000003 2a 07 00000001 616263", "frame type 0x2a flags=0x7 stream=1 payload=616263"],
];

describe("FrameParser: each frame type (RFC 9113 §6)", () => {
  it.each(FRAMES)("%s", (_, hex, line) => {
    expect(parse(bytes(hex))).toEqual([line]);
  });

  it("parses all of them back to back in one chunk", () => {
    const all = Buffer.concat(FRAMES.map(([, hex]) => bytes(hex)));
    expect(parse(all)).toEqual(FRAMES.map(([, , line]) => line));
  });
});

describe("FrameParser: chunks of any size", () => {
  const all = Buffer.concat(FRAMES.map(([, hex]) => bytes(hex)));
  const expected = FRAMES.map(([, , line]) => line);

  const cut = (input: Uint8Array, sizes: () => number): Uint8Array[] => {
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < input.length; ) {
      const size = Math.min(sizes(), input.length - at);
      // Copies, so a chunk never shares memory with its neighbours.
      chunks.push(Uint8Array.from(input.subarray(at, at + size)));
      at += size;
    }
    return chunks;
  };

  it.each([1, 2, 3, 8, 9, 10, 17])("fed %i bytes at a time", (size) => {
    expect(parse(cut(all, () => size))).toEqual(expected);
  });

  it("fed in random splits (seeded)", () => {
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed;
    };
    for (let round = 0; round < 200; round++) {
      expect(parse(cut(all, () => 1 + (next() % 40)))).toEqual(expected);
    }
  });

  it("accepts empty chunks anywhere", () => {
    const chunks = cut(all, () => 5).flatMap((c) => [new Uint8Array(0), c]);
    expect(parse(chunks)).toEqual(expected);
  });
});

/** True when two views overlap in memory (small Buffers share Node's pool, so a common ArrayBuffer alone says little). */
function sharesMemory(a: Uint8Array, b: Uint8Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** Records the DATA payload views themselves, to check where their bytes live. */
class PayloadKeeper extends FrameLog {
  readonly payloads: Uint8Array[] = [];
  override onData(streamId: number, payload: Uint8Array, endStream: boolean, flow: number): void {
    this.payloads.push(payload);
    super.onData(streamId, payload, endStream, flow);
  }
}

describe("FrameParser: payload views", () => {
  it("hands out a subarray of the chunk when the frame lies inside it (no copy)", () => {
    const chunk = bytes("000003 00 00 00000001 616263  000002 00 01 00000001 6465");
    const keeper = new PayloadKeeper();
    new FrameParser(keeper).feed(chunk);
    expect(keeper.payloads.map((p) => [p.buffer === chunk.buffer, p.byteOffset - chunk.byteOffset, p.length])).toEqual([
      [true, 9, 3],
      [true, 21, 2],
    ]);
  });

  it("joins a frame that spans chunks into a buffer of its own, which later input does not touch", () => {
    const first = bytes("000004 00 00 00000001 6162");
    const second = bytes("6364 000002 00 00 00000001 6566");
    const keeper = new PayloadKeeper();
    const parser = new FrameParser(keeper);
    parser.feed(first);
    parser.feed(second);
    const [spanning, inside] = keeper.payloads;
    expect(Buffer.from(spanning!).toString()).toBe("abcd");
    expect(sharesMemory(spanning!, first)).toBe(false);
    expect(sharesMemory(spanning!, second)).toBe(false);
    expect(sharesMemory(inside!, second)).toBe(true);
    parser.feed(bytes("000004 00 00 00000001 7778797a"));
    expect(Buffer.from(spanning!).toString()).toBe("abcd");
  });

  it("refuses a frame over the local SETTINGS_MAX_FRAME_SIZE on its header, before any payload arrives (§4.2)", () => {
    const parser = new FrameParser(new FrameLog());
    expect(() => parser.feed(bytes("004001 00 00 00000001"))).toThrow(
      "FRAME_SIZE_ERROR (connection error on stream 1): DATA frame of 16385 bytes exceeds SETTINGS_MAX_FRAME_SIZE 16384 (RFC 9113 §4.2)",
    );
    // An announced 16 MiB fails just the same on its 9 header bytes.
    expect(() => new FrameParser(new FrameLog()).feed(bytes("ffffff 00 00 00000001"))).toThrow(Http2Error);
  });

  it("accepts larger frames once maxFrameSize is raised, and checks the new value", () => {
    const parser = new FrameParser(new FrameLog(), { maxFrameSize: 16_384 });
    parser.maxFrameSize = 20_000;
    expect(parser.maxFrameSize).toBe(20_000);
    expect(() => parser.feed(Buffer.concat([bytes("004e20 00 00 00000001"), Buffer.alloc(20_000)]))).not.toThrow();
    expect(() => (parser.maxFrameSize = 16_383)).toThrow(RangeError);
    expect(() => new FrameParser(new FrameLog(), { maxFrameSize: 2 ** 24 })).toThrow(RangeError);
  });

  it("skips unknown frames without keeping them when the handler has no onUnknownFrame (§5.5)", () => {
    const log = new FrameLog();
    const parser = new FrameParser(Object.assign(log, { onUnknownFrame: undefined }));
    parser.feed(bytes("000003 2a 00 00000001 61"));
    parser.feed(bytes("6263 000008 06 00 00000000 0000000000000000"));
    expect(log.lines).toEqual(["PING data=0000000000000000"]);
  });
});

describe("FrameParser: stream errors are reported and parsing goes on", () => {
  const next = "000008 06 00 00000000 0000000000000000";
  it.each([
    [
      "PRIORITY with length 4 (§6.3)",
      "000004 02 00 00000003 00000001",
      "stream error FRAME_SIZE_ERROR stream=3: PRIORITY frame with length 4 (must be 5, RFC 9113 §6.3)",
    ],
    [
      "PRIORITY on which a stream depends on itself (§5.3.1)",
      "000005 02 00 00000003 00000003 0f",
      "stream error PROTOCOL_ERROR stream=3: stream 3 depends on itself (RFC 9113 §5.3.1)",
    ],
    [
      "HEADERS on which a stream depends on itself: the block comes along, for HPACK",
      "000006 01 24 00000003 00000003 0f 82",
      "stream error PROTOCOL_ERROR stream=3 block=82: stream 3 depends on itself (RFC 9113 §5.3.1)",
    ],
    [
      "the same, with the block in CONTINUATION frames",
      "000006 01 20 00000003 00000003 0f 82  000001 09 04 00000003 86",
      "stream error PROTOCOL_ERROR stream=3 block=8286: stream 3 depends on itself (RFC 9113 §5.3.1)",
    ],
    [
      "WINDOW_UPDATE of 0 on a stream (§6.9)",
      "000004 08 00 00000001 00000000",
      "stream error PROTOCOL_ERROR stream=1: WINDOW_UPDATE with an increment of 0 for stream 1 (must be 1 to 2^31-1, RFC 9113 §6.9)",
    ],
  ])("%s", (_, hex, line) => {
    expect(parse(bytes(hex + next))).toEqual([line, "PING data=0000000000000000"]);
  });
});

describe("FrameParser: connection preface (§3.4)", () => {
  const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
  const settings = "000000 04 00 00000000";

  it("reads the client preface and then frames, in any split", () => {
    const all = Buffer.concat([preface, bytes(settings)]);
    expect(parse(all, { expectPreface: "client" })).toEqual(["SETTINGS"]);
    expect(parse([...all].map((b) => Uint8Array.of(b)), { expectPreface: "client" })).toEqual(["SETTINGS"]);
  });

  it("fails at the first byte of an HTTP/1.1 request", () => {
    const parser = new FrameParser(new FrameLog(), { expectPreface: "client" });
    expect(() => parser.feed(Buffer.from("GET / HTTP/1.1\r\n"))).toThrow(
      'PROTOCOL_ERROR (connection error): expected the client connection preface "PRI * HTTP/2.0\\r\\n\\r\\nSM\\r\\n\\r\\n", received "GET / HTTP/1.1\\x0d\\x0a" (RFC 9113 §3.4)',
    );
  });

  it("fails on a wrong byte late in the preface, across chunks", () => {
    const parser = new FrameParser(new FrameLog(), { expectPreface: "client" });
    parser.feed(preface.subarray(0, 20));
    expect(() => parser.feed(Buffer.from("\r\nX\n"))).toThrow(/PROTOCOL_ERROR/);
  });

  it.each([
    ["client", "000008 06 00 00000000 0000000000000000", "PING frame where the connection preface's SETTINGS frame was expected (RFC 9113 §3.4)"],
    ["server", "000000 04 01 00000000", "SETTINGS frame with ACK where the connection preface's SETTINGS frame was expected (RFC 9113 §3.4)"],
  ] as const)("expects SETTINGS first (%s preface)", (side, hex, reason) => {
    const input = side === "client" ? Buffer.concat([preface, bytes(hex)]) : bytes(hex);
    expect(() => parse(input, { expectPreface: side })).toThrow(reason);
    expect(parse(bytes(settings + hex), { expectPreface: "server" }).length).toBe(2);
  });
});

describe("FrameParser: after an error", () => {
  it("throws the same error for all later input", () => {
    const parser = new FrameParser(new FrameLog());
    let first: unknown;
    try {
      parser.feed(bytes("000007 06 00 00000000 01020304050607"));
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(Http2Error);
    expect(() => parser.feed(bytes("000000 04 01 00000000"))).toThrow(first as Error);
  });

  it("is failed too when a handler throws", () => {
    const log = new FrameLog();
    log.onSettingsAck = () => {
      throw new Error("handler broke");
    };
    const parser = new FrameParser(log);
    expect(() => parser.feed(bytes("000000 04 01 00000000"))).toThrow("handler broke");
    expect(() => parser.feed(bytes("000000 04 00 00000000"))).toThrow("handler broke");
    expect(log.lines).toEqual([]);
  });

  it("tells whether it stands between frames", () => {
    const parser = new FrameParser(new FrameLog());
    expect(parser.atFrameBoundary).toBe(true);
    parser.feed(bytes("000001 01 00 00000001"));
    expect(parser.atFrameBoundary).toBe(false);
    parser.feed(bytes("82"));
    expect(parser.atFrameBoundary).toBe(false); // inside a field block
    parser.feed(bytes("000000 09 04 00000001"));
    expect(parser.atFrameBoundary).toBe(true);
  });
});
