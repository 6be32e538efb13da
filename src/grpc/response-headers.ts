import { STATUS_CODES } from "node:http";
import { findHeader, type HeaderList } from "../http2/headers.js";
import { Code, type Status } from "./code.js";
import { parseGrpcContentType } from "./content-type.js";
import { codeFromHttpStatus } from "./http-status.js";
import { GRPC_STATUS } from "./trailers.js";

/**
 * Response-Headers (PROTOCOL-HTTP2.md, "Responses"): ":status 200", a gRPC
 * content-type, and optionally grpc-encoding / grpc-accept-encoding.
 */

/** True when a response header block is Trailers-Only (it carries the status). */
export function isTrailersOnly(headers: HeaderList): boolean {
  return findHeader(headers, GRPC_STATUS) !== undefined;
}

/**
 * Checks the first header block of a response. Returns undefined for a valid
 * gRPC response, or the status to fail the call with when a proxy or a
 * non-gRPC server answered: the HTTP status mapped by
 * doc/http-grpc-status-mapping.md (only used when no grpc-status is present).
 */
export function checkResponseHeaders(headers: HeaderList): Status | undefined {
  if (isTrailersOnly(headers)) return undefined;
  const httpStatus = Number(findHeader(headers, ":status"));
  if (httpStatus !== 200) {
    const text = STATUS_CODES[httpStatus];
    return {
      code: codeFromHttpStatus(httpStatus),
      message: `received HTTP status ${httpStatus}${text === undefined ? "" : ` (${text})`} without grpc-status`,
    };
  }
  const contentType = findHeader(headers, "content-type");
  if (parseGrpcContentType(contentType) === undefined) {
    return {
      code: Code.Unknown,
      message: `received a response with content-type ${JSON.stringify(contentType ?? "")}, which is not gRPC`,
    };
  }
  return undefined;
}
