import { STATUS_CODES } from "node:http";
import type { IncomingHttpHeaders, IncomingHttpStatusHeader, ServerStreamResponseOptions } from "node:http2";
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

/**
 * Options for `ServerHttp2Stream.respond`. `sendDate: false` leaves out the
 * `date` header node:http2 adds by default. gRPC's Response-Headers do not
 * include it (PROTOCOL-HTTP2.md) and grpc-go sends none, though RFC 9110
 * (6.6.1) asks HTTP origin servers for one; it cost a unary call ~17k
 * instructions and 15-20% of the server's CPU time (bench/README.md).
 * node reads `sendDate` from the respond options, which @types/node does
 * not list, hence the wider type. Shared objects: node copies them.
 */
type RespondOptions = ServerStreamResponseOptions & { readonly sendDate: boolean };
/** Headers now, then DATA, then trailers (a normal response). */
export const RESPOND_WITH_TRAILERS: RespondOptions = Object.freeze({ waitForTrailers: true, sendDate: false });
/** One header block that ends the stream (Trailers-Only, or an HTTP error). */
export const RESPOND_AND_END: RespondOptions = Object.freeze({ endStream: true, sendDate: false });
