import { Code } from "./code.js";

/**
 * The code a client reports for a response that has no `grpc-status`, from
 * its HTTP status (grpc/grpc doc/http-grpc-status-mapping.md). Typical
 * sources: a proxy or load balancer answering in place of the server.
 * Only for answers without grpc-status; never used to pick an HTTP status.
 */
export function codeFromHttpStatus(httpStatus: number): Code {
  switch (httpStatus) {
    case 400:
      return Code.Internal;
    case 401:
      return Code.Unauthenticated;
    case 403:
      return Code.PermissionDenied;
    case 404:
      return Code.Unimplemented;
    case 429:
    case 502:
    case 503:
    case 504:
      return Code.Unavailable;
    case 431:
      return Code.Internal;
    default:
      // Including 200: a real OK answer would carry grpc-status.
      return Code.Unknown;
  }
}
