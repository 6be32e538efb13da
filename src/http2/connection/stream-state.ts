/**
 * The stream state machine of RFC 9113 §5.1, written as a table of
 * (state, event) -> next state, so each transition of the RFC's figure can
 * be read, and tested, row by row.
 *
 *                          +--------+
 *                  send PP |        | recv PP
 *                 ,--------+  idle  +--------.
 *                /         |        |         \
 *               v          +--------+          v
 *        +----------+          |           +----------+
 *        |          |          | send H /  |          |
 * ,------+ reserved |          | recv H    | reserved +------.
 * |      | (local)  |          |           | (remote) |      |
 * |      +---+------+          v           +------+---+      |
 * |          |             +--------+             |          |
 * |          |     recv ES |        | send ES     |          |
 * |   send H |     ,-------+  open  +-------.     | recv H   |
 * |          |    /        |        |        \    |          |
 * |          v   v         +---+----+         v   v          |
 * |      +----------+          |           +----------+      |
 * |      |   half-  |          |           |   half-  |      |
 * |      |  closed  |          | send R /  |  closed  |      |
 * |      | (remote) |          | recv R    | (local)  |      |
 * |      +----+-----+          |           +-----+----+      |
 * |           |                |                 |           |
 * |           | send ES /      |       recv ES / |           |
 * |           | send R /       v        send R / |           |
 * |           | recv R     +--------+   recv R   |           |
 * | send R /  `----------->|        |<-----------'  send R / |
 * | recv R                 | closed |               recv R   |
 * `----------------------->|        |<-----------------------'
 *                          +--------+
 *
 * (H: HEADERS, ES: the END_STREAM flag, R: RST_STREAM, PP: PUSH_PROMISE.)
 * We never push and refuse pushes (SETTINGS_ENABLE_PUSH 0), so the reserved
 * states are in the table for completeness but are never entered.
 */

export type StreamState = "idle" | "reserved-local" | "reserved-remote" | "open" | "half-closed-local" | "half-closed-remote" | "closed";

/**
 * What happens to a stream. A HEADERS frame with END_STREAM is two events,
 * in this order: the headers, then the end of the stream.
 */
export type StreamEvent =
  | "send-headers"
  | "recv-headers"
  | "send-push-promise"
  | "recv-push-promise"
  | "send-end-stream"
  | "recv-end-stream"
  | "send-rst-stream"
  | "recv-rst-stream";

type Row = Partial<Record<StreamEvent, StreamState>>;

/**
 * Every transition §5.1 allows; an event missing from a state's row is not
 * allowed there (what error that is depends on the frame, see the
 * connection). HEADERS in an open or half-closed state are trailers (or an
 * informational response): they do not change the state by themselves.
 */
export const TRANSITIONS: Readonly<Record<StreamState, Row>> = {
  idle: {
    "send-headers": "open",
    "recv-headers": "open",
    "send-push-promise": "reserved-local",
    "recv-push-promise": "reserved-remote",
  },
  "reserved-local": {
    "send-headers": "half-closed-remote",
    "send-rst-stream": "closed",
    "recv-rst-stream": "closed",
  },
  "reserved-remote": {
    "recv-headers": "half-closed-local",
    "send-rst-stream": "closed",
    "recv-rst-stream": "closed",
  },
  open: {
    "send-headers": "open",
    "recv-headers": "open",
    "send-end-stream": "half-closed-local",
    "recv-end-stream": "half-closed-remote",
    "send-rst-stream": "closed",
    "recv-rst-stream": "closed",
  },
  "half-closed-local": {
    "recv-headers": "half-closed-local",
    "recv-end-stream": "closed",
    "send-rst-stream": "closed",
    "recv-rst-stream": "closed",
  },
  "half-closed-remote": {
    "send-headers": "half-closed-remote",
    "send-end-stream": "closed",
    "send-rst-stream": "closed",
    "recv-rst-stream": "closed",
  },
  closed: {},
};

/** The state after `event`, or undefined when §5.1 does not allow it in `state`. */
export function nextState(state: StreamState, event: StreamEvent): StreamState | undefined {
  return TRANSITIONS[state][event];
}

/** True in the states where the peer may still send frames that carry data (§5.1). */
export function canReceive(state: StreamState): boolean {
  return state === "open" || state === "half-closed-local";
}

/** True in the states where we may still send HEADERS and DATA (§5.1). */
export function canSend(state: StreamState): boolean {
  return state === "open" || state === "half-closed-remote";
}
