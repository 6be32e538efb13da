import { describe, expect, it } from "vitest";
import { ErrorCode } from "./error-code.js";
import { Http2Error } from "./http2-error.js";

describe("Http2Error", () => {
  it("states code, scope and rule for a connection error", () => {
    const e = Http2Error.connection(ErrorCode.FRAME_SIZE_ERROR, "PING frame with length 7 (must be 8, RFC 9113 §6.7)");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("Http2Error");
    expect(e.scope).toBe("connection");
    expect(e.isConnectionError).toBe(true);
    expect(e.code).toBe(6);
    expect(e.streamId).toBe(0);
    expect(e.reason).toBe("PING frame with length 7 (must be 8, RFC 9113 §6.7)");
    expect(e.message).toBe("FRAME_SIZE_ERROR (connection error): PING frame with length 7 (must be 8, RFC 9113 §6.7)");
  });

  it("names the stream of a stream error", () => {
    const e = Http2Error.stream(ErrorCode.PROTOCOL_ERROR, 5, "stream 5 depends on itself (RFC 9113 §5.3.1)");
    expect(e.scope).toBe("stream");
    expect(e.isConnectionError).toBe(false);
    expect(e.streamId).toBe(5);
    expect(e.message).toBe("PROTOCOL_ERROR (stream error on stream 5): stream 5 depends on itself (RFC 9113 §5.3.1)");
  });

  it("keeps the offending frame's stream on a connection error", () => {
    const e = Http2Error.connection(ErrorCode.PROTOCOL_ERROR, "x", 3);
    expect(e.streamId).toBe(3);
    expect(e.message).toBe("PROTOCOL_ERROR (connection error on stream 3): x");
  });
});
