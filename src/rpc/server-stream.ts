import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerHttp2Stream } from "node:http2";
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
import { RESPOND_AND_END } from "../grpc/response-headers.js";
import { Http2ErrorCode } from "../grpc/rst-code.js";
import { parseTimeout } from "../grpc/timeout.js";
import { writeStatus } from "../grpc/trailers.js";
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
export function acceptStream(
  router: StreamRouter,
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  rawHeaders: readonly string[],
): void {
  // Stream errors show up as 'close' with an rstCode; an unhandled 'error' would crash the process.
  stream.on("error", noop);
  try {
    const rejection = checkRequestHeaders(headers);
    if (rejection !== undefined) {
      stream.respond(rejectionHeaders(rejection), RESPOND_AND_END);
      closeEarly(stream);
      return;
    }
    const path = headers[":path"] ?? "";
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
    const call = new ServerCall(stream, rawHeaders, route, router, timeoutMs, recvCompression, sendCompression, acceptEncoding);
    router.startCall(call);
  } catch {
    // Only a bug gets here; reset the stream rather than crash or hang.
    if (!stream.destroyed) stream.close(Http2ErrorCode.InternalError);
  }
}

/** A Trailers-Only answer before any handler ran. */
function answer(stream: ServerHttp2Stream, code: Code, message: string, extra?: OutgoingHttpHeaders): void {
  const headers: OutgoingHttpHeaders = { ":status": 200, "content-type": CONTENT_TYPE_GRPC_PROTO, ...extra };
  writeStatus(headers, code, message);
  stream.respond(headers, RESPOND_AND_END);
  closeEarly(stream);
}

/** RST_STREAM NO_ERROR when the client is still sending (PROTOCOL-HTTP2.md, "Early Server Closure"). */
function closeEarly(stream: ServerHttp2Stream): void {
  if (!stream.readableEnded && !stream.closed) stream.close(Http2ErrorCode.NoError);
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

function noop(): void {}
