// Our HTTP/2 engine against independent HTTP/2 implementations, on loopback,
// both ways: nghttp2's h2load and nghttp, curl and python-hyper's h2 as
// clients of our server; nghttpd and h2 as servers for our client.
// (grpc-js and Python grpcio run on our engine in test/interop.)
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeEnvelope } from "../../src/grpc/envelope.js";
import type { Http2Stream } from "../../src/http2/connection/stream.js";
import { connectHttp2 } from "../../src/http2/endpoint/client.js";
import { findHeader } from "../../src/http2/headers.js";
import { createServer, type Server } from "../../src/rpc/server.js";
import { debianPython } from "../interop/peers.js";
import { commandWorks, INSTALL, requirement } from "../requirements.js";
import { Echo, TestService } from "../rpc/test-service.js";

const run = promisify(execFile);
const here = new URL(".", import.meta.url).pathname;

const haveNghttp2 = requirement("nghttp2's h2load, nghttp and nghttpd (Debian nghttp2-client, nghttp2-server)", commandWorks("h2load", ["--version"]) && commandWorks("nghttpd", ["--version"]), INSTALL.nghttp2);
const haveCurl = requirement("curl with HTTP/2 (Debian curl)", commandWorks("curl", ["--version"]), INSTALL.curl);
const haveH2 = requirement("python-hyper h2 for /usr/bin/python3 (Debian python3-h2)", commandWorks(debianPython, ["-c", "import h2"]), INSTALL.pythonH2);

const tmp = mkdtempSync(join(tmpdir(), "wiregrpc-h2peers-"));
const request = Echo.encode({ text: "hello", num: 7 });
const body = encodeEnvelope(request);
const bodyFile = join(tmp, "body.bin");
writeFileSync(bodyFile, body);

let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer({ transport: "wiregrpc" }).add(TestService, {
    async unary(req: Echo) {
      return req;
    },
    async *serverStream() {},
    async clientStream() {
      return { text: "", num: 0 };
    },
    async *bidi() {},
  });
  const port = await server.listen("127.0.0.1:0");
  url = `http://127.0.0.1:${port}/test.Test/Unary`;
});

afterAll(async () => {
  await server.close(0);
  rmSync(tmp, { recursive: true, force: true });
});

describe("clients of our server", () => {
  it.skipIf(!haveNghttp2)("h2load: 2,000 gRPC calls on 4 connections, 10 streams each at a time, all succeed", async () => {
    const { stdout } = await run("h2load", ["-n", "2000", "-c", "4", "-m", "10", "-d", bodyFile, "-H", "content-type: application/grpc", "-H", "te: trailers", url]);
    expect(stdout).toMatch(/requests: 2000 total, 2000 started, 2000 done, 2000 succeeded, 0 failed, 0 errored/);
    expect(stdout).toMatch(/status codes: 2000 2xx/);
  });

  it.skipIf(!haveNghttp2)("nghttp: one call, every frame as nghttp prints it, ending with grpc-status 0", async () => {
    const { stdout } = await run("nghttp", ["-v", "-H", ":method: POST", "-H", "content-type: application/grpc", "-H", "te: trailers", "-d", bodyFile, url]);
    expect(stdout).toMatch(/recv SETTINGS frame/);
    expect(stdout).toMatch(/recv \(stream_id=\d+\) :status: 200/);
    expect(stdout).toMatch(/recv \(stream_id=\d+\) grpc-status: 0/);
    expect(stdout).toMatch(/recv HEADERS frame <length=\d+, flags=0x05, stream_id=\d+>/); // trailers: END_STREAM | END_HEADERS
    expect(stdout).toMatch(/send GOAWAY frame/);
    expect(stdout).not.toMatch(/PROTOCOL_ERROR|COMPRESSION_ERROR|FLOW_CONTROL_ERROR/);
  });

  it.skipIf(!haveCurl)("curl --http2-prior-knowledge: the echoed message comes back", async () => {
    const out = join(tmp, "curl.out");
    const { stdout } = await run("curl", [
      "-sS", "--http2-prior-knowledge", "-X", "POST", "-H", "content-type: application/grpc", "-H", "te: trailers",
      "--data-binary", `@${bodyFile}`, "-o", out, "-w", "%{http_version} %{http_code}", url,
    ]);
    expect(stdout).toBe("2 200");
    expect(new Uint8Array(readFileSync(out))).toEqual(new Uint8Array(body));
  });

  it.skipIf(!haveH2)("python h2: 50 calls at once on one connection, each answered with its message and grpc-status 0", async () => {
    const { stdout } = await run(debianPython, [join(here, "peers", "h2_client.py"), new URL(url).port, "/test.Test/Unary", body.toString("hex"), "50"]);
    const lines = stdout.trim().split("\n").map((l) => JSON.parse(l) as { headers: Record<string, string>; data: string; trailers: Record<string, string> });
    expect(lines).toHaveLength(50);
    for (const line of lines) {
      expect(line.headers[":status"]).toBe("200");
      expect(line.headers["content-type"]).toMatch(/^application\/grpc/);
      expect(line.data).toBe(body.toString("hex"));
      expect(line.trailers["grpc-status"]).toBe("0");
    }
  });
});

/** Sends one request on our client engine and collects the response. */
function fetchOn(
  connection: ReturnType<typeof connectHttp2>["connection"],
  headers: Record<string, string>,
  data: Uint8Array | undefined,
): Promise<{ headers: string[]; body: Buffer; trailers: string[] | undefined; resetCode: number | undefined }> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let head: string[] = [];
    let trailers: string[] | undefined;
    const stream: Http2Stream = connection.request(headers, {
      onResponse: (h) => void (head = h),
      onData: (c) => void chunks.push(c),
      onTrailers: (t) => void (trailers = t),
      onEnd() {},
      onDrain() {},
      onClose: (resetCode, error) => {
        if (error !== undefined) reject(error);
        else resolve({ headers: head, body: Buffer.concat(chunks), trailers, resetCode });
      },
    });
    stream.end(data);
  });
}

/** Starts a server process that prints a line with its port, and resolves with it. */
function startPeer(command: string, args: string[], portFrom: (line: string) => number | undefined): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const port = portFrom(line);
      if (port !== undefined) resolve({ child, port });
    });
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code}`)));
  });
}

describe("our client against other servers", () => {
  it.skipIf(!haveNghttp2)("nghttpd: 300 GETs at once (over its 100-stream limit) all come back whole", async () => {
    const docroot = join(tmp, "docroot");
    rmSync(docroot, { recursive: true, force: true });
    await run("mkdir", ["-p", docroot]);
    const content = Buffer.alloc(100_000, "wiregrpc ");
    writeFileSync(join(docroot, "file.txt"), content);
    // nghttpd prints nothing when it is ready; pick a free port and retry the connection instead.
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const child = spawn("nghttpd", ["--no-tls", "-d", docroot, "--max-concurrent-streams=100", String(port)], { stdio: "ignore" });
    try {
      let attempt = 0;
      for (;;) {
        const { connection } = connectHttp2({ origin: `http://127.0.0.1:${port}` });
        try {
          const first = await fetchOn(connection, { ":method": "GET", ":path": "/file.txt" }, undefined);
          expect(findHeader(first.headers, ":status")).toBe("200");
          const all = await Promise.all(Array.from({ length: 300 }, () => fetchOn(connection, { ":method": "GET", ":path": "/file.txt" }, undefined)));
          for (const r of all) {
            expect(findHeader(r.headers, ":status")).toBe("200");
            expect(r.body.equals(content)).toBe(true);
          }
          const missing = await fetchOn(connection, { ":method": "GET", ":path": "/nope" }, undefined);
          expect(findHeader(missing.headers, ":status")).toBe("404");
          connection.close();
          break;
        } catch (e) {
          connection.destroy();
          if (++attempt > 50) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    } finally {
      child.kill();
    }
  });

  it.skipIf(!haveH2)("python h2: requests with bodies, echoed back with trailers", async () => {
    const { child, port } = await startPeer(debianPython, [join(here, "peers", "h2_server.py")], (line) => {
      const m = /^listening (\d+)$/.exec(line);
      return m === null ? undefined : Number(m[1]);
    });
    try {
      const { connection } = connectHttp2({ origin: `http://127.0.0.1:${port}` });
      const sizes = [0, 1, 1000, 40_000];
      const results = await Promise.all(sizes.map((n) => fetchOn(connection, { ":method": "POST", ":path": "/echo" }, new Uint8Array(n).fill(7))));
      results.forEach((r, i) => {
        expect(findHeader(r.headers, ":status")).toBe("200");
        expect(r.body.length).toBe(sizes[i]);
        expect(findHeader(r.trailers ?? [], "x-echo-length")).toBe(String(sizes[i]));
      });
      connection.close();
    } finally {
      child.kill();
    }
  });
});
