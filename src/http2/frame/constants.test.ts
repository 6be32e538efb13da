// The numbers RFC 9113 fixes: frame types (§6), flags (§6), settings (§6.5.2),
// frame sizes (§4.1, §4.2) and the client preface (§3.4).
import { describe, expect, it } from "vitest";
import { Flag } from "./flags.js";
import { DEFAULT_MAX_FRAME_SIZE, FRAME_HEADER_SIZE, MAX_MAX_FRAME_SIZE, MAX_STREAM_ID, MIN_MAX_FRAME_SIZE } from "./frame-header.js";
import { FrameType, frameTypeName, isKnownFrameType } from "./frame-type.js";
import { CLIENT_PREFACE } from "./preface.js";
import { DEFAULT_SETTINGS, MAX_WINDOW_SIZE, SettingId } from "./settings.js";

describe("frame types (§6.1-§6.10)", () => {
  it.each([
    [0x0, "DATA"],
    [0x1, "HEADERS"],
    [0x2, "PRIORITY"],
    [0x3, "RST_STREAM"],
    [0x4, "SETTINGS"],
    [0x5, "PUSH_PROMISE"],
    [0x6, "PING"],
    [0x7, "GOAWAY"],
    [0x8, "WINDOW_UPDATE"],
    [0x9, "CONTINUATION"],
  ])("0x%s is %s", (type, name) => {
    expect(FrameType[name as keyof typeof FrameType]).toBe(type);
    expect(frameTypeName(type)).toBe(name);
    expect(isKnownFrameType(type)).toBe(true);
  });

  it("treats other type bytes as extension frames", () => {
    expect(isKnownFrameType(0xa)).toBe(false);
    expect(isKnownFrameType(0xff)).toBe(false);
    expect(frameTypeName(0x2a)).toBe("frame type 0x2a");
  });
});

describe("flags, sizes, settings, preface", () => {
  it("has the flag bits of §6", () => {
    expect(Flag).toEqual({ END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 });
  });

  it("has the frame sizes of §4.1, §4.2 and §6.5.2", () => {
    expect([FRAME_HEADER_SIZE, DEFAULT_MAX_FRAME_SIZE, MIN_MAX_FRAME_SIZE, MAX_MAX_FRAME_SIZE]).toEqual([9, 2 ** 14, 2 ** 14, 2 ** 24 - 1]);
    expect([MAX_STREAM_ID, MAX_WINDOW_SIZE]).toEqual([2 ** 31 - 1, 2 ** 31 - 1]);
  });

  it("has the setting identifiers and initial values of §6.5.2", () => {
    expect(SettingId).toEqual({
      HEADER_TABLE_SIZE: 1,
      ENABLE_PUSH: 2,
      MAX_CONCURRENT_STREAMS: 3,
      INITIAL_WINDOW_SIZE: 4,
      MAX_FRAME_SIZE: 5,
      MAX_HEADER_LIST_SIZE: 6,
    });
    expect(DEFAULT_SETTINGS).toEqual({
      headerTableSize: 4096,
      enablePush: true,
      maxConcurrentStreams: Infinity,
      initialWindowSize: 65_535,
      maxFrameSize: 16_384,
      maxHeaderListSize: Infinity,
    });
  });

  it("has the 24 bytes of the client preface (§3.4)", () => {
    expect(Buffer.from(CLIENT_PREFACE).toString("hex")).toBe("505249202a20485454502f322e300d0a0d0a534d0d0a0d0a");
  });
});
