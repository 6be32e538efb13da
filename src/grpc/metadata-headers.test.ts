import type { HeaderFields } from "../http2/headers.js";
import { describe, expect, it } from "vitest";
import { Metadata } from "./metadata.js";
import { decodeBinaryHeader, encodeBinaryHeader, metadataFromRawHeaders, writeMetadata } from "./metadata-headers.js";

describe("binary metadata values", () => {
  it.each([
    [[], ""],
    [[0xff], "/w"],
    [[0xff, 0xfe], "//4"],
    [[0xff, 0xfe, 0xfd], "//79"],
  ])("%j is sent unpadded as %j", (bytes, wire) => {
    expect(encodeBinaryHeader(Uint8Array.from(bytes))).toBe(wire);
  });

  it.each([
    ["/w", [[0xff]]],
    ["/w==", [[0xff]]],
    ["//4=", [[0xff, 0xfe]]],
    ["AQ,Ag==", [[1], [2]]],
    ["AQ==, Ag", [[1], [2]]],
  ])("decodes %j, padded or not, split on commas", (wire, values) => {
    expect(decodeBinaryHeader(wire).map((v) => [...v])).toEqual(values);
  });
});

describe("metadataFromRawHeaders", () => {
  it("keeps custom headers and repeated values, drops protocol headers", () => {
    const md = metadataFromRawHeaders([
      ":method", "POST",
      ":path", "/s/m",
      "content-type", "application/grpc",
      "te", "trailers",
      "grpc-timeout", "1S",
      "grpc-encoding", "gzip",
      "grpc-accept-encoding", "gzip",
      "user-agent", "test",
      "x-a", "1",
      "x-a", "2",
      "x-b-bin", "AQI",
      "x-b-bin", "AwQ=",
      "grpc-trace-bin", "AA",
    ]);
    expect([...md.keys()]).toEqual(["user-agent", "x-a", "x-b-bin", "grpc-trace-bin"]);
    expect(md.getAll("x-a")).toEqual(["1", "2"]);
    expect(md.getAll("x-b-bin")).toEqual([Uint8Array.of(1, 2), Uint8Array.of(3, 4)]);
  });
});

describe("writeMetadata", () => {
  it("writes single values as strings and repeated ones as arrays", () => {
    const headers: HeaderFields = {};
    writeMetadata(new Metadata({ a: "1", b: ["2", "3"], "c-bin": Uint8Array.of(0xff) }), headers);
    expect(headers).toEqual({ a: "1", b: ["2", "3"], "c-bin": "/w" });
  });
});
