import { findHeader, type HeaderFields, type HeaderList, type OutgoingHeaders } from "../http2/headers.js";
import { Code, type Status } from "./code.js";
import { CONTENT_TYPE_GRPC_PROTO, parseGrpcContentType } from "./content-type.js";
import { encodeGrpcMessage } from "./percent-encoding.js";
import { GRPC_MESSAGE, GRPC_STATUS } from "./trailers.js";
import { encodeTimeout } from "./timeout.js";

/**
 * Request-Headers (PROTOCOL-HTTP2.md, "Requests"). The transport adds
 * :scheme and :authority from the connection; we add the rest.
 */

export const GRPC_TIMEOUT = "grpc-timeout";
export const GRPC_ENCODING = "grpc-encoding";
export const GRPC_ACCEPT_ENCODING = "grpc-accept-encoding";

export interface RequestHeaderOptions {
  readonly userAgent: string;
  /** Value of grpc-encoding when the client compresses its messages. */
  readonly encoding?: string;
  /** Value of grpc-accept-encoding: "gzip,deflate". */
  readonly acceptEncoding?: string;
}

/**
 * The part of a method's request headers that never changes between calls;
 * a client builds it once per method and copies it per call.
 */
export function baseRequestHeaders(path: string, options: RequestHeaderOptions): OutgoingHeaders {
  const headers: HeaderFields = {
    ":method": "POST",
    ":path": path,
    "content-type": CONTENT_TYPE_GRPC_PROTO,
    // Lets a server or proxy tell a gRPC client from one that would not read trailers.
    te: "trailers",
    "user-agent": options.userAgent,
  };
  if (options.encoding !== undefined) headers[GRPC_ENCODING] = options.encoding;
  if (options.acceptEncoding !== undefined && options.acceptEncoding !== "") {
    headers[GRPC_ACCEPT_ENCODING] = options.acceptEncoding;
  }
  return headers;
}

/**
 * A copy of `base` with a grpc-timeout for `timeoutMs`, placed right after the
 * pseudo-headers as the spec recommends.
 */
export function withTimeout(base: OutgoingHeaders, timeoutMs: number): HeaderFields {
  return { ":method": base[":method"], ":path": base[":path"], [GRPC_TIMEOUT]: encodeTimeout(timeoutMs), ...base };
}

/** A single header value (the first one if the peer repeated it). */
export const headerString: (headers: HeaderList, name: string) => string | undefined = findHeader;

/** A server's rejection of a request that is not gRPC at all: an HTTP status and a status. */
export interface HttpRejection {
  readonly httpStatus: number;
  readonly status: Status;
}

/**
 * Checks the parts of Request-Headers that decide whether the request is gRPC
 * at all: ":method POST" (else 405) and a gRPC content-type (else 415, as the
 * spec says, so plain HTTP clients do not mistake the answer for success).
 */
export function checkRequestHeaders(headers: HeaderList): HttpRejection | undefined {
  const contentType = findHeader(headers, "content-type");
  if (parseGrpcContentType(contentType) === undefined) {
    return {
      httpStatus: 415,
      status: { code: Code.Internal, message: `invalid gRPC request content-type ${JSON.stringify(contentType ?? "")}` },
    };
  }
  const method = findHeader(headers, ":method");
  if (method !== "POST") {
    return {
      httpStatus: 405,
      status: { code: Code.Internal, message: `invalid gRPC request method ${JSON.stringify(method)}` },
    };
  }
  return undefined;
}

/** The header block of such a rejection (ended right away, no body). */
export function rejectionHeaders(rejection: HttpRejection): OutgoingHeaders {
  return {
    ":status": rejection.httpStatus,
    "content-type": "text/plain; charset=utf-8",
    [GRPC_STATUS]: String(rejection.status.code),
    [GRPC_MESSAGE]: encodeGrpcMessage(rejection.status.message),
  };
}
