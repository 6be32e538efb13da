// RFC 9113 §5.1's figure, edge by edge: each row is one arrow of the figure
// (or one that is missing from it, and so not allowed).
import { describe, expect, it } from "vitest";
import { canReceive, canSend, nextState, TRANSITIONS, type StreamEvent, type StreamState } from "./stream-state.js";

const ALLOWED: [from: StreamState, event: StreamEvent, to: StreamState][] = [
  ["idle", "send-headers", "open"],
  ["idle", "recv-headers", "open"],
  ["idle", "send-push-promise", "reserved-local"],
  ["idle", "recv-push-promise", "reserved-remote"],
  ["reserved-local", "send-headers", "half-closed-remote"],
  ["reserved-local", "send-rst-stream", "closed"],
  ["reserved-local", "recv-rst-stream", "closed"],
  ["reserved-remote", "recv-headers", "half-closed-local"],
  ["reserved-remote", "send-rst-stream", "closed"],
  ["reserved-remote", "recv-rst-stream", "closed"],
  ["open", "send-end-stream", "half-closed-local"],
  ["open", "recv-end-stream", "half-closed-remote"],
  ["open", "send-rst-stream", "closed"],
  ["open", "recv-rst-stream", "closed"],
  ["half-closed-local", "recv-end-stream", "closed"],
  ["half-closed-local", "send-rst-stream", "closed"],
  ["half-closed-local", "recv-rst-stream", "closed"],
  ["half-closed-remote", "send-end-stream", "closed"],
  ["half-closed-remote", "send-rst-stream", "closed"],
  ["half-closed-remote", "recv-rst-stream", "closed"],
  // Trailers (and 1xx heads) are HEADERS that do not move the state by themselves.
  ["open", "send-headers", "open"],
  ["open", "recv-headers", "open"],
  ["half-closed-local", "recv-headers", "half-closed-local"],
  ["half-closed-remote", "send-headers", "half-closed-remote"],
];

const REFUSED: [from: StreamState, event: StreamEvent][] = [
  ["idle", "send-end-stream"],
  ["idle", "recv-end-stream"],
  ["idle", "recv-rst-stream"], // §6.4: RST_STREAM on an idle stream is a connection error
  ["reserved-local", "recv-headers"],
  ["reserved-remote", "send-headers"],
  ["half-closed-local", "send-headers"], // nothing more may be sent after END_STREAM
  ["half-closed-local", "send-end-stream"],
  ["half-closed-remote", "recv-headers"], // §5.1: STREAM_CLOSED
  ["half-closed-remote", "recv-end-stream"],
  ["closed", "send-headers"],
  ["closed", "recv-headers"],
  ["closed", "send-rst-stream"],
  ["closed", "recv-end-stream"],
];

describe("the stream state machine (RFC 9113 §5.1)", () => {
  it.each(ALLOWED)("%s --%s--> %s", (from, event, to) => {
    expect(nextState(from, event)).toBe(to);
  });

  it.each(REFUSED)("%s does not allow %s", (from, event) => {
    expect(nextState(from, event)).toBeUndefined();
  });

  it("has no arrow the tables above do not list", () => {
    let count = 0;
    for (const row of Object.values(TRANSITIONS)) count += Object.keys(row).length;
    expect(count).toBe(ALLOWED.length);
  });

  it("receives DATA only while the peer's side is open, and sends only while ours is", () => {
    const states: StreamState[] = ["idle", "reserved-local", "reserved-remote", "open", "half-closed-local", "half-closed-remote", "closed"];
    expect(states.filter(canReceive)).toEqual(["open", "half-closed-local"]);
    expect(states.filter(canSend)).toEqual(["open", "half-closed-remote"]);
  });
});
