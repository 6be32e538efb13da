import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { checkResponseHeaders, isTrailersOnly } from "./response-headers.js";

/** A received header block from an object, for readable tables. */
const r = (headers: Record<string, string | number>): string[] => Object.entries(headers).flatMap(([k, v]) => [k, String(v)]);

describe("checkResponseHeaders", () => {
  it("accepts a gRPC response", () => {
    expect(checkResponseHeaders(r({ ":status": 200, "content-type": "application/grpc" }))).toBeUndefined();
  });

  it("leaves Trailers-Only responses to the status reader, whatever the HTTP status", () => {
    const h = r({ ":status": 200, "content-type": "application/grpc", "grpc-status": "5" });
    expect(isTrailersOnly(h)).toBe(true);
    expect(checkResponseHeaders(h)).toBeUndefined();
    expect(checkResponseHeaders(r({ ":status": 503, "grpc-status": "8" }))).toBeUndefined();
  });

  it.each([
    [502, Code.Unavailable, "received HTTP status 502 (Bad Gateway) without grpc-status"],
    [401, Code.Unauthenticated, "received HTTP status 401 (Unauthorized) without grpc-status"],
    [404, Code.Unimplemented, "received HTTP status 404 (Not Found) without grpc-status"],
  ])("maps a proxy's HTTP %i to %s", (status, code, message) => {
    expect(checkResponseHeaders(r({ ":status": status, "content-type": "text/html" }))).toEqual({ code, message });
  });

  it("rejects a 200 that is not gRPC as UNKNOWN", () => {
    expect(checkResponseHeaders(r({ ":status": 200, "content-type": "text/html" }))).toMatchObject({ code: Code.Unknown });
  });
});
