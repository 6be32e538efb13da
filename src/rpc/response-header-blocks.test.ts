import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, startHarness, type Harness } from "../../test/rpc/harness.js";
import { echoBytes, TestService } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import { RpcError } from "./rpc-error.js";

/**
 * The header blocks a server sends, exactly (PROTOCOL-HTTP2.md,
 * "Responses"): Response-Headers, then Trailers, or one Trailers-Only block.
 * node:http2 would add a `date` header to every response; gRPC has no use
 * for it and the server leaves it out.
 */
describe("response header blocks", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness((server) =>
      server.add(TestService, {
        unary: (req) => {
          if (req.text === "fail") throw new RpcError(Code.NotFound, "no such thing");
          return req;
        },
        async *serverStream() {},
        async clientStream() {
          return {};
        },
        async *bidi() {},
      }),
    );
  });
  afterAll(() => h.close());

  /** The header names of a block, sorted. */
  const names = (headers: object | undefined) => Object.keys(headers ?? {}).sort();

  it("a normal response: :status and content-type, then grpc-status alone", async () => {
    const res = await rawRequest(h.port, { ":path": "/test.Test/Unary" }, [encodeEnvelope(echoBytes("hi"))]);
    expect(names(res.headers)).toEqual([":status", "content-type"]);
    expect(res.headers["content-type"]).toBe("application/grpc+proto");
    expect(names(res.trailers)).toEqual(["grpc-status"]);
    expect(res.trailers?.["grpc-status"]).toBe("0");
  });

  it("a Trailers-Only error: one block with the status, no date", async () => {
    const res = await rawRequest(h.port, { ":path": "/test.Test/Unary" }, [encodeEnvelope(echoBytes("fail"))]);
    expect(names(res.headers)).toEqual([":status", "content-type", "grpc-message", "grpc-status"]);
    expect(res.trailers).toBeUndefined();
  });

  it("a rejected request (unknown method): no date either", async () => {
    const res = await rawRequest(h.port, { ":path": "/test.Test/Nope" });
    expect(names(res.headers)).toEqual([":status", "content-type", "grpc-message", "grpc-status"]);
  });

  it("an HTTP-level rejection (not gRPC): no date either", async () => {
    const res = await rawRequest(h.port, { ":path": "/test.Test/Unary", "content-type": "text/plain" });
    expect(res.headers[":status"]).toBe(415);
    expect(res.headers.date).toBeUndefined();
  });
});
