import { spawn } from "node:child_process";
import * as http2 from "node:http2";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { echoBytes, TestService } from "../../test/rpc/test-service.js";
import { frameServer } from "../../test/rpc/frame-server.js";
import { rawServer } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import { connect, type Channel } from "./channel.js";
import { createClient } from "./client.js";
import { RpcError } from "./rpc-error.js";

/**
 * What a client reports when the server side misbehaves: raw node:http2
 * servers play proxies, broken servers and dying processes. Every failure
 * is an RpcError with a code from the spec's tables and a readable message.
 */
describe("client failures", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function against(onStream: Parameters<typeof rawServer>[0], options?: Parameters<typeof connect>[1]): Promise<Channel> {
    const server = await rawServer(onStream);
    const channel = connect(`http://127.0.0.1:${server.port}`, options);
    cleanups.push(async () => {
      await channel.close();
      await server.close();
    });
    return channel;
  }

  async function unaryError(channel: Channel): Promise<RpcError> {
    const e = await createClient(TestService, channel)
      .unary({ text: "x" })
      .then(
        () => undefined,
        (x: unknown) => x,
      );
    expect(e).toBeInstanceOf(RpcError);
    return e as RpcError;
  }

  const GRPC = { ":status": 200, "content-type": "application/grpc" };

  it("connection refused -> UNAVAILABLE with a readable message", async () => {
    const server = await rawServer(() => {});
    const port = server.port;
    await server.close(); // nothing listens there any more
    const channel = connect(`http://127.0.0.1:${port}`);
    cleanups.push(() => channel.close());
    const e = await unaryError(channel);
    expect(e.code).toBe(Code.Unavailable);
    expect(e.rawMessage).toBe(`failed to connect to http://127.0.0.1:${port}: connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it("a call the server refused unprocessed (REFUSED_STREAM) is sent again transparently, with its metadata and a fresh grpc-timeout", async () => {
    const seen: http2.IncomingHttpHeaders[] = [];
    const channel = await against((s, headers) => {
      seen.push(headers);
      if (seen.length < 3) return void s.close(http2.constants.NGHTTP2_REFUSED_STREAM);
      s.respond(GRPC, { waitForTrailers: true });
      s.on("wantTrailers", () => s.sendTrailers({ "grpc-status": "0" }));
      s.end(encodeEnvelope(echoBytes("third time")));
    });
    const reply = await createClient(TestService, channel).unary({ text: "x" }, { metadata: { "x-id": "7" }, timeoutMs: 5000 });
    expect(reply.text).toBe("third time");
    expect(seen.map((h) => h["x-id"])).toEqual(["7", "7", "7"]);
    expect(seen.every((h) => /^\d+[mu]$/.test(String(h["grpc-timeout"])))).toBe(true);
  });

  it("a server that refuses every attempt: UNAVAILABLE after a bounded number of them", async () => {
    let attempts = 0;
    const channel = await against((s) => {
      attempts++;
      s.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    });
    const e = await unaryError(channel);
    expect(e.code).toBe(Code.Unavailable);
    expect(e.rawMessage).toMatch(/REFUSED_STREAM/);
    expect(attempts).toBe(10);
  });

  it("a refused streaming call is not retried (its messages are gone)", async () => {
    let attempts = 0;
    const channel = await against((s) => {
      attempts++;
      s.close(http2.constants.NGHTTP2_REFUSED_STREAM);
    });
    const e = await createClient(TestService, channel).clientStream([{ text: "a" }]).catch((x: unknown) => x);
    expect((e as RpcError).code).toBe(Code.Unavailable);
    expect(attempts).toBe(1);
  });

  it("a proxy's 502 -> UNAVAILABLE", async () => {
    const channel = await against((s) => s.respond({ ":status": 502, "content-type": "text/html" }, { endStream: true }));
    const e = await unaryError(channel);
    expect(e.code).toBe(Code.Unavailable);
    expect(e.rawMessage).toBe("received HTTP status 502 (Bad Gateway) without grpc-status");
  });

  it("a non-gRPC 200 -> UNKNOWN", async () => {
    const channel = await against((s) => {
      s.respond({ ":status": 200, "content-type": "text/html" });
      s.end("<html>");
    });
    expect((await unaryError(channel)).code).toBe(Code.Unknown);
  });

  it.each([
    [http2.constants.NGHTTP2_INTERNAL_ERROR, Code.Internal, "INTERNAL_ERROR (2)"],
    [http2.constants.NGHTTP2_PROTOCOL_ERROR, Code.Internal, "PROTOCOL_ERROR (1)"],
    [http2.constants.NGHTTP2_REFUSED_STREAM, Code.Unavailable, "REFUSED_STREAM (7)"],
    [http2.constants.NGHTTP2_CANCEL, Code.Cancelled, "CANCEL (8)"],
    [http2.constants.NGHTTP2_ENHANCE_YOUR_CALM, Code.ResourceExhausted, "ENHANCE_YOUR_CALM (11)"],
    [http2.constants.NGHTTP2_INADEQUATE_SECURITY, Code.PermissionDenied, "INADEQUATE_SECURITY (12)"],
  ])("the server resetting the stream mid-call with RST_STREAM %i -> %s", async (rst, code, name) => {
    const server = await frameServer(encodeEnvelope(echoBytes("partial")).subarray(0, 4), rst);
    const channel = connect(`http://127.0.0.1:${server.port}`);
    cleanups.push(async () => {
      await channel.close();
      await server.close();
    });
    const e = await unaryError(channel);
    expect(e.code).toBe(code);
    expect(e.rawMessage).toContain(`stream reset by the server with RST_STREAM code ${name}`);
  });

  it("a stream ended without trailers -> INTERNAL", async () => {
    const channel = await against((s) => {
      s.respond(GRPC);
      s.end(encodeEnvelope(echoBytes("x")));
    });
    const e = await unaryError(channel);
    expect(e.code).toBe(Code.Internal);
  });

  it("trailers without grpc-status -> UNKNOWN", async () => {
    const channel = await against((s) => {
      s.respond(GRPC, { waitForTrailers: true });
      s.on("wantTrailers", () => s.sendTrailers({ "x-other": "1" }));
      s.end(encodeEnvelope(echoBytes("x")));
    });
    expect((await unaryError(channel)).code).toBe(Code.Unknown);
  });

  it("a malformed grpc-status -> INTERNAL", async () => {
    const channel = await against((s) => s.respond({ ...GRPC, "grpc-status": "zero" }, { endStream: true }));
    const e = await unaryError(channel);
    expect(e.code).toBe(Code.Internal);
    expect(e.rawMessage).toContain('malformed grpc-status "zero"');
  });

  it("a Trailers-Only error is read from the headers", async () => {
    const channel = await against((s) => s.respond({ ...GRPC, "grpc-status": "7", "grpc-message": "go%20away" }, { endStream: true }));
    const e = await unaryError(channel);
    expect(e.code).toBe(Code.PermissionDenied);
    expect(e.rawMessage).toBe("go away");
  });

  function answer(messages: Buffer[], headers: http2.OutgoingHttpHeaders = GRPC): Parameters<typeof rawServer>[0] {
    return (s) => {
      s.respond(headers, { waitForTrailers: true });
      s.on("wantTrailers", () => s.sendTrailers({ "grpc-status": "0" }));
      for (const m of messages) s.write(m);
      s.end();
    };
  }

  it("OK with no response message for a unary call -> INTERNAL", async () => {
    const e = await unaryError(await against(answer([])));
    expect(e.code).toBe(Code.Internal);
    expect(e.rawMessage).toContain("received no response message");
  });

  it("OK with two response messages for a unary call -> INTERNAL", async () => {
    const e = await unaryError(await against(answer([encodeEnvelope(echoBytes("a")), encodeEnvelope(echoBytes("b"))])));
    expect(e.code).toBe(Code.Internal);
    expect(e.rawMessage).toContain("more than one response message");
  });

  it("a response over the client's receive limit -> RESOURCE_EXHAUSTED", async () => {
    const channel = await against(answer([encodeEnvelope(echoBytes("y".repeat(5000)))]), { maxReceiveMessageSize: 1000 });
    expect((await unaryError(channel)).code).toBe(Code.ResourceExhausted);
  });

  it("a response compressed with an encoding the client does not know -> INTERNAL", async () => {
    const channel = await against(answer([encodeEnvelope(echoBytes("x"), true)], { ...GRPC, "grpc-encoding": "snappy" }));
    const e = await unaryError(channel);
    expect(e.code).toBe(Code.Internal);
    expect(e.rawMessage).toContain("snappy");
  });

  it("a gzip response is inflated", async () => {
    const channel = await against(answer([encodeEnvelope(gzipSync(echoBytes("zipped")), true)], { ...GRPC, "grpc-encoding": "gzip" }));
    expect(await createClient(TestService, channel).unary({})).toEqual({ text: "zipped", num: 0 });
  });

  it("an undecodable response -> INTERNAL", async () => {
    const e = await unaryError(await against(answer([encodeEnvelope(Uint8Array.of(0x0a, 0x09))])));
    expect(e.code).toBe(Code.Internal);
    expect(e.rawMessage).toContain("failed to decode response message");
  });

  it("a server killed mid-stream -> UNAVAILABLE", async () => {
    // A child process playing a gRPC server that streams forever.
    const child = spawn(
      process.execPath,
      [
        "-e",
        `const http2 = require("node:http2");
         const s = http2.createServer();
         s.on("stream", (st) => {
           st.on("error", () => {});
           st.respond({ ":status": 200, "content-type": "application/grpc" });
           const msg = Buffer.from([0, 0, 0, 0, 2, 0x10, 0x01]);
           setInterval(() => st.write(msg), 5);
         });
         s.listen(0, "127.0.0.1", () => console.log(s.address().port));`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    cleanups.push(async () => {
      child.kill("SIGKILL");
    });
    const port = await new Promise<number>((resolve) => child.stdout.once("data", (d: Buffer) => resolve(Number(String(d).trim()))));
    const channel = connect(`http://127.0.0.1:${port}`);
    cleanups.push(() => channel.close());
    let received = 0;
    const e = await (async () => {
      for await (const m of createClient(TestService, channel).serverStream({})) {
        received += m.num;
        if (received === 3) child.kill("SIGKILL");
      }
    })().catch((x: unknown) => x);
    expect(received).toBeGreaterThanOrEqual(3);
    expect(e).toBeInstanceOf(RpcError);
    expect((e as RpcError).code).toBe(Code.Unavailable);
    expect((e as RpcError).rawMessage).toContain(`the connection to http://127.0.0.1:${port}`);
  });

  it("reconnects after the server closed the connection", async () => {
    const server = await rawServer(answer([encodeEnvelope(echoBytes("ok"))]));
    const channel = connect(`http://127.0.0.1:${server.port}`);
    cleanups.push(async () => {
      await channel.close();
      await server.close();
    });
    const client = createClient(TestService, channel);
    expect((await client.unary({})).text).toBe("ok");
    expect((await client.unary({})).text).toBe("ok");
    expect(server.sessionCount()).toBe(1);
    server.dropSessions();
    await new Promise((r) => setTimeout(r, 50));
    expect((await client.unary({})).text).toBe("ok");
    expect(server.sessionCount()).toBe(2);
  });

  it("opens its connection lazily", async () => {
    const server = await rawServer(answer([encodeEnvelope(echoBytes("ok"))]));
    const channel = connect(`http://127.0.0.1:${server.port}`);
    cleanups.push(async () => {
      await channel.close();
      await server.close();
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(server.sessionCount()).toBe(0);
    await createClient(TestService, channel).unary({});
    expect(server.sessionCount()).toBe(1);
  });
});
