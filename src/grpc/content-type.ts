/**
 * The `content-type` header (PROTOCOL-HTTP2.md, "Content-Type"):
 * "application/grpc" optionally followed by "+proto", "+json" or another
 * sub-type. We also accept parameters after ";", as grpc-go does.
 */

/** What we send: the proto sub-type spelled out, as grpc-java and grpc-js do. */
export const CONTENT_TYPE_GRPC_PROTO = "application/grpc+proto";
export const CONTENT_TYPE_GRPC = "application/grpc";

/**
 * The sub-type of a gRPC content-type ("proto" for "application/grpc+proto",
 * "" for plain "application/grpc"), or undefined when the value is not gRPC
 * at all (then a server answers HTTP 415). Matching is case-insensitive, as
 * media types are.
 */
export function parseGrpcContentType(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  // The exact strings we and most peers send, checked first.
  if (value === CONTENT_TYPE_GRPC_PROTO) return "proto";
  if (value === CONTENT_TYPE_GRPC) return "";
  const lower = value.toLowerCase().trim();
  if (!lower.startsWith(CONTENT_TYPE_GRPC)) return undefined;
  let rest = lower.slice(CONTENT_TYPE_GRPC.length);
  const semicolon = rest.indexOf(";");
  if (semicolon >= 0) rest = rest.slice(0, semicolon).trimEnd();
  if (rest === "") return "";
  if (rest[0] !== "+" || rest.length === 1) return undefined;
  return rest.slice(1);
}

/** True when a message sub-type can be read by the protobuf codecs. */
export function isProtoSubtype(subtype: string): boolean {
  return subtype === "" || subtype === "proto";
}
