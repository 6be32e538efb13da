import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { Http2Error } from "../http2-error.js";
import { readSettings, settingEntries } from "./settings-payload.js";
import { checkSettingValue, SettingId } from "./settings.js";

const bytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ""), "hex");

describe("readSettings (§6.5.1)", () => {
  it.each([
    ["", {}],
    ["0001 00000000", { headerTableSize: 0 }],
    ["0002 00000001", { enablePush: true }],
    ["0003 00000064  0004 0000ffff", { maxConcurrentStreams: 100, initialWindowSize: 65_535 }],
    ["0005 00ffffff  0006 ffffffff", { maxFrameSize: 16_777_215, maxHeaderListSize: 2 ** 32 - 1 }],
    ["0004 00000001  0004 7fffffff", { initialWindowSize: 2 ** 31 - 1 }], // the last one wins
    ["0007 00000005  ffff ffffffff  0001 00000100", { headerTableSize: 256 }], // unknown identifiers ignored (§6.5.2)
    ["0000 00000009", {}],
  ])("%s", (hex, expected) => {
    const payload = bytes(hex);
    expect(readSettings(payload, 0, payload.length)).toEqual(expected);
  });

  it("throws the connection error of the first bad value", () => {
    const payload = bytes("0001 00000000 0005 00000001");
    expect(() => readSettings(payload, 0, payload.length)).toThrow(Http2Error);
  });

  it("reads only between start and end", () => {
    const payload = bytes("ff 0001 00000010 0002 00000001 ff");
    expect(readSettings(payload, 1, 7)).toEqual({ headerTableSize: 16 });
  });
});

describe("checkSettingValue (§6.5.2)", () => {
  it.each([
    [SettingId.ENABLE_PUSH, 0, undefined],
    [SettingId.ENABLE_PUSH, 1, undefined],
    [SettingId.ENABLE_PUSH, 2, ErrorCode.PROTOCOL_ERROR],
    [SettingId.INITIAL_WINDOW_SIZE, 2 ** 31 - 1, undefined],
    [SettingId.INITIAL_WINDOW_SIZE, 2 ** 31, ErrorCode.FLOW_CONTROL_ERROR],
    [SettingId.MAX_FRAME_SIZE, 16_383, ErrorCode.PROTOCOL_ERROR],
    [SettingId.MAX_FRAME_SIZE, 16_384, undefined],
    [SettingId.MAX_FRAME_SIZE, 16_777_215, undefined],
    [SettingId.MAX_FRAME_SIZE, 16_777_216, ErrorCode.PROTOCOL_ERROR],
    [SettingId.HEADER_TABLE_SIZE, 2 ** 32 - 1, undefined],
    [SettingId.MAX_CONCURRENT_STREAMS, 0, undefined],
    [0x99, 2 ** 32 - 1, undefined],
  ])("identifier %i, value %i", (id, value, code) => {
    const error = checkSettingValue(id, value);
    expect(error?.code).toBe(code);
    if (error !== undefined) expect(error.scope).toBe("connection");
  });
});

describe("settingEntries", () => {
  it("lists the given settings in identifier order, booleans as 0 or 1", () => {
    expect(settingEntries({ maxHeaderListSize: 8, enablePush: false, headerTableSize: 0 })).toEqual([
      [1, 0],
      [2, 0],
      [6, 8],
    ]);
  });

  it.each([
    [{ initialWindowSize: -1 }, "setting initialWindowSize must be an integer from 0 to 2^32-1, got -1"],
    [{ maxConcurrentStreams: 2 ** 32 }, "setting maxConcurrentStreams must be an integer"],
    [{ maxConcurrentStreams: Infinity }, "got Infinity"],
    [{ maxFrameSize: 100 }, "cannot send SETTINGS_MAX_FRAME_SIZE of 100 (must be 16384 to 16777215, RFC 9113 §6.5.2)"],
  ])("refuses %j", (settings, message) => {
    expect(() => settingEntries(settings)).toThrow(RangeError);
    expect(() => settingEntries(settings)).toThrow(message);
  });
});
