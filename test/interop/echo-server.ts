// Our Echo server for interop tests: the same behaviour as grpc-js/server.mjs.
import { Code, createServer, RpcError, type Server, type ServerCallContext } from "../../src/rpc/index.js";
import { Echo, type EchoRequest } from "./gen/echo.js";

const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(t);
      resolve();
    });
  });

/** Request metadata x-echo-initial -> response header; x-echo-trailing-bin -> trailer. */
function echoMetadata(ctx: ServerCallContext): void {
  for (const v of ctx.requestMetadata.getAll("x-echo-initial")) ctx.setHeader("x-echo-initial", v);
  for (const v of ctx.requestMetadata.getAll("x-echo-trailing-bin")) ctx.setTrailer("x-echo-trailing-bin", v);
}

function failIfAsked(req: EchoRequest): void {
  if (req.statusCode !== 0) throw new RpcError(req.statusCode as Code, req.statusMessage);
}

export function createEchoServer(options: Parameters<typeof createServer>[0] = {}): Server {
  const server = createServer(options);
  server.add(Echo, {
    async unary(req, ctx) {
      echoMetadata(ctx);
      if (req.delayMs > 0) await sleep(req.delayMs, ctx.signal);
      failIfAsked(req);
      return { message: req.message, payload: req.payload };
    },
    async *serverStream(req, ctx) {
      echoMetadata(ctx);
      failIfAsked(req);
      for (let i = 0; i < req.count; i++) {
        yield { message: req.message, index: i };
        if (req.delayMs > 0) await sleep(req.delayMs, ctx.signal);
      }
    },
    async clientStream(requests, ctx) {
      echoMetadata(ctx);
      const parts: string[] = [];
      for await (const r of requests) parts.push(r.message);
      return { message: parts.join(","), index: parts.length };
    },
    async *bidi(requests, ctx) {
      echoMetadata(ctx);
      let i = 0;
      for await (const r of requests) yield { message: r.message, index: i++ };
    },
  });
  return server;
}
