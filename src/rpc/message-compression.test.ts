import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { TestService } from "../../test/rpc/test-service.js";
import { Code } from "../grpc/code.js";
import { GZIP } from "../grpc/compression.js";
import type { ReceivedMessageInfo } from "./call-options.js";
import type { ConnectOptions } from "./channel.js";
import { createClient } from "./client.js";
import { RpcError } from "./rpc-error.js";

/**
 * Compression chosen per call and per message (doc/compression.md): what the
 * gRPC interop cases client_compressed_* and server_compressed_* need. The
 * client picks a call's encoding and which request messages use it, and sees
 * each response message's Compressed-Flag; the handler sees each request
 * message's flag and picks the response encoding and which messages use it.
 */
describe("per-call and per-message compression", () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  /** Request flags the server saw, per call, in arrival order. */
  let seen: boolean[] = [];
  /** What the handlers do with response compression: [encoding to choose, per-message switches]. */
  let plan: { encoding?: string; perMessage?: boolean[]; chosen?: boolean } = {};

  async function start(connectOptions?: ConnectOptions) {
    seen = [];
    plan = {};
    h = await startHarness(
      (server) =>
        server.add(TestService, {
          async unary(req, ctx) {
            seen.push(ctx.requestCompressed);
            if (plan.encoding !== undefined) plan.chosen = ctx.setResponseCompression(plan.encoding);
            if (plan.perMessage !== undefined) ctx.setMessageCompression(plan.perMessage[0]!);
            return { text: req.text, num: ctx.responseCompression === undefined ? 0 : 1 };
          },
          async *serverStream(req, ctx) {
            seen.push(ctx.requestCompressed);
            if (plan.encoding !== undefined) plan.chosen = ctx.setResponseCompression(plan.encoding);
            for (const [i, on] of (plan.perMessage ?? [true, true]).entries()) {
              ctx.setMessageCompression(on);
              yield { text: req.text, num: i };
            }
          },
          async clientStream(requests, ctx) {
            let n = 0;
            for await (const r of requests) {
              seen.push(ctx.requestCompressed);
              n += r.text.length;
            }
            return { num: n };
          },
          async *bidi(requests, ctx) {
            for await (const r of requests) {
              seen.push(ctx.requestCompressed);
              yield r;
            }
          },
        }),
      {},
      connectOptions,
    );
    return createClient(TestService, h.channel);
  }

  const text = "squeeze me ".repeat(50);

  it("a call on an uncompressed channel can send gzip; the server sees the flag and answers in kind", async () => {
    const client = await start();
    const flags: ReceivedMessageInfo[] = [];
    const res = await client.unary({ text }, { sendCompression: "gzip", onResponseMessage: (m) => flags.push(m) });
    expect(res).toEqual({ text, num: 1 });
    expect(seen).toEqual([true]);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.compressed).toBe(true);
    expect(flags[0]!.byteLength).toBeLessThan(text.length);
    // The next call on the same channel is uncompressed again.
    flags.length = 0;
    expect(await client.unary({ text }, { onResponseMessage: (m) => flags.push(m) })).toEqual({ text, num: 0 });
    expect(seen).toEqual([true, false]);
    expect(flags.map((f) => f.compressed)).toEqual([false]);
  });

  it("a call on a gzip channel can send identity (no grpc-encoding)", async () => {
    const client = await start({ sendCompression: GZIP });
    const flags: boolean[] = [];
    expect(await client.unary({ text }, { sendCompression: "identity", onResponseMessage: (m) => flags.push(m.compressed) })).toEqual({ text, num: 0 });
    expect(await client.unary({ text }, { onResponseMessage: (m) => flags.push(m.compressed) })).toEqual({ text, num: 1 });
    expect(seen).toEqual([false, true]);
    expect(flags).toEqual([false, true]);
  });

  it("compressRequest picks the request messages that are compressed, by index", async () => {
    const client = await start();
    const options = { sendCompression: GZIP, compressRequest: (i: number) => i % 2 === 0 };
    expect(await client.clientStream([{ text: "a" }, { text: "bb" }, { text: "ccc" }], options)).toEqual({ text: "", num: 6 });
    expect(seen).toEqual([true, false, true]);
    seen = [];
    const out: string[] = [];
    for await (const m of client.bidi([{ text: "x" }, { text: "y" }], options)) out.push(m.text);
    expect(out).toEqual(["x", "y"]);
    expect(seen).toEqual([true, false]);
  });

  it("the handler compresses responses to an uncompressed request, message by message", async () => {
    const client = await start();
    plan = { encoding: "gzip", perMessage: [true, false, true] };
    const flags: boolean[] = [];
    const nums: number[] = [];
    for await (const m of client.serverStream({ text }, { onResponseMessage: (f) => flags.push(f.compressed) })) nums.push(m.num);
    expect(plan.chosen).toBe(true);
    expect(seen).toEqual([false]);
    expect(nums).toEqual([0, 1, 2]);
    expect(flags).toEqual([true, false, true]);
  });

  it("setMessageCompression(false) leaves a unary response uncompressed under a grpc-encoding", async () => {
    const client = await start({ sendCompression: GZIP });
    plan = { perMessage: [false] };
    const flags: boolean[] = [];
    expect(await client.unary({ text }, { onResponseMessage: (f) => flags.push(f.compressed) })).toEqual({ text, num: 1 });
    expect(flags).toEqual([false]);
  });

  it("setResponseCompression returns false when the client does not accept the encoding", async () => {
    const client = await start({ acceptCompression: [] });
    plan = { encoding: "gzip" };
    const flags: boolean[] = [];
    expect(await client.unary({ text }, { onResponseMessage: (f) => flags.push(f.compressed) })).toEqual({ text, num: 0 });
    expect(plan.chosen).toBe(false);
    expect(flags).toEqual([false]);
  });

  it("setResponseCompression throws for an unknown encoding and once headers are sent", async () => {
    const errors: string[] = [];
    h = await startHarness((server) =>
      server.add(TestService, {
        async unary(req, ctx) {
          try {
            ctx.setResponseCompression("br");
          } catch (e) {
            errors.push((e as Error).message);
          }
          ctx.sendHeader();
          try {
            ctx.setResponseCompression("gzip");
          } catch (e) {
            errors.push((e as Error).message);
          }
          return req;
        },
        async *serverStream() {},
        async clientStream() {
          return {};
        },
        async *bidi() {},
      }),
    );
    await createClient(TestService, h.channel).unary({ text: "x" });
    expect(errors).toEqual(['unsupported compression "br"', "response headers were already sent"]);
  });

  it("an unknown per-call compression is a TypeError; a throwing onResponseMessage cancels the call", async () => {
    const client = await start();
    await expect(client.unary({ text }, { sendCompression: "br" })).rejects.toThrow(TypeError);
    const err = await client
      .unary(
        { text },
        {
          onResponseMessage: () => {
            throw new Error("boom");
          },
        },
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.Cancelled);
  });
});
