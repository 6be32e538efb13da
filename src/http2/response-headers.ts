import { STATUS_CODES } from "node:http";
import type { IncomingHttpHeaders, IncomingHttpStatusHeader } from "node:http2";
import { Code, type Status } from "./code.js";
import { parseGrpcContentType } from "./content-type.js";
import { codeFromHttpStatus } from "./http-status.js";
import { GRPC_STATUS } from "./trailers.js";

/**
 * Response-Headers (PROTOCOL-HTTP2.md, "Responses"): ":status 200", a gRPC
 * content-type, and optionally grpc-encoding / grpc-accept-encoding.
 */

/** The first header block of a response, as node:http2 types it (":status" is a number). */
export type ResponseHeaders = IncomingHttpHeaders & IncomingHttpStatusHeader;

/** True when a response header block is Trailers-Only (it carries the status). */
export function isTrailersOnly(headers: ResponseHeaders): boolean {
  return headers[GRPC_STATUS] !== undefined;
}

/**
 * Checks the first header block of a response. Returns undefined for a valid
 * gRPC response, or the status to fail the call with when a proxy or a
 * non-gRPC server answered: the HTTP status mapped by
 * doc/http-grpc-status-mapping.md (only used when no grpc-status is present).
 */
export function checkResponseHeaders(headers: ResponseHeaders): Status | undefined {
  if (isTrailersOnly(headers)) return undefined;
  const httpStatus = Number(headers[":status"]);
  if (httpStatus !== 200) {
    const text = STATUS_CODES[httpStatus];
    return {
      code: codeFromHttpStatus(httpStatus),
      message: `received HTTP status ${httpStatus}${text === undefined ? "" : ` (${text})`} without grpc-status`,
    };
  }
  const contentType = headers["content-type"];
  if (parseGrpcContentType(contentType) === undefined) {
    return {
      code: Code.Unknown,
      message: `received a response with content-type ${JSON.stringify(contentType ?? "")}, which is not gRPC`,
    };
  }
  return undefined;
}
