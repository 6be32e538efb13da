import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import { Metadata } from "../grpc/metadata.js";
import type { ServerCallContext } from "./call-context.js";
import { createClient, type Client } from "./client.js";
import { RpcError } from "./rpc-error.js";

/** Request metadata, response headers and trailers, both directions, ASCII and binary. */
describe("metadata", () => {
  let h: Harness;
  let client: Client<typeof TestService>;
  let lastCtx: ServerCallContext | undefined;

  beforeAll(async () => {
    h = await startHarness((server) =>
      server.add(TestService, {
        async unary(req, ctx) {
          lastCtx = ctx;
          ctx.setHeader("x-header", "h1");
          ctx.responseHeader.append("x-header-bin", Uint8Array.of(0, 255));
          ctx.setTrailer("x-trailer", "t1");
          ctx.setTrailer("x-echo-bin", ctx.requestMetadata.getBinary("x-in-bin") ?? new Uint8Array());
          if (req.text === "fail") {
            throw new RpcError(Code.FailedPrecondition, "nope ✗ 100%", {
              metadata: { "x-error": "e1" },
              details: [{ typeUrl: "type.googleapis.com/test.Detail", value: Uint8Array.of(8, 7) }],
            });
          }
          return { text: ctx.requestMetadata.getAll("x-in").join("+") };
        },
        async *serverStream(_req, ctx) {
          ctx.setHeader("x-early", "yes");
          ctx.sendHeader();
          expect(() => ctx.setHeader("x-late", "no")).toThrow();
          yield { text: "one" };
          ctx.setTrailer("x-done", "1");
        },
        async clientStream() {
          return {};
        },
        async *bidi() {},
      }),
    );
    client = createClient(TestService, h.channel);
  });
  afterAll(() => h.close());

  it("carries request metadata to the handler and headers/trailers back", async () => {
    let header: Metadata | undefined;
    let trailer: Metadata | undefined;
    const res = await client.unary(
      {},
      {
        metadata: { "x-in": ["a", "b"], "x-in-bin": Uint8Array.of(1, 2, 3) },
        onHeader: (m) => (header = m),
        onTrailer: (m) => (trailer = m),
      },
    );
    expect(res.text).toBe("a+b");
    expect(header?.get("x-header")).toBe("h1");
    expect(header?.getBinary("x-header-bin")).toEqual(Uint8Array.of(0, 255));
    expect(trailer?.get("x-trailer")).toBe("t1");
    expect(trailer?.getBinary("x-echo-bin")).toEqual(Uint8Array.of(1, 2, 3));
    expect(lastCtx?.requestMetadata.get("user-agent")).toMatch(/^grpc-node-wiregrpc\//);
    expect(lastCtx?.requestMetadata.has("content-type")).toBe(false);
    expect(lastCtx?.peer).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("accepts a Metadata object as call metadata", async () => {
    const res = await client.unary({}, { metadata: new Metadata().append("x-in", "m") });
    expect(res.text).toBe("m");
  });

  it("delivers error status, message, trailers and details", async () => {
    let trailer: Metadata | undefined;
    const e = (await client.unary({ text: "fail" }, { onTrailer: (m) => (trailer = m) }).catch((x: unknown) => x)) as RpcError;
    expect(e).toBeInstanceOf(RpcError);
    expect(e.code).toBe(Code.FailedPrecondition);
    expect(e.rawMessage).toBe("nope ✗ 100%");
    expect(e.message).toBe("FAILED_PRECONDITION: nope ✗ 100%");
    expect(e.metadata.get("x-error")).toBe("e1");
    expect(e.metadata.get("x-trailer")).toBe("t1");
    expect(e.details).toEqual([{ typeUrl: "type.googleapis.com/test.Detail", value: Uint8Array.of(8, 7) }]);
    expect(trailer?.get("x-error")).toBe("e1");
  });

  it("sends headers early on request and trailers after a stream", async () => {
    let header: Metadata | undefined;
    let trailer: Metadata | undefined;
    const out: string[] = [];
    for await (const m of client.serverStream({}, { onHeader: (x) => (header = x), onTrailer: (x) => (trailer = x) })) {
      out.push(m.text);
      expect(header?.get("x-early")).toBe("yes");
    }
    expect(out).toEqual(["one"]);
    expect(trailer?.get("x-done")).toBe("1");
  });
});
