import { describe, expect, it } from "vitest";
import { ErrorCode } from "../error-code.js";
import { FrameType } from "./frame-type.js";
import { HeaderBlockAssembler, headerBlockLimits } from "./header-block-assembler.js";

const { HEADERS, CONTINUATION, DATA, PUSH_PROMISE } = FrameType;
const hex = (b: Uint8Array | undefined): string | undefined => (b === undefined ? undefined : Buffer.from(b).toString("hex"));

function opened(limits = { maxHeaderBlockSize: 10, maxContinuationFrames: 2 }): HeaderBlockAssembler {
  const a = new HeaderBlockAssembler(limits);
  a.open(HEADERS, 1, Uint8Array.of(0x82), true, undefined, 0, undefined);
  return a;
}

describe("HeaderBlockAssembler (§4.3, §6.10)", () => {
  it("lets any frame through while no block is open, except CONTINUATION", () => {
    const a = new HeaderBlockAssembler(headerBlockLimits());
    expect(a.checkFrameHeader(DATA, 1, 10)).toBeUndefined();
    expect(a.checkFrameHeader(0x2a, 0, 10)).toBeUndefined();
    expect(a.checkFrameHeader(CONTINUATION, 1, 0)?.code).toBe(ErrorCode.PROTOCOL_ERROR);
  });

  it("joins the fragments and closes the block at END_HEADERS", () => {
    const a = opened();
    expect(a.isOpen).toBe(true);
    expect(a.checkFrameHeader(CONTINUATION, 1, 2)).toBeUndefined();
    expect(a.append(Uint8Array.of(0x86, 0x84), false)).toBeUndefined();
    expect(hex(a.append(new Uint8Array(0), true))).toBe("828684");
    expect([a.isOpen, a.kind, a.streamId, a.endStream]).toEqual([false, HEADERS, 1, true]);
  });

  it("hands a lone fragment on as it is, without a copy", () => {
    const a = new HeaderBlockAssembler(headerBlockLimits());
    const fragment = Uint8Array.of(1, 2, 3);
    a.open(PUSH_PROMISE, 1, fragment, false, undefined, 2, undefined);
    expect(a.append(new Uint8Array(0), true)).toBe(fragment);
    expect(a.promisedStreamId).toBe(2);
  });

  it.each([
    ["another type", DATA, 1, 0, ErrorCode.PROTOCOL_ERROR],
    ["an unknown type", 0x2a, 1, 0, ErrorCode.PROTOCOL_ERROR],
    ["CONTINUATION on another stream", CONTINUATION, 3, 0, ErrorCode.PROTOCOL_ERROR],
    ["a CONTINUATION past the size limit", CONTINUATION, 1, 10, ErrorCode.ENHANCE_YOUR_CALM],
  ])("refuses %s inside a block", (_, type, streamId, length, code) => {
    const error = opened().checkFrameHeader(type, streamId, length);
    expect([error?.code, error?.scope]).toEqual([code, "connection"]);
  });

  it("counts empty CONTINUATION frames against the limit", () => {
    const a = opened();
    for (let i = 0; i < 2; i++) {
      expect(a.checkFrameHeader(CONTINUATION, 1, 0)).toBeUndefined();
      a.append(new Uint8Array(0), false);
    }
    expect(a.checkFrameHeader(CONTINUATION, 1, 0)?.code).toBe(ErrorCode.ENHANCE_YOUR_CALM);
  });

  it("starts each block's counts afresh", () => {
    const a = opened();
    a.append(new Uint8Array(9), false);
    a.append(new Uint8Array(0), true);
    a.open(HEADERS, 3, new Uint8Array(9), false, undefined, 0, undefined);
    expect(a.checkFrameHeader(CONTINUATION, 3, 1)).toBeUndefined();
  });

  it("derives the CONTINUATION limit from the size limit", () => {
    expect(headerBlockLimits()).toEqual({ maxHeaderBlockSize: 65_536, maxContinuationFrames: 16 });
    expect(headerBlockLimits({ maxHeaderBlockSize: 1 << 20 })).toEqual({ maxHeaderBlockSize: 1 << 20, maxContinuationFrames: 128 });
    expect(headerBlockLimits({ maxContinuationFrames: 0 }).maxContinuationFrames).toBe(0);
    expect(() => headerBlockLimits({ maxHeaderBlockSize: -1 })).toThrow("maxHeaderBlockSize must be a non-negative integer, got -1");
    expect(() => headerBlockLimits({ maxContinuationFrames: 1.5 })).toThrow(RangeError);
  });
});
