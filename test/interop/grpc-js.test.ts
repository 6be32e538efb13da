// @grpc/grpc-js (a real grpc-js process, with proto-loader) against our
// server, and our client against a grpc-js server: the four call kinds,
// metadata both ways (a -bin trailer too), deadlines, error statuses whose
// messages need percent-encoding, gzip both ways.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, connect, createClient, GZIP, Metadata, RpcError, type Channel } from "../../src/rpc/index.js";
import { createEchoServer } from "./echo-server.js";
import { Echo } from "./gen/echo.js";
import { grpcJs, interopDir } from "./peers.js";
import { run, stop } from "./process-helpers.js";

const peer = grpcJs();
const STATUS_MESSAGE = "précondition: 100% échouée\nline two";
const TRAILER_BYTES = Uint8Array.from([0, 1, 2, 253, 254, 255]);

interface Outcome {
  res?: unknown;
  header?: Record<string, string>;
  trailer?: Record<string, string>;
  size?: number;
  message?: string;
  error?: { code?: number; details?: string; thrown?: string; trailer?: Record<string, string> };
  received?: unknown[];
}

describe.skipIf(!peer.available)("grpc-js client -> our server", () => {
  const server = createEchoServer();
  let results: Record<string, Outcome> = {};
  beforeAll(async () => {
    const port = await server.listen("127.0.0.1:0");
    const r = await run(process.execPath, [join(interopDir, "grpc-js", "client.mjs"), String(port)], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    results = JSON.parse(r.stdout) as Record<string, Outcome>;
  });
  afterAll(() => server.close());

  it("unary", () => expect(results["unary"]!.res).toMatchObject({ message: "hello", index: 0 }));
  it("unary with a 1 MiB payload", () => expect(results["unary_large"]!.size).toBe(1024 * 1024));
  it("server streaming", () => {
    const res = results["server_stream"]!.res as { message: string; index: number }[];
    expect(res.map((m) => m.index)).toEqual([0, 1, 2, 3, 4]);
  });
  it("client streaming", () => expect(results["client_stream"]!.res).toMatchObject({ message: "a,b,c", index: 3 }));
  it("bidi streaming", () => {
    const res = results["bidi"]!.res as { message: string; index: number }[];
    expect(res.map((m) => [m.message, m.index])).toEqual([["m0", 0], ["m1", 1], ["m2", 2]]);
  });
  it("metadata both ways, -bin trailer included", () => {
    const r = results["metadata"]!;
    expect(r.header?.["x-echo-initial"]).toBe("initial value");
    expect(r.trailer?.["x-echo-trailing-bin"]).toBe(`base64:${Buffer.from(TRAILER_BYTES).toString("base64")}`);
  });
  it("error status with a message that needs percent-encoding", () => {
    expect(results["status"]!.error).toMatchObject({ code: Code.FailedPrecondition, details: STATUS_MESSAGE });
  });
  it("deadline exceeded", () => expect(results["deadline"]!.error?.code).toBe(Code.DeadlineExceeded));
  it("gzip request, gzip response", () => expect(results["gzip"]).toMatchObject({ size: 4096, message: "compressed" }));
  it("unknown method is UNIMPLEMENTED", () => expect(results["unimplemented"]!.error?.code).toBe(Code.Unimplemented));
});

describe.skipIf(!peer.available)("our client -> grpc-js server", () => {
  let child: ChildProcess;
  let channel: Channel;
  let gzipChannel: Channel;
  let client: ReturnType<typeof createClient<typeof Echo>>;
  beforeAll(async () => {
    child = spawn(process.execPath, [join(interopDir, "grpc-js", "server.mjs"), "0"], { stdio: ["ignore", "pipe", "inherit"] });
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on("exit", (code) => reject(new Error(`grpc-js server exited with ${code}`)));
    });
    channel = connect(`http://127.0.0.1:${port}`);
    gzipChannel = connect(`http://127.0.0.1:${port}`, { sendCompression: GZIP });
    client = createClient(Echo, channel);
  });
  afterAll(async () => {
    await channel.close();
    await gzipChannel.close();
    await stop(child);
  });

  it("unary", async () => {
    expect(await client.unary({ message: "hello" })).toMatchObject({ message: "hello" });
  });

  it("unary with a 1 MiB payload", async () => {
    const res = await client.unary({ message: "big", payload: new Uint8Array(1024 * 1024).fill(7) });
    expect(res.payload.length).toBe(1024 * 1024);
  });

  it("server streaming", async () => {
    const got: number[] = [];
    for await (const m of client.serverStream({ message: "s", count: 5 })) got.push(m.index);
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it("client streaming", async () => {
    async function* requests() {
      for (const message of ["a", "b", "c"]) yield { message };
    }
    expect(await client.clientStream(requests())).toMatchObject({ message: "a,b,c", index: 3 });
  });

  it("bidi streaming", async () => {
    async function* requests() {
      for (const message of ["m0", "m1", "m2"]) yield { message };
    }
    const got: [string, number][] = [];
    for await (const m of client.bidi(requests())) got.push([m.message, m.index]);
    expect(got).toEqual([["m0", 0], ["m1", 1], ["m2", 2]]);
  });

  it("metadata both ways, -bin trailer included", async () => {
    let header: Metadata | undefined;
    let trailer: Metadata | undefined;
    await client.unary(
      { message: "md" },
      {
        metadata: new Metadata().append("x-echo-initial", "initial value").append("x-echo-trailing-bin", TRAILER_BYTES),
        onHeader: (h) => (header = h),
        onTrailer: (t) => (trailer = t),
      },
    );
    expect(header?.get("x-echo-initial")).toBe("initial value");
    expect(trailer?.getBinary("x-echo-trailing-bin")).toEqual(TRAILER_BYTES);
  });

  it("error status with a message that needs percent-encoding", async () => {
    const err = await client.unary({ statusCode: Code.FailedPrecondition, statusMessage: STATUS_MESSAGE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcError);
    expect((err as RpcError).code).toBe(Code.FailedPrecondition);
    expect((err as RpcError).rawMessage).toBe(STATUS_MESSAGE);
  });

  it("deadline exceeded", async () => {
    const start = Date.now();
    const err = await client.unary({ message: "slow", delayMs: 2000 }, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect((err as RpcError).code).toBe(Code.DeadlineExceeded);
    expect(Date.now() - start).toBeLessThan(1500);
  });

  it("gzip request, gzip response", async () => {
    const gz = createClient(Echo, gzipChannel);
    const res = await gz.unary({ message: "compressed", payload: new Uint8Array(4096).fill(1) });
    expect(res.message).toBe("compressed");
    expect(res.payload.length).toBe(4096);
  });
});
