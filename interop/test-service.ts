/**
 * grpc.testing.TestService as the gRPC interop test descriptions
 * (doc/interop-test-descriptions.md, "Server") define its features:
 * EmptyCall, UnaryCall, CacheableUnaryCall, StreamingInputCall,
 * StreamingOutputCall, FullDuplexCall, HalfDuplexCall; CompressedRequest
 * (expect_compressed), CompressedResponse (response_compressed and
 * ResponseParameters.compressed), Echo Status, Echo Metadata, and
 * ResponseParameters.interval_us. UnimplementedCall is left unimplemented,
 * and grpc.testing.UnimplementedService is not served, as the descriptions
 * require.
 */
import { setTimeout as sleep } from "node:timers/promises";
import {
  Code,
  createServer,
  GZIP,
  RpcError,
  type Server,
  type ServerCallContext,
  type ServerOptions,
  type ServiceHandlers,
} from "../src/rpc/index.js";
import {
  PayloadType,
  type BoolValue,
  type EchoStatus,
  type Payload,
  type ResponseParameters,
  type StreamingOutputCallRequest,
  type StreamingOutputCallResponse,
} from "./gen/grpc/testing/messages.js";
import { TestService } from "./gen/grpc/testing/test.js";

/** Echo Metadata: request keys sent back, the first as a header, the second as a trailer. */
export const ECHO_INITIAL_KEY = "x-grpc-test-echo-initial";
export const ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin";

/** A payload of `size` zero bytes, of the only type the descriptions still define (COMPRESSABLE). */
function payload(type: PayloadType, size: number): Payload {
  // "If the server does not support the response_type, then it should fail the RPC with INVALID_ARGUMENT."
  if (type !== PayloadType.COMPRESSABLE) throw new RpcError(Code.InvalidArgument, `unsupported response_type ${type}`);
  if (size < 0) throw new RpcError(Code.InvalidArgument, `negative payload size ${size}`);
  return { type, body: new Uint8Array(size) };
}

/** Echo Metadata, for every method that supports it. */
function echoMetadata(ctx: ServerCallContext): void {
  for (const v of ctx.requestMetadata.getAll(ECHO_INITIAL_KEY)) ctx.setHeader(ECHO_INITIAL_KEY, v);
  for (const v of ctx.requestMetadata.getAll(ECHO_TRAILING_KEY)) ctx.setTrailer(ECHO_TRAILING_KEY, v);
}

/** Echo Status: "the server closes the stream with the status code and message" in response_status. */
function echoStatus(status: EchoStatus | undefined): void {
  if (status !== undefined && status.code !== 0) throw new RpcError(status.code as Code, status.message);
}

/** CompressedRequest: "If it's not [compressed], it fails the RPC with INVALID_ARGUMENT." */
function checkCompressed(expect: BoolValue | undefined, ctx: ServerCallContext): void {
  if (expect?.value === true && !ctx.requestCompressed) {
    throw new RpcError(Code.InvalidArgument, "expected a compressed request message (expect_compressed), got an uncompressed one");
  }
}

/**
 * CompressedResponse for one response message: compressed with gzip when
 * asked for (the response encoding can only be chosen before the headers
 * go out), explicitly uncompressed when asked not to be, as the defaults
 * leave it otherwise.
 */
function compressNext(compressed: BoolValue | undefined, ctx: ServerCallContext): void {
  if (compressed === undefined) return;
  if (compressed.value && ctx.responseCompression === undefined) {
    try {
      ctx.setResponseCompression(GZIP);
    } catch {
      // Headers already sent without an encoding: this message goes out uncompressed.
    }
  }
  ctx.setMessageCompression(compressed.value);
}

/** The responses one StreamingOutputCallRequest asks for, paced by interval_us. */
async function* respond(req: StreamingOutputCallRequest, ctx: ServerCallContext): AsyncGenerator<StreamingOutputCallResponse> {
  for (const params of req.responseParameters) {
    await pace(params, ctx);
    compressNext(params.compressed, ctx);
    yield { payload: payload(req.responseType, params.size) };
  }
}

/** "interval_us acts like a sleep *before* sending the response." */
async function pace(params: ResponseParameters, ctx: ServerCallContext): Promise<void> {
  if (params.intervalUs <= 0) return;
  try {
    await sleep(params.intervalUs / 1000, undefined, { signal: ctx.signal });
  } catch {
    // The call is over (cancelled, deadline); the server call ignores what comes next.
  }
}

/** Handlers for every TestService method but UnimplementedCall. */
export const testServiceHandlers: Omit<ServiceHandlers<typeof TestService>, "unimplementedCall"> = {
  async emptyCall() {
    return {};
  },

  async unaryCall(req, ctx) {
    echoMetadata(ctx);
    echoStatus(req.responseStatus);
    checkCompressed(req.expectCompressed, ctx);
    compressNext(req.responseCompressed, ctx);
    return { payload: payload(req.responseType, req.responseSize) };
  },

  /** "Response has cache control headers set such that a caching HTTP proxy can satisfy subsequent requests." */
  async cacheableUnaryCall(req, ctx) {
    echoMetadata(ctx);
    ctx.setHeader("cache-control", "max-age=60, public");
    const now = BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
    return { payload: { type: req.responseType, body: new TextEncoder().encode(String(now)) } };
  },

  async *streamingOutputCall(req, ctx) {
    echoMetadata(ctx);
    echoStatus(req.responseStatus);
    yield* respond(req, ctx);
  },

  async streamingInputCall(requests, ctx) {
    echoMetadata(ctx);
    let aggregatedPayloadSize = 0;
    for await (const req of requests) {
      checkCompressed(req.expectCompressed, ctx);
      aggregatedPayloadSize += req.payload?.body.length ?? 0;
    }
    return { aggregatedPayloadSize };
  },

  async *fullDuplexCall(requests, ctx) {
    echoMetadata(ctx);
    for await (const req of requests) {
      echoStatus(req.responseStatus);
      yield* respond(req, ctx);
    }
  },

  /** Buffers every request, then answers them in order. */
  async *halfDuplexCall(requests, ctx) {
    echoMetadata(ctx);
    const all: StreamingOutputCallRequest[] = [];
    for await (const req of requests) {
      echoStatus(req.responseStatus);
      all.push(req);
    }
    for (const req of all) yield* respond(req, ctx);
  },
};

export interface InteropServerOptions {
  /** Serve TLS with this certificate and key (interop/certs/server1.pem for the standard setup). */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer };
}

/** A server with TestService added; the caller listens and closes. */
export function createInteropServer(options: InteropServerOptions = {}): Server {
  const serverOptions: ServerOptions = options.tls === undefined ? {} : { tls: { cert: options.tls.cert, key: options.tls.key } };
  const server = createServer(serverOptions);
  // A method without a handler answers UNIMPLEMENTED: unimplemented_method relies on exactly that.
  server.add(TestService, testServiceHandlers as ServiceHandlers<typeof TestService>);
  return server;
}
