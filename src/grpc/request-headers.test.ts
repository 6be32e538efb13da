import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { baseRequestHeaders, checkRequestHeaders, rejectionHeaders, withTimeout } from "./request-headers.js";

describe("request headers", () => {
  it("builds the constant part once per method", () => {
    expect(baseRequestHeaders("/pkg.S/M", { userAgent: "ua", encoding: "gzip", acceptEncoding: "gzip,deflate" })).toEqual({
      ":method": "POST",
      ":path": "/pkg.S/M",
      "content-type": "application/grpc+proto",
      te: "trailers",
      "user-agent": "ua",
      "grpc-encoding": "gzip",
      "grpc-accept-encoding": "gzip,deflate",
    });
  });

  it("puts grpc-timeout right after the pseudo-headers", () => {
    const h = withTimeout(baseRequestHeaders("/s/m", { userAgent: "ua" }), 250);
    expect(Object.keys(h).slice(0, 4)).toEqual([":method", ":path", "grpc-timeout", "content-type"]);
    expect(h["grpc-timeout"]).toBe("250000u");
  });

  it.each([
    [[":method", "POST", "content-type", "application/json"], 415],
    [[":method", "POST"], 415],
    [[":method", "GET", "content-type", "application/grpc"], 405],
  ])("rejects %j with HTTP %i", (headers, httpStatus) => {
    const rejection = checkRequestHeaders(headers);
    expect(rejection?.httpStatus).toBe(httpStatus);
    expect(rejection?.status.code).toBe(Code.Internal);
    expect(rejectionHeaders(rejection!)[":status"]).toBe(httpStatus);
  });

  it("accepts a gRPC POST", () => {
    expect(checkRequestHeaders([":method", "POST", "content-type", "application/grpc+proto"])).toBeUndefined();
  });
});
