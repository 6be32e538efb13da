import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { TestService } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import { createClient } from "./client.js";
import { RpcError } from "./rpc-error.js";

/**
 * A call the server ends with an error status needs no RST_STREAM CANCEL
 * from the client (the stream is over). Sending one per failed call trips
 * node:http2's rapid-reset guard (1,000 resets, then 33 a second), and the
 * server drops the connection with every call on it (UNAVAILABLE).
 */
describe("error statuses at a high rate", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("3,000 failing calls on one connection all get their own status", async () => {
    h = await startHarness((server) =>
      server.add(TestService, {
        unary: () => {
          throw new RpcError(Code.NotFound, "no such thing");
        },
        serverStream: async function* () {
          throw new RpcError(Code.NotFound, "no such stream");
        },
        clientStream: async () => ({ text: "", num: 0 }),
        bidi: async function* () {},
      }),
    );
    const client = createClient(TestService, h.channel);
    const codes = new Map<number, number>();
    const one = async (i: number): Promise<void> => {
      try {
        if (i % 10 === 0) for await (const _ of client.serverStream({ text: "x" })) void _;
        else await client.unary({ text: "x", num: i });
        codes.set(-1, (codes.get(-1) ?? 0) + 1);
      } catch (e) {
        const code = e instanceof RpcError ? e.code : -2;
        codes.set(code, (codes.get(code) ?? 0) + 1);
      }
    };
    for (let batch = 0; batch < 30; batch++) await Promise.all(Array.from({ length: 100 }, (_, i) => one(batch * 100 + i)));
    expect(Object.fromEntries(codes)).toEqual({ [Code.NotFound]: 3000 });
  }, 60_000);
});
