// Flow-control windows (RFC 9113 §5.2, §6.9): what we may send, and what we
// let the peer send, given back only as the application consumes it.
import { describe, expect, it } from "vitest";
import { ReceiveWindow, SendWindow } from "./flow-window.js";

describe("SendWindow", () => {
  it("spends and grows, up to 2^31-1 and no further (§6.9.1)", () => {
    const w = new SendWindow(65_535);
    w.spend(65_535);
    expect(w.size).toBe(0);
    expect(w.grow(0x7fff_ffff)).toBe(true);
    expect(w.size).toBe(0x7fff_ffff);
    expect(w.grow(1)).toBe(false);
    expect(w.size).toBe(0x7fff_ffff);
  });

  it("can go below zero when the peer lowers SETTINGS_INITIAL_WINDOW_SIZE (§6.9.2)", () => {
    const w = new SendWindow(100);
    w.spend(80);
    expect(w.grow(-60)).toBe(true);
    expect(w.size).toBe(-40);
    expect(w.grow(50)).toBe(true);
    expect(w.size).toBe(10);
  });
});

describe("ReceiveWindow", () => {
  it("refuses a frame larger than what is left (a FLOW_CONTROL_ERROR for the caller)", () => {
    const w = new ReceiveWindow(100, 100);
    expect(w.receive(60)).toBe(true);
    expect(w.receive(41)).toBe(false);
    expect(w.remaining).toBe(40);
    expect(w.receive(40)).toBe(true);
    expect(w.remaining).toBe(0);
  });

  it("gives nothing back for what arrived but was not consumed: a slow reader holds the peer back", () => {
    const w = new ReceiveWindow(1000, 1000);
    w.receive(1000);
    expect(w.remaining).toBe(0);
    // Nothing consumed: no increment can be owed.
    expect(w.giveBack()).toBe(0);
  });

  it("batches WINDOW_UPDATEs until half the window is consumed", () => {
    const w = new ReceiveWindow(1000, 1000);
    w.receive(400);
    expect(w.consume(400)).toBe(0); // 600 left: no update yet
    w.receive(200);
    expect(w.consume(200)).toBe(600); // half consumed: all of it back at once
    expect(w.remaining).toBe(1000);
  });

  it("updates at once when the window runs low, however little was consumed since", () => {
    const w = new ReceiveWindow(1000, 1000);
    w.receive(900);
    expect(w.consume(10)).toBe(10);
    expect(w.remaining).toBe(110);
  });

  it("never opens past its target", () => {
    // The peer's view starts above the target we want to keep (as after a smaller window option).
    const w = new ReceiveWindow(1000, 500);
    w.receive(100);
    w.consume(100);
    expect(w.giveBack()).toBe(0);
    expect(w.remaining).toBe(900);
  });

  it("opens to a larger target at once (the connection's first WINDOW_UPDATE)", () => {
    const w = new ReceiveWindow(65_535, 65_535);
    expect(w.openTo(4 << 20)).toBe((4 << 20) - 65_535);
    expect(w.remaining).toBe(4 << 20);
    expect(w.openTo(1000)).toBe(0); // shrinking is by not giving back, never by a negative update
  });

  it("shifts with an acknowledged change of SETTINGS_INITIAL_WINDOW_SIZE (§6.9.2)", () => {
    const w = new ReceiveWindow(65_535, 65_535);
    w.receive(35_535);
    w.shift(-30_000);
    expect(w.remaining).toBe(0);
  });
});
