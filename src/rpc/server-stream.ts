import { Code } from "../grpc/code.js";
import {
  findCompression,
  formatAcceptEncoding,
  IDENTITY,
  parseAcceptEncoding,
  type Compression,
} from "../grpc/compression.js";
import { CONTENT_TYPE_GRPC_PROTO } from "../grpc/content-type.js";
import {
  checkRequestHeaders,
  GRPC_ACCEPT_ENCODING,
  GRPC_ENCODING,
  GRPC_TIMEOUT,
  headerString,
  rejectionHeaders,
} from "../grpc/request-headers.js";
import { Http2ErrorCode } from "../grpc/rst-code.js";
import { parseTimeout } from "../grpc/timeout.js";
import { writeStatus } from "../grpc/trailers.js";
import { findHeader, type HeaderFields, type OutgoingHeaders } from "../http2/headers.js";
import type { ServerStream } from "../transport/types.js";
import { ServerCall, type Route, type ServerCallHost } from "./server-call.js";

/** What accepting a stream needs from the server. */
export interface StreamRouter extends ServerCallHost {
  readonly compressions: readonly Compression[];
  readonly compressResponses: boolean;
  route(path: string): Route | undefined;
  hasService(name: string): boolean;
  startCall(call: ServerCall): void;
}

/**
 * Checks a new stream's request headers and either starts a call or answers
 * at once: HTTP 415/405 for requests that are not gRPC; Trailers-Only
 * UNIMPLEMENTED for an unknown method or an unsupported grpc-encoding,
 * INTERNAL for a malformed grpc-timeout (as grpc-go does).
 */
export function acceptStream(router: StreamRouter, stream: ServerStream): void {
  const headers = stream.headers;
  try {
    const rejection = checkRequestHeaders(headers);
    if (rejection !== undefined) {
      stream.respond(rejectionHeaders(rejection), true);
      return;
    }
    const path = findHeader(headers, ":path") ?? "";
    const route = router.route(path);
    if (route === undefined) {
      answer(stream, Code.Unimplemented, unknownMethodMessage(router, path));
      return;
    }
    let timeoutMs: number | undefined;
    const timeout = headerString(headers, GRPC_TIMEOUT);
    if (timeout !== undefined) {
      timeoutMs = parseTimeout(timeout);
      if (timeoutMs === undefined) {
        answer(stream, Code.Internal, `malformed grpc-timeout ${JSON.stringify(timeout)}`);
        return;
      }
    }
    let recvCompression: Compression | undefined;
    const encoding = headerString(headers, GRPC_ENCODING);
    if (encoding !== undefined && encoding !== IDENTITY) {
      recvCompression = findCompression(router.compressions, encoding);
      if (recvCompression === undefined) {
        // doc/compression.md: UNIMPLEMENTED, listing what we support.
        const accept = [IDENTITY, formatAcceptEncoding(router.compressions)].filter((s) => s !== "").join(",");
        answer(stream, Code.Unimplemented, `grpc-encoding ${JSON.stringify(encoding)} is not supported`, {
          [GRPC_ACCEPT_ENCODING]: accept,
        });
        return;
      }
    }
    const acceptEncoding = headerString(headers, GRPC_ACCEPT_ENCODING);
    let sendCompression: Compression | undefined;
    if (recvCompression !== undefined && router.compressResponses) {
      if (parseAcceptEncoding(acceptEncoding).includes(recvCompression.name)) sendCompression = recvCompression;
    }
    const call = new ServerCall(stream, route, router, timeoutMs, recvCompression, sendCompression, acceptEncoding);
    router.startCall(call);
  } catch {
    // Only a bug gets here; reset the stream rather than crash or hang.
    if (!stream.closed) stream.reset(Http2ErrorCode.InternalError);
  }
}

/**
 * A Trailers-Only answer before any handler ran. The transport resets the
 * stream with NO_ERROR if the client is still sending (PROTOCOL-HTTP2.md,
 * "Early Server Closure").
 */
function answer(stream: ServerStream, code: Code, message: string, extra?: OutgoingHeaders): void {
  const headers: HeaderFields = { ":status": 200, "content-type": CONTENT_TYPE_GRPC_PROTO, ...extra };
  writeStatus(headers, code, message);
  stream.respond(headers, true);
}

/** grpc-go's wording: "unknown service pkg.Svc" or "unknown method M for service pkg.Svc". */
function unknownMethodMessage(router: StreamRouter, path: string): string {
  const slash = path.lastIndexOf("/");
  const service = slash > 0 ? path.slice(1, slash) : "";
  if (service !== "" && router.hasService(service)) {
    return `unknown method ${path.slice(slash + 1)} for service ${service}`;
  }
  return `unknown service ${service === "" ? path : service}`;
}

