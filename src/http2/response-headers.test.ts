import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { checkResponseHeaders, isTrailersOnly } from "./response-headers.js";

describe("checkResponseHeaders", () => {
  it("accepts a gRPC response", () => {
    expect(checkResponseHeaders({ ":status": 200, "content-type": "application/grpc" })).toBeUndefined();
  });

  it("leaves Trailers-Only responses to the status reader, whatever the HTTP status", () => {
    const h = { ":status": 200, "content-type": "application/grpc", "grpc-status": "5" };
    expect(isTrailersOnly(h)).toBe(true);
    expect(checkResponseHeaders(h)).toBeUndefined();
    expect(checkResponseHeaders({ ":status": 503, "grpc-status": "8" })).toBeUndefined();
  });

  it.each([
    [502, Code.Unavailable, "received HTTP status 502 (Bad Gateway) without grpc-status"],
    [401, Code.Unauthenticated, "received HTTP status 401 (Unauthorized) without grpc-status"],
    [404, Code.Unimplemented, "received HTTP status 404 (Not Found) without grpc-status"],
  ])("maps a proxy's HTTP %i to %s", (status, code, message) => {
    expect(checkResponseHeaders({ ":status": status, "content-type": "text/html" })).toEqual({ code, message });
  });

  it("rejects a 200 that is not gRPC as UNKNOWN", () => {
    expect(checkResponseHeaders({ ":status": 200, "content-type": "text/html" })).toMatchObject({ code: Code.Unknown });
  });
});
