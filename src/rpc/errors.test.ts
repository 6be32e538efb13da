import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestService } from "../../test/rpc/test-service.js";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import { createClient, type Client } from "./client.js";
import { RpcError, UNEXPECTED_ERROR_MESSAGE } from "./rpc-error.js";

/** Handler failures become statuses; the server keeps serving. */
describe("handler errors", () => {
  let h: Harness;
  let client: Client<typeof TestService>;
  const reported: unknown[] = [];

  beforeAll(async () => {
    h = await startHarness(
      (server) =>
        server.add(TestService, {
          unary(req) {
            if (req.text === "sync") throw new Error("secret database password in the text");
            if (req.text === "string") return Promise.reject("a string, not an Error");
            if (req.text === "rpc") throw new RpcError(Code.NotFound, "no such user");
            if (req.text === "bad response") {
              return {
                get text(): string {
                  throw new Error("cannot read this field");
                },
              };
            }
            return Promise.reject(new TypeError("async secret"));
          },
          async *serverStream() {
            yield { text: "first" };
            throw new RpcError(Code.Aborted, "after one");
          },
          async clientStream(requests) {
            for await (const r of requests) if (r.num === 3) throw new RpcError(Code.OutOfRange, "three");
            return {};
          },
          bidi() {
            return "not iterable" as unknown as AsyncIterable<{ text: string }>;
          },
        }),
      { onError: (e) => reported.push(e) },
    );
    client = createClient(TestService, h.channel);
  });
  afterAll(() => h.close());

  async function failure(p: Promise<unknown>): Promise<RpcError> {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(RpcError);
    return e as RpcError;
  }

  it.each(["sync", "async", "string"])("a %s non-RpcError throw becomes UNKNOWN without its text", async (text) => {
    const e = await failure(client.unary({ text }));
    expect(e.code).toBe(Code.Unknown);
    expect(e.rawMessage).toBe(UNEXPECTED_ERROR_MESSAGE);
    expect(e.message).not.toContain("secret");
    expect(reported.length).toBeGreaterThan(0);
  });

  it("an RpcError keeps its code and message", async () => {
    const e = await failure(client.unary({ text: "rpc" }));
    expect(e.code).toBe(Code.NotFound);
    expect(e.rawMessage).toBe("no such user");
  });

  it("a response the encoder rejects is INTERNAL", async () => {
    const e = await failure(client.unary({ text: "bad response" }));
    expect(e.code).toBe(Code.Internal);
    expect(e.rawMessage).toContain("failed to encode response message test.Echo");
  });

  it("a server stream delivers its messages, then the error", async () => {
    const got: string[] = [];
    const e = await failure(
      (async () => {
        for await (const m of client.serverStream({})) got.push(m.text);
      })(),
    );
    expect(got).toEqual(["first"]);
    expect(e.code).toBe(Code.Aborted);
  });

  it("a client-stream handler may fail mid-stream", async () => {
    const e = await failure(client.clientStream([{ num: 1 }, { num: 2 }, { num: 3 }, { num: 4 }]));
    expect(e.code).toBe(Code.OutOfRange);
  });

  it("a streaming handler that returns no iterable is INTERNAL", async () => {
    const e = await failure(
      (async () => {
        for await (const _ of client.bidi([{}])) void _;
      })(),
    );
    expect(e.code).toBe(Code.Internal);
  });

  it("still serves after all that", async () => {
    await expect(client.unary({ text: "rpc" })).rejects.toMatchObject({ code: Code.NotFound });
  });
});
