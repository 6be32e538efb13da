/**
 * A server speaking raw HTTP/2 frames over TCP, for what node:http2 cannot
 * be made to send: an RST_STREAM with any error code in the middle of a
 * response (node's stream.close() half-closes first, so the client sees a
 * clean END_STREAM). It answers every request with response headers
 * (":status 200", "content-type application/grpc"), the given DATA bytes,
 * then RST_STREAM with `rstCode`.
 */
import * as net from "node:net";

const PREFACE_LENGTH = 24; // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
const enum FrameType {
  Data = 0x0,
  Headers = 0x1,
  RstStream = 0x3,
  Settings = 0x4,
}

function frame(type: number, flags: number, streamId: number, payload: Uint8Array): Buffer {
  const head = Buffer.alloc(9);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = type;
  head[4] = flags;
  head.writeUInt32BE(streamId, 5);
  return Buffer.concat([head, payload]);
}

/** HPACK: ":status: 200" (static index 8), then "content-type" (static name 31) as a literal. */
const RESPONSE_HEADER_BLOCK = Buffer.concat([
  Buffer.from([0x88, 0x0f, 0x10, "application/grpc".length]),
  Buffer.from("application/grpc"),
]);

export async function frameServer(data: Uint8Array, rstCode: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    socket.write(frame(FrameType.Settings, 0, 0, new Uint8Array(0)));
    let buffer = Buffer.alloc(0);
    let prefaceSeen = false;
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!prefaceSeen) {
        if (buffer.length < PREFACE_LENGTH) return;
        buffer = buffer.subarray(PREFACE_LENGTH);
        prefaceSeen = true;
      }
      while (buffer.length >= 9) {
        const length = buffer.readUIntBE(0, 3);
        if (buffer.length < 9 + length) return;
        const type = buffer[3]!;
        const flags = buffer[4]!;
        const streamId = buffer.readUInt32BE(5) & 0x7fff_ffff;
        buffer = buffer.subarray(9 + length);
        if (type === FrameType.Settings && (flags & 0x1) === 0) {
          socket.write(frame(FrameType.Settings, 0x1, 0, new Uint8Array(0)));
        } else if (type === FrameType.Headers) {
          socket.write(frame(FrameType.Headers, 0x4, streamId, RESPONSE_HEADER_BLOCK));
          socket.write(frame(FrameType.Data, 0, streamId, data));
          const code = Buffer.alloc(4);
          code.writeUInt32BE(rstCode);
          socket.write(frame(FrameType.RstStream, 0, streamId, code));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
