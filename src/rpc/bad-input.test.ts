import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_TRANSPORT } from "../transport/create.js";
import { echoBytes, TestService } from "../../test/rpc/test-service.js";
import { rawRequest, rawStatus, startHarness, type Harness } from "../../test/rpc/harness.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import { createClient } from "./client.js";

/**
 * Malformed and hostile requests from raw node:http2 clients: each gets a
 * clear status (or HTTP status), nothing crashes or hangs, and the server
 * keeps serving (checked after every test).
 */
describe("bad input to the server", () => {
  let h: Harness;
  const UNARY = "/test.Test/Unary";

  beforeAll(async () => {
    h = await startHarness(
      (server) =>
        server.add(TestService, {
          async unary(req) {
            return { text: req.text, num: req.num };
          },
          async *serverStream() {},
          async clientStream(requests) {
            let n = 0;
            for await (const _ of requests) n++;
            return { num: n };
          },
          async *bidi() {},
        }),
      { maxReceiveMessageSize: 1024 },
    );
  });
  afterAll(() => h.close());

  async function expectStillServing(): Promise<void> {
    expect(await createClient(TestService, h.channel).unary({ text: "ok" })).toEqual({ text: "ok", num: 0 });
  }

  async function statusOf(headers: Record<string, string>, body: Uint8Array[] = [], end = true) {
    const res = await rawRequest(h.port, { ":path": UNARY, ...headers }, body, end);
    await expectStillServing();
    return { ...rawStatus(res), res };
  }

  it("unknown service -> UNIMPLEMENTED", async () => {
    const s = await statusOf({ ":path": "/no.Such/Method" }, [encodeEnvelope(echoBytes("x"))]);
    expect(s.code).toBe(Code.Unimplemented);
    expect(s.message).toBe("unknown service no.Such");
    expect(s.res.headers[":status"]).toBe(200);
  });

  it("unknown method -> UNIMPLEMENTED", async () => {
    const s = await statusOf({ ":path": "/test.Test/Nope" });
    expect(s.code).toBe(Code.Unimplemented);
    expect(s.message).toBe("unknown method Nope for service test.Test");
  });

  it.each(["application/json", "text/plain", "application/grpc-web+proto"])("content-type %s -> HTTP 415", async (ct) => {
    const s = await statusOf({ "content-type": ct }, [encodeEnvelope(echoBytes("x"))]);
    expect(s.res.headers[":status"]).toBe(415);
  });

  it("GET -> HTTP 405", async () => {
    const s = await statusOf({ ":method": "GET" });
    expect(s.res.headers[":status"]).toBe(405);
  });

  it("a message over the receive limit -> RESOURCE_EXHAUSTED", async () => {
    const s = await statusOf({}, [encodeEnvelope(echoBytes("x".repeat(2000)))]);
    expect(s.code).toBe(Code.ResourceExhausted);
    expect(s.message).toContain("larger than max");
  });

  it("a prefix announcing a huge message is refused before its body arrives", async () => {
    const s = await statusOf({}, [Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff)], false);
    expect(s.code).toBe(Code.ResourceExhausted);
  });

  it("a length prefix announcing more than the stream delivers -> INTERNAL", async () => {
    const frame = encodeEnvelope(echoBytes("hello"));
    const s = await statusOf({}, [frame.subarray(0, frame.length - 2)]);
    expect(s.code).toBe(Code.Internal);
    expect(s.message).toContain("ended in the middle of a message");
  });

  it("a truncated prefix -> INTERNAL", async () => {
    const s = await statusOf({}, [Uint8Array.of(0, 0)]);
    expect(s.code).toBe(Code.Internal);
  });

  it("an invalid flag byte -> INTERNAL", async () => {
    const frame = encodeEnvelope(echoBytes("x"));
    frame[0] = 0x02;
    const s = await statusOf({}, [frame]);
    expect(s.code).toBe(Code.Internal);
  });

  it("the compressed flag without grpc-encoding -> INTERNAL", async () => {
    const s = await statusOf({}, [encodeEnvelope(gzipSync(echoBytes("x")), true)]);
    expect(s.code).toBe(Code.Internal);
    expect(s.message).toContain("without a grpc-encoding");
  });

  it("the compressed flag with grpc-encoding identity -> INTERNAL", async () => {
    const s = await statusOf({ "grpc-encoding": "identity" }, [encodeEnvelope(gzipSync(echoBytes("x")), true)]);
    expect(s.code).toBe(Code.Internal);
  });

  it("an unsupported grpc-encoding -> UNIMPLEMENTED listing the supported ones", async () => {
    const s = await statusOf({ "grpc-encoding": "snappy" }, [encodeEnvelope(echoBytes("x"), true)]);
    expect(s.code).toBe(Code.Unimplemented);
    expect(s.res.headers["grpc-accept-encoding"]).toBe("identity,gzip,deflate");
  });

  it("a gzip message that is not gzip -> INTERNAL", async () => {
    const s = await statusOf({ "grpc-encoding": "gzip" }, [encodeEnvelope(Uint8Array.of(1, 2, 3), true)]);
    expect(s.code).toBe(Code.Internal);
  });

  it("a gzip bomb is not inflated past the limit -> RESOURCE_EXHAUSTED", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const server = await startHarness(
      (s) =>
        s.add(TestService, {
          async unary() {
            return {};
          },
          async *serverStream() {},
          async clientStream() {
            return {};
          },
          async *bidi() {},
        }),
      { maxReceiveMessageSize: 1024 * 1024 },
    );
    try {
      const res = await rawRequest(server.port, { ":path": UNARY, "grpc-encoding": "gzip" }, [encodeEnvelope(bomb, true)]);
      expect(rawStatus(res).code).toBe(Code.ResourceExhausted);
    } finally {
      await server.close();
    }
  });

  it.each(["1", "m", "123456789m", "-5S", "1.5S", "10s", "abc"])("malformed grpc-timeout %j -> INTERNAL (as grpc-go)", async (t) => {
    const s = await statusOf({ "grpc-timeout": t }, [encodeEnvelope(echoBytes("x"))]);
    expect(s.code).toBe(Code.Internal);
    expect(s.message).toContain("malformed grpc-timeout");
  });

  it("an undecodable request -> INTERNAL", async () => {
    // Field 1 (string) announcing 5 bytes with only 1 present.
    const s = await statusOf({}, [encodeEnvelope(Uint8Array.of(0x0a, 0x05, 0x61))]);
    expect(s.code).toBe(Code.Internal);
    expect(s.message).toContain("failed to decode request message test.Echo");
  });

  it("a unary call with zero request messages -> INTERNAL (cardinality, as grpc-go)", async () => {
    const s = await statusOf({}, []);
    expect(s.code).toBe(Code.Internal);
    expect(s.message).toContain("received no request message");
  });

  it("a unary call with two request messages -> INTERNAL (cardinality, as grpc-go)", async () => {
    const s = await statusOf({}, [encodeEnvelope(echoBytes("a")), encodeEnvelope(echoBytes("b"))]);
    expect(s.code).toBe(Code.Internal);
    expect(s.message).toContain("more than one request message");
  });

  it("messages split in 1-byte DATA frames are reassembled", async () => {
    const bytes = Buffer.concat([encodeEnvelope(echoBytes("a")), encodeEnvelope(echoBytes("b")), encodeEnvelope(new Uint8Array(0))]);
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    const res = await rawRequest(h.port, { ":path": "/test.Test/ClientStream" }, chunks);
    expect(rawStatus(res).code).toBe(Code.Ok);
    expect(res.data.subarray(5)).toEqual(Buffer.from(echoBytes("", 3)));
  });

  it("request headers over the limit are refused, and the server goes on", async () => {
    // The channel's session is established (SETTINGS exchanged), so the 16 KiB limit applies;
    // nghttp2 resets the stream with ENHANCE_YOUR_CALM, which the spec maps to RESOURCE_EXHAUSTED.
    await expectStillServing();
    const e = await createClient(TestService, h.channel)
      .unary({}, { metadata: { "x-big": "x".repeat(40 * 1024) } })
      .catch((x: unknown) => x);
    expect(e).toMatchObject({ name: "RpcError", code: Code.ResourceExhausted });
    await expectStillServing();
  });

  it("advertises stream and header limits in SETTINGS", async () => {
    const { connect } = await import("node:http2");
    const session = connect(`http://127.0.0.1:${h.port}`);
    await new Promise((r) => session.once("remoteSettings", r));
    // node:http2 has to advertise more than it serves (it must never see a stream over its own
    // limit); the streams over our 100 are refused one by one (test/http2/defects.test.ts).
    expect(session.remoteSettings.maxConcurrentStreams).toBe(DEFAULT_TRANSPORT === "node:http2" ? 200 : 100);
    expect(session.remoteSettings.maxHeaderListSize).toBe(16 * 1024);
    session.close();
  });
});
