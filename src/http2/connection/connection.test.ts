// One Http2Connection driven frame by frame by a scripted peer (no socket):
// the errors RFC 9113 requires, stream by stream and for the connection,
// and the frames it answers with. Where the RFC says MUST, the section is
// in the test's name.
import { afterEach, describe, expect, it, vi } from "vitest";
import { FramePeer, REQUEST } from "../../../test/http2/frame-peer.js";
import {
  FrameType,
  writeFrame,
  writeGoaway,
  writeHeaders,
  writePing,
  writePriority,
  writePushPromise,
  writeRstStream,
  writeSettings,
  writeWindowUpdate,
} from "../frame/index.js";
import { ErrorCode } from "../error-code.js";

/** A server peer past the handshake, whose streams answer nothing until told. */
function server(options: ConstructorParameters<typeof FramePeer>[0] = {}): FramePeer {
  const peer = new FramePeer(options);
  peer.handshake();
  return peer;
}

/** The GOAWAY line's start, without the debug data. */
const goaway = (last: number, code: string): RegExp => new RegExp(`^GOAWAY last=${last} code=${code} `);

afterEach(() => {
  vi.useRealTimers();
});

describe("preface and SETTINGS (RFC 9113 §3.4, §6.5)", () => {
  it("a server sends SETTINGS first, opens the connection window, and acknowledges the client's SETTINGS", () => {
    const peer = new FramePeer();
    expect(peer.handshake({ initialWindowSize: 1000 })).toEqual([
      "SETTINGS maxConcurrentStreams=100 initialWindowSize=1048576 maxHeaderListSize=16384",
      "WINDOW_UPDATE stream=0 increment=4128769",
      "SETTINGS ACK",
    ]);
    expect(peer.connection.ready).toBe(true);
    expect(peer.connection.flowControl.peerStreamWindow).toBe(1000);
  });

  it("a client sends the preface and SETTINGS with ENABLE_PUSH 0", () => {
    const peer = new FramePeer({ role: "client" });
    expect(peer.frames()).toEqual([
      "SETTINGS enablePush=false maxConcurrentStreams=100 initialWindowSize=1048576 maxHeaderListSize=16384",
      "WINDOW_UPDATE stream=0 increment=4128769",
    ]);
  });

  it("bytes that are not the client preface: GOAWAY PROTOCOL_ERROR (§3.4)", () => {
    const peer = new FramePeer();
    peer.frames();
    peer.receive(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "PROTOCOL_ERROR"))]);
    expect(peer.ended).toBe(true);
  });

  it("a first frame other than SETTINGS: PROTOCOL_ERROR (§3.4)", () => {
    const peer = new FramePeer();
    peer.frames();
    peer.out.append(new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    writePing(peer.out, new Uint8Array(8), false);
    peer.flush();
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "PROTOCOL_ERROR"))]);
  });

  it("no preface within the handshake timeout: GOAWAY SETTINGS_TIMEOUT, and the connection ends", () => {
    vi.useFakeTimers();
    const peer = new FramePeer({ limits: { handshakeTimeoutMs: 500 } });
    peer.frames();
    vi.advanceTimersByTime(499);
    expect(peer.ended).toBe(false);
    vi.advanceTimersByTime(1);
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "SETTINGS_TIMEOUT"))]);
    expect(peer.ended).toBe(true);
  });

  it("our SETTINGS not acknowledged in time: SETTINGS_TIMEOUT (§6.5.3)", () => {
    vi.useFakeTimers();
    const peer = new FramePeer({ limits: { settingsTimeoutMs: 300 } });
    peer.out.append(new TextEncoder().encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
    writeSettings(peer.out, {});
    peer.flush();
    peer.frames();
    vi.advanceTimersByTime(300);
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "SETTINGS_TIMEOUT"))]);
  });

  it("a server that enables push: PROTOCOL_ERROR on the client (§6.5.2)", () => {
    const peer = new FramePeer({ role: "client" });
    peer.frames();
    writeSettings(peer.out, { enablePush: true });
    peer.flush();
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "PROTOCOL_ERROR"))]);
  });

  it("SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1: FLOW_CONTROL_ERROR (§6.5.2)", () => {
    const peer = server();
    writeFrame(peer.out, FrameType.SETTINGS, 0, 0, Uint8Array.of(0, 4, 0x80, 0, 0, 0));
    peer.flush();
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "FLOW_CONTROL_ERROR"))]);
  });

  it("every SETTINGS is acknowledged, and PING is answered with its own data (§6.5.3, §6.7)", () => {
    const peer = server();
    writeSettings(peer.out, { maxFrameSize: 20_000 });
    writePing(peer.out, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), false);
    peer.flush();
    expect(peer.frames()).toEqual(["SETTINGS ACK", "PING data=0102030405060708 ACK"]);
  });
});

describe("streams (RFC 9113 §5.1)", () => {
  it("serves a request: HEADERS, DATA, trailers", () => {
    const peer = server({
      onStream: (r) => {
        r.stream.respond({ ":status": "200", "content-type": "application/grpc" }, false);
        r.stream.end(Uint8Array.of(0, 0, 0, 0, 0), { "grpc-status": "0" });
      },
    });
    peer.sendRequest(1, true);
    expect(peer.frames()).toEqual([
      "HEADERS stream=1 :status=200 content-type=application/grpc",
      "DATA stream=1 data=0000000000 flow=5",
      "HEADERS stream=1 grpc-status=0 END_STREAM",
    ]);
    expect(peer.connection.activeStreams).toBe(0);
  });

  it("delivers DATA and END_STREAM to the stream, in order", () => {
    const peer = server();
    peer.sendRequest(1);
    peer.data(1, 3);
    peer.data(1, 2, true);
    expect(peer.streams.get(1)!.events).toEqual(["data 3", "data 2", "end"]);
  });

  it.each([
    ["DATA on an idle stream", (p: FramePeer) => p.data(5, 1)],
    ["WINDOW_UPDATE on an idle stream", (p: FramePeer) => (writeWindowUpdate(p.out, 5, 1), p.flush())],
    ["RST_STREAM on an idle stream (§6.4)", (p: FramePeer) => (writeRstStream(p.out, 5, 8), p.flush())],
    ["HEADERS on an even stream from a client (§5.1.1)", (p: FramePeer) => p.sendRequest(2)],
    ["a stream id lower than one already opened (§5.1.1)", (p: FramePeer) => (p.sendRequest(7), p.sendRequest(5))],
    ["PUSH_PROMISE from a client (§8.4)", (p: FramePeer) => (writePushPromise(p.out, 1, 2, new Uint8Array(0)), p.flush())],
    ["CONTINUATION without HEADERS (§6.10)", (p: FramePeer) => (writeFrame(p.out, FrameType.CONTINUATION, 4, 1, new Uint8Array(0)), p.flush())],
    ["a broken HPACK block (§4.3): COMPRESSION_ERROR", (p: FramePeer) => (writeFrame(p.out, FrameType.HEADERS, 4 | 1, 1, Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff)), p.flush())],
  ])("%s is a connection error", (_name, act) => {
    const peer = server();
    act(peer);
    const lines = peer.frames();
    expect(lines.at(-1)).toMatch(/^GOAWAY last=\d+ code=(PROTOCOL_ERROR|COMPRESSION_ERROR) /);
    if (_name.includes("COMPRESSION")) expect(lines.at(-1)).toMatch(/COMPRESSION_ERROR/);
    expect(peer.ended).toBe(true);
    expect(peer.closeError).toBeInstanceOf(Error);
  });

  it("HEADERS on a closed stream: STREAM_CLOSED (§5.1)", () => {
    const peer = server({ onStream: (r) => r.stream.end(undefined, { "grpc-status": "0" }) });
    peer.sendRequest(1, true);
    peer.frames();
    peer.sendRequest(1, true);
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(1, "STREAM_CLOSED"))]);
  });

  it("DATA after END_STREAM: stream error STREAM_CLOSED (§5.1, half-closed remote)", () => {
    const peer = server();
    peer.sendRequest(1, true);
    peer.data(1, 1);
    expect(peer.frames()).toEqual(["RST_STREAM stream=1 code=STREAM_CLOSED"]);
    expect(peer.streams.get(1)!.events.at(-1)).toBe(`close code=${ErrorCode.STREAM_CLOSED}`);
    // The connection goes on.
    peer.sendRequest(3);
    expect(peer.streams.has(3)).toBe(true);
  });

  it("frames on a stream we reset are ignored; its window is given back", () => {
    const peer = server({ limits: { connectionWindowSize: 65_535 } });
    peer.sendRequest(1);
    peer.streams.get(1)!.stream.reset(ErrorCode.CANCEL);
    expect(peer.frames()).toEqual(["RST_STREAM stream=1 code=CANCEL"]);
    peer.data(1, 32_768); // half the connection's window: given back in one update
    writeWindowUpdate(peer.out, 1, 10);
    writeRstStream(peer.out, 1, ErrorCode.CANCEL);
    peer.flush();
    expect(peer.frames()).toEqual(["WINDOW_UPDATE stream=0 increment=32768"]);
    expect(peer.connection.closed).toBe(false);
  });

  it("the stream over SETTINGS_MAX_CONCURRENT_STREAMS is refused, the rest go on (§5.1.2)", () => {
    const peer = server({ limits: { maxConcurrentStreams: 2 } });
    peer.sendRequest(1);
    peer.sendRequest(3);
    peer.sendRequest(5);
    expect(peer.frames()).toEqual(["RST_STREAM stream=5 code=REFUSED_STREAM"]);
    expect([...peer.streams.keys()]).toEqual([1, 3]);
    // One ends: there is room again.
    peer.streams.get(1)!.stream.reset(ErrorCode.CANCEL);
    peer.sendRequest(7);
    expect(peer.streams.has(7)).toBe(true);
  });

  it("a client keeps its streams within the server's limit, and opens the waiting ones as others close", () => {
    const peer = new FramePeer({ role: "client" });
    peer.frames();
    writeSettings(peer.out, { maxConcurrentStreams: 1 });
    peer.flush();
    const a = peer.request({ ":method": "POST", ":path": "/a" });
    const b = peer.request({ ":method": "POST", ":path": "/b" });
    const lines = peer.frames();
    expect(lines.filter((l) => l.startsWith("HEADERS"))).toEqual([expect.stringMatching(/^HEADERS stream=1 .*:path=\/a/)]);
    a.stream.reset(ErrorCode.CANCEL);
    expect(peer.frames().filter((l) => !l.startsWith("SETTINGS"))).toEqual([
      "RST_STREAM stream=1 code=CANCEL",
      expect.stringMatching(/^HEADERS stream=3 .*:path=\/b/),
    ]);
    expect(b.stream.id).toBe(3);
  });

  it("trailers without END_STREAM: PROTOCOL_ERROR (§8.1)", () => {
    const peer = server();
    peer.sendRequest(1);
    peer.headers(1, ["x-trailer", "1"], false);
    expect(peer.frames()).toEqual(["RST_STREAM stream=1 code=PROTOCOL_ERROR"]);
  });

  it("a malformed request is refused with PROTOCOL_ERROR and never reaches the application (§8.1.1)", () => {
    const peer = server();
    peer.headers(1, [":method", "POST", ":path", "/x"], false); // no :scheme
    peer.sendRequest(3, false, ["connection", "close"]);
    // Our encoder refuses upper-case names, so this field is written by hand (a literal, §6.2.2).
    writeHeaders(peer.out, 5, Buffer.concat([peer.encoder.encode(REQUEST), Uint8Array.of(0x00, 5), Buffer.from("Upper"), Uint8Array.of(1), Buffer.from("1")]), false);
    peer.flush();
    expect(peer.frames()).toEqual([
      "RST_STREAM stream=1 code=PROTOCOL_ERROR",
      "RST_STREAM stream=3 code=PROTOCOL_ERROR",
      "RST_STREAM stream=5 code=PROTOCOL_ERROR",
    ]);
    expect(peer.streams.size).toBe(0);
  });

  it("DATA beyond content-length: PROTOCOL_ERROR (§8.1.1)", () => {
    const peer = server();
    peer.sendRequest(1, false, ["content-length", "2"]);
    peer.data(1, 3);
    expect(peer.frames()).toEqual(["RST_STREAM stream=1 code=PROTOCOL_ERROR"]);
  });

  it("PRIORITY is accepted and ignored, also for idle streams (§5.3.2)", () => {
    const peer = server();
    writePriority(peer.out, 9, { dependency: 0, weight: 16, exclusive: false });
    peer.flush();
    peer.sendRequest(1);
    expect(peer.frames()).toEqual([]);
    expect(peer.streams.has(1)).toBe(true);
  });

  it("unknown frame types are ignored (§5.5)", () => {
    const peer = server();
    writeFrame(peer.out, 0xfa, 0, 0, Uint8Array.of(1, 2, 3));
    peer.flush();
    expect(peer.frames()).toEqual([]);
    expect(peer.connection.closed).toBe(false);
  });
});

describe("flow control (RFC 9113 §5.2, §6.9)", () => {
  it("DATA beyond the stream's window: stream error FLOW_CONTROL_ERROR", () => {
    const peer = server({ limits: { streamWindowSize: 100 } });
    peer.sendRequest(1);
    peer.data(1, 101);
    expect(peer.frames()).toEqual(["RST_STREAM stream=1 code=FLOW_CONTROL_ERROR"]);
  });

  it("DATA beyond the connection's window: connection error FLOW_CONTROL_ERROR", () => {
    const peer = server({ limits: { connectionWindowSize: 65_535 } });
    peer.sendRequest(1);
    peer.sendRequest(3);
    peer.streams.get(1)!.stream.pause();
    peer.streams.get(3)!.stream.pause();
    peer.data(1, 16_384);
    peer.data(1, 16_384);
    peer.data(3, 16_384);
    peer.data(3, 16_383);
    expect(peer.frames()).toEqual([]); // exactly the 65,535 bytes of the window
    peer.data(3, 1);
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(3, "FLOW_CONTROL_ERROR"))]);
  });

  it("a paused reader gets no WINDOW_UPDATE until it resumes: the sender is held back", async () => {
    const peer = server({ limits: { streamWindowSize: 1000, connectionWindowSize: 65_535 } });
    peer.sendRequest(1);
    const record = peer.streams.get(1)!;
    record.stream.pause();
    peer.data(1, 1000);
    expect(peer.frames()).toEqual([]);
    expect(record.events).toEqual([]);
    record.stream.resume();
    await Promise.resolve();
    expect(record.events).toEqual(["data 1000"]);
    expect(peer.frames()).toEqual(["WINDOW_UPDATE stream=1 increment=1000"]);
  });

  it("WINDOW_UPDATE that takes a stream's window past 2^31-1: stream error FLOW_CONTROL_ERROR", () => {
    const peer = server();
    peer.sendRequest(1);
    writeWindowUpdate(peer.out, 1, 0x7fff_ffff);
    peer.flush();
    expect(peer.frames()).toEqual(["RST_STREAM stream=1 code=FLOW_CONTROL_ERROR"]);
  });

  it("WINDOW_UPDATE that takes the connection's window past 2^31-1: connection error FLOW_CONTROL_ERROR", () => {
    const peer = server();
    writeWindowUpdate(peer.out, 0, 0x7fff_ffff);
    peer.flush();
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "FLOW_CONTROL_ERROR"))]);
  });

  it("a WINDOW_UPDATE of 0: stream error on a stream, connection error on stream 0 (§6.9)", () => {
    const peer = server();
    peer.sendRequest(1);
    writeFrame(peer.out, FrameType.WINDOW_UPDATE, 0, 1, Uint8Array.of(0, 0, 0, 0));
    peer.flush();
    expect(peer.frames()).toEqual(["RST_STREAM stream=1 code=PROTOCOL_ERROR"]);
    writeFrame(peer.out, FrameType.WINDOW_UPDATE, 0, 0, Uint8Array.of(0, 0, 0, 0));
    peer.flush();
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(1, "PROTOCOL_ERROR"))]);
  });

  it("sends no more DATA than the peer's windows allow, and the rest when they open", () => {
    const peer = new FramePeer({
      onStream: (r) => {
        r.stream.respond({ ":status": "200" }, false);
        r.stream.end(new Uint8Array(300), { "grpc-status": "0" });
      },
    });
    peer.handshake({ initialWindowSize: 100 });
    peer.sendRequest(1, true);
    expect(peer.frames()).toEqual(["HEADERS stream=1 :status=200", "DATA stream=1 data=" + "00".repeat(100) + " flow=100"]);
    writeWindowUpdate(peer.out, 1, 50);
    peer.flush();
    expect(peer.frames()).toEqual(["DATA stream=1 data=" + "00".repeat(50) + " flow=50"]);
    // A larger SETTINGS_INITIAL_WINDOW_SIZE grows every open stream's window by the difference (§6.9.2).
    writeSettings(peer.out, { initialWindowSize: 250 });
    peer.flush();
    expect(peer.frames()).toEqual(["SETTINGS ACK", "DATA stream=1 data=" + "00".repeat(150) + " flow=150", "HEADERS stream=1 grpc-status=0 END_STREAM"]);
  });
});

describe("GOAWAY (RFC 9113 §6.8)", () => {
  it("a server closes in two steps: GOAWAY 2^31-1 and a PING, then GOAWAY with the last stream it took", () => {
    const peer = server();
    peer.sendRequest(1);
    peer.connection.close();
    const first = peer.frames();
    expect(first[0]).toMatch(goaway(2147483647, "NO_ERROR"));
    expect(first[1]).toMatch(/^PING data=\w+$/);
    // The client answers the PING; a stream it opened meanwhile is still taken.
    peer.sendRequest(3);
    writePing(peer.out, Buffer.from(first[1]!.slice("PING data=".length), "hex"), true);
    peer.flush();
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(3, "NO_ERROR"))]);
    // Streams above it are refused; the two in flight finish, then the connection ends.
    peer.sendRequest(5);
    expect(peer.frames()).toEqual(["RST_STREAM stream=5 code=REFUSED_STREAM"]);
    expect(peer.ended).toBe(false);
    for (const id of [1, 3]) peer.streams.get(id)!.stream.reset(ErrorCode.NO_ERROR);
    expect(peer.ended).toBe(true);
  });

  it("a client told GOAWAY closes the streams the server did not take with REFUSED_STREAM, and opens no more", () => {
    const peer = new FramePeer({ role: "client" });
    writeSettings(peer.out, {});
    peer.flush();
    const a = peer.request({ ":method": "POST", ":path": "/a" });
    const b = peer.request({ ":method": "POST", ":path": "/b" });
    peer.frames();
    writeGoaway(peer.out, 1, ErrorCode.NO_ERROR);
    peer.flush();
    expect(a.events).toEqual([]);
    expect(b.events).toEqual([`close code=${ErrorCode.REFUSED_STREAM}`]);
    expect(peer.connection.usable).toBe(false);
    expect(() => peer.request({ ":method": "POST", ":path": "/c" })).toThrow(/GOAWAY/);
  });
});

describe("defences (RFC 9113 §10.5)", () => {
  it("rapid reset (CVE-2023-44487): past the budget of streams reset by the client, GOAWAY ENHANCE_YOUR_CALM", () => {
    const peer = server({ limits: { resetBurst: 10, resetRatePerSecond: 0.001 } });
    for (let id = 1; id <= 21; id += 2) {
      peer.sendRequest(id);
      writeRstStream(peer.out, id, ErrorCode.CANCEL);
      peer.flush();
    }
    expect(peer.frames().at(-1)).toMatch(goaway(21, "ENHANCE_YOUR_CALM"));
  });

  it("streams reset after their response began do not count as rapid resets", () => {
    const peer = server({ limits: { resetBurst: 10, resetRatePerSecond: 0.001 }, onStream: (r) => r.stream.respond({ ":status": "200" }, false) });
    for (let id = 1; id <= 41; id += 2) {
      peer.sendRequest(id);
      writeRstStream(peer.out, id, ErrorCode.CANCEL);
      peer.flush();
    }
    expect(peer.frames().filter((l) => l.startsWith("GOAWAY"))).toEqual([]);
    expect(peer.connection.closed).toBe(false);
  });

  it.each([
    ["PING", (p: FramePeer) => writePing(p.out, new Uint8Array(8), false)],
    ["SETTINGS", (p: FramePeer) => writeSettings(p.out, {})],
    ["empty DATA", (p: FramePeer) => writeFrame(p.out, FrameType.DATA, 0, 1, new Uint8Array(0))],
    ["PRIORITY", (p: FramePeer) => writePriority(p.out, 1, { dependency: 0, weight: 1, exclusive: false })],
    ["unknown frames", (p: FramePeer) => writeFrame(p.out, 0xee, 0, 0, new Uint8Array(0))],
  ])("a flood of %s: GOAWAY ENHANCE_YOUR_CALM", (_name, write) => {
    const peer = server({ limits: { idleFrameBurst: 50, idleFrameRatePerSecond: 0.001 } });
    peer.sendRequest(1);
    for (let i = 0; i < 60; i++) write(peer);
    peer.flush();
    expect(peer.frames().at(-1)).toMatch(goaway(1, "ENHANCE_YOUR_CALM"));
  });

  it("an HPACK bomb: the decoded list over the limit answers that request, and the connection goes on", () => {
    const peer = server({ limits: { maxHeaderListSize: 1000 } });
    // One large entry in the dynamic table, then a block referring to it 100 times.
    peer.headers(1, [...REQUEST, "x-big", "x".repeat(500)], true);
    peer.frames();
    const bomb: string[] = [...REQUEST];
    for (let i = 0; i < 100; i++) bomb.push("x-big", "x".repeat(500));
    peer.headers(3, bomb, true);
    expect(peer.frames()).toEqual(["HEADERS stream=3 :status=431 END_STREAM"]);
    expect(peer.streams.has(3)).toBe(false);
    peer.sendRequest(5, true);
    expect(peer.streams.has(5)).toBe(true);
  });

  it("a field block larger than maxHeaderBlockSize (a CONTINUATION flood): connection error", () => {
    const peer = server({ limits: { maxHeaderBlockSize: 20_000 } });
    writeFrame(peer.out, FrameType.HEADERS, 0, 1, new Uint8Array(16_000));
    writeFrame(peer.out, FrameType.CONTINUATION, 0, 1, new Uint8Array(16_000));
    peer.flush();
    expect(peer.frames().at(-1)).toMatch(/^GOAWAY last=\d+ code=\w+ /);
    expect(peer.ended).toBe(true);
  });

  it("a field block left unfinished past the header timeout ends the connection (slow loris)", () => {
    vi.useFakeTimers();
    const peer = server({ limits: { headerTimeoutMs: 1000 } });
    writeFrame(peer.out, FrameType.HEADERS, 0, 1, new Uint8Array(10));
    peer.flush();
    vi.advanceTimersByTime(1000);
    expect(peer.frames().at(-1)).toMatch(goaway(0, "PROTOCOL_ERROR"));
  });

  it("a peer that never reads cannot make us queue PING acknowledgements without bound", () => {
    const peer = server({ limits: { maxUnreadOutput: 1000 } });
    peer.unread = 2000;
    writePing(peer.out, new Uint8Array(8), false);
    peer.flush();
    expect(peer.frames()).toEqual([expect.stringMatching(goaway(0, "ENHANCE_YOUR_CALM"))]);
  });

  it("a stream's writes past its high-water mark return false, and onDrain follows as the window opens", () => {
    const peer = new FramePeer({ limits: { streamHighWaterMark: 100 } });
    peer.handshake({ initialWindowSize: 10 });
    peer.sendRequest(1);
    const record = peer.streams.get(1)!;
    record.stream.respond({ ":status": "200" }, false);
    expect(record.stream.write(new Uint8Array(60))).toBe(true);
    expect(record.stream.write(new Uint8Array(60))).toBe(false);
    peer.frames();
    writeWindowUpdate(peer.out, 1, 200);
    peer.flush();
    peer.frames();
    expect(record.events).toContain("drain");
  });
});

describe("output", () => {
  it("asks its host for one flush however many frames one turn produces", () => {
    const peer = server({ onStream: (r) => r.stream.end(undefined, { "grpc-status": "0" }) });
    peer.flushRequests = 0;
    writePing(peer.out, new Uint8Array(8), false);
    writeSettings(peer.out, {});
    peer.flush();
    peer.sendRequest(1, true);
    peer.sendRequest(3, true);
    expect(peer.flushRequests).toBe(1);
    expect(peer.frames()).toHaveLength(4);
  });
});
