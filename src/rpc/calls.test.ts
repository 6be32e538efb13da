import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Echo, TestService } from "../../test/rpc/test-service.js";
import { startHarness, type Harness } from "../../test/rpc/harness.js";
import { createClient, type Client } from "./client.js";
import { Code } from "../grpc/code.js";
import { RpcError } from "./rpc-error.js";

/** The four call kinds, end to end over a real loopback connection. */
describe("calls", () => {
  let h: Harness;
  let client: Client<typeof TestService>;

  beforeAll(async () => {
    h = await startHarness((server) =>
      server.add(TestService, {
        async unary(req) {
          return { text: req.text.toUpperCase(), num: req.num + 1 };
        },
        async *serverStream(req) {
          for (let i = 0; i < req.num; i++) yield { text: `${req.text}${i}`, num: i };
        },
        async clientStream(requests) {
          let text = "";
          let num = 0;
          for await (const r of requests) {
            text += r.text;
            num += r.num;
          }
          return { text, num };
        },
        async *bidi(requests) {
          for await (const r of requests) yield { text: r.text + "!", num: r.num * 2 };
        },
      }),
    );
    client = createClient(TestService, h.channel);
  });
  afterAll(() => h.close());

  it("unary", async () => {
    expect(await client.unary({ text: "hi", num: 41 })).toEqual({ text: "HI", num: 42 });
  });

  it("accepts a partial request (the encoder fills defaults)", async () => {
    expect(await client.unary({ text: "x" })).toEqual({ text: "X", num: 1 });
  });

  it("server streaming", async () => {
    const out: Echo[] = [];
    for await (const m of client.serverStream({ text: "m", num: 3 })) out.push(m);
    expect(out).toEqual([
      { text: "m0", num: 0 },
      { text: "m1", num: 1 },
      { text: "m2", num: 2 },
    ]);
  });

  it("server streaming with no messages", async () => {
    const out: Echo[] = [];
    for await (const m of client.serverStream({ num: 0 })) out.push(m);
    expect(out).toEqual([]);
  });

  it("client streaming from an array and from an async generator", async () => {
    expect(await client.clientStream([{ text: "a", num: 1 }, { text: "b", num: 2 }])).toEqual({ text: "ab", num: 3 });
    async function* gen() {
      for (let i = 0; i < 5; i++) yield { text: String(i), num: i };
    }
    expect(await client.clientStream(gen())).toEqual({ text: "01234", num: 10 });
  });

  it("client streaming with no messages", async () => {
    expect(await client.clientStream([])).toEqual({ text: "", num: 0 });
  });

  it("bidi streaming, interleaved", async () => {
    const replies: string[] = [];
    let release: (() => void) | undefined;
    async function* requests() {
      yield { text: "a", num: 1 };
      // Wait until the first reply arrived: the stream really is bidirectional.
      await new Promise<void>((r) => (release = r));
      yield { text: "b", num: 2 };
    }
    for await (const m of client.bidi(requests())) {
      replies.push(`${m.text}${m.num}`);
      release?.();
    }
    expect(replies).toEqual(["a!2", "b!4"]);
  });

  it("many concurrent calls on one connection", async () => {
    const results = await Promise.all(Array.from({ length: 300 }, (_, i) => client.unary({ text: "c", num: i })));
    expect(results.map((r) => r.num)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it("raw access through the channel with a run-time MethodDefinition", async () => {
    const method = { name: "Unary", localName: "unary", path: "/test.Test/Unary", kind: "unary", input: Echo, output: Echo } as const;
    expect(await h.channel.call(method, { text: "raw" })).toEqual({ text: "RAW", num: 1 });
    expect(await h.channel.unary(method, { text: "raw2" })).toEqual({ text: "RAW2", num: 1 });
    const stream = h.channel.call(TestService.methods.serverStream, { text: "s", num: 2 });
    const out: string[] = [];
    for await (const m of stream) out.push(m.text);
    expect(out).toEqual(["s0", "s1"]);
  });

  it("unknown method answers UNIMPLEMENTED", async () => {
    const method = { ...TestService.methods.unary, path: "/test.Test/Nope" };
    const e = await h.channel.unary(method, {}).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe(Code.Unimplemented);
    expect((e as RpcError).rawMessage).toBe("unknown method Nope for service test.Test");
  });
});
