import type { HeaderFields } from "../http2/headers.js";
import { describe, expect, it } from "vitest";
import { Code } from "./code.js";
import { readStatus, writeStatus } from "./trailers.js";

describe("status trailers", () => {
  it("writes grpc-status, a percent-encoded grpc-message and details", () => {
    const h: HeaderFields = {};
    writeStatus(h, Code.NotFound, "no user 'ü'", Uint8Array.of(1));
    expect(h).toEqual({ "grpc-status": "5", "grpc-message": "no user '%C3%BC'", "grpc-status-details-bin": "AQ" });
  });

  it("leaves out an empty message", () => {
    const h: HeaderFields = {};
    writeStatus(h, Code.Ok, "");
    expect(h).toEqual({ "grpc-status": "0" });
  });

  it.each([
    [["grpc-status", "0"], { code: Code.Ok, message: "" }],
    [["grpc-status", "14", "grpc-message", "down%21"], { code: Code.Unavailable, message: "down!" }],
    [["grpc-status", "99"], { code: Code.Unknown, message: "" }],
    [["grpc-status", "x1"], { code: Code.Internal, message: 'malformed grpc-status "x1"' }],
    [["grpc-status", ""], { code: Code.Internal, message: 'malformed grpc-status ""' }],
    [["grpc-status", "3", "grpc-status-details-bin", "AQ"], { code: Code.InvalidArgument, message: "", detailsBin: Uint8Array.of(1) }],
    // A repeated grpc-message (split by a proxy) is read joined, the first grpc-status counts.
    [["grpc-status", "2", "grpc-message", "a", "grpc-status", "5", "grpc-message", "b"], { code: Code.Unknown, message: "a,b" }],
  ])("reads %j", (headers, status) => {
    expect(readStatus(headers)).toEqual(status);
  });

  it("returns undefined without grpc-status", () => {
    expect(readStatus(["content-type", "application/grpc"])).toBeUndefined();
  });
});
