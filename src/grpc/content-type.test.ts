import { describe, expect, it } from "vitest";
import { isProtoSubtype, parseGrpcContentType } from "./content-type.js";

describe("parseGrpcContentType", () => {
  it.each([
    ["application/grpc", ""],
    ["application/grpc+proto", "proto"],
    ["application/grpc+json", "json"],
    ["application/grpc+thrift", "thrift"],
    ["Application/GRPC+Proto", "proto"],
    ["application/grpc; charset=utf-8", ""],
    ["application/grpc+proto;foo=bar", "proto"],
  ])("%j -> sub-type %j", (value, subtype) => {
    expect(parseGrpcContentType(value)).toBe(subtype);
  });

  it.each([undefined, "", "application/json", "text/html", "application/grpc-web", "application/grpcx", "application/grpc+", "application/grpc-web+proto"])(
    "%j is not gRPC",
    (value) => {
      expect(parseGrpcContentType(value)).toBeUndefined();
    },
  );

  it("knows which sub-types the protobuf codecs read", () => {
    expect(isProtoSubtype("")).toBe(true);
    expect(isProtoSubtype("proto")).toBe(true);
    expect(isProtoSubtype("json")).toBe(false);
  });
});
