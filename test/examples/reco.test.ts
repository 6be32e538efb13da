// The UserRecommend example as a newcomer meets it: the seed's answer, a
// bound on article_num that keeps one request from knocking the server over,
// and one clear line (no stack trace) for the ordinary mistakes of running it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer as createTcpServer, type AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecoServer, MAX_ARTICLE_NUM } from "../../examples/reco/server.js";
import { UserRecommend } from "../../examples/reco/gen/reco.js";
import { Code, connect, createClient, RpcError, type Channel } from "../../src/rpc/index.js";
import { INSTALL, requirement } from "../requirements.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const serverJs = `${root}dist/examples/reco/server.js`;
const clientJs = `${root}dist/examples/reco/client.js`;
const built = requirement("dist/ (the build)", existsSync(serverJs) && existsSync(clientJs), INSTALL.build);

describe("UserRecommend: article_num", () => {
  const server = createRecoServer({ quiet: true });
  let channel: Channel;
  beforeAll(async () => {
    const port = await server.listen("127.0.0.1:0");
    channel = connect(`http://127.0.0.1:${port}`);
  });
  afterAll(async () => {
    await channel.close();
    await server.close();
  });

  it.each([0, -5, 1, 10, MAX_ARTICLE_NUM])("%i articles are answered as the seed does", async (n) => {
    const res = await createClient(UserRecommend, channel).userRecommend({ userId: 1n, channelId: 2, articleNum: n });
    expect(res.exposer).toBe("exposure");
    expect(res.recommends.length).toBe(Math.max(n, 0));
    if (n > 0) expect(res.recommends[n - 1]).toEqual({ articleId: BigInt(n), track: { click: "click param", collect: "collect param", share: "", read: "read param" } });
  });

  it.each([MAX_ARTICLE_NUM + 1, 2147483647])("%i articles are INVALID_ARGUMENT, at once", async (n) => {
    const started = Date.now();
    const call = createClient(UserRecommend, channel).userRecommend({ userId: 1n, articleNum: n });
    await expect(call).rejects.toMatchObject({ code: Code.InvalidArgument, rawMessage: `article_num ${n} is above the limit of ${MAX_ARTICLE_NUM}` });
    await expect(call).rejects.toBeInstanceOf(RpcError);
    expect(Date.now() - started).toBeLessThan(1000);
    // The server is still serving.
    const ok = await createClient(UserRecommend, channel).userRecommend({ articleNum: 1 });
    expect(ok.recommends.length).toBe(1);
  });
});

/** Runs a built example; resolves with its exit code and output. */
function run(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", timeout: 20_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectOneLine(text: string, pattern: RegExp): void {
  const lines = text.trim().split("\n");
  expect(lines, text).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(text).not.toMatch(/^\s+at /m);
}

describe.skipIf(!built)("npm start and npm run client: mistakes print one line", () => {
  it("--port abc", () => {
    const r = run(serverJs, ["--port", "abc"]);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /^server: --port "abc" is not a port number/);
  });

  it("an unknown flag", () => {
    const r = run(clientJs, ["--prot", "9000"]);
    expect(r.status).toBe(2);
    expectOneLine(r.stderr, /^client: unknown argument "--prot"/);
  });

  it("a port that is in use", async () => {
    const busy = createTcpServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const r = run(serverJs, ["--port", String(port)]);
      expect(r.status).toBe(1);
      expectOneLine(r.stderr, new RegExp(`^server: cannot listen on 127\\.0\\.0\\.1:${port}: the address is already in use`));
    } finally {
      busy.close();
    }
  });

  it("npm run client with no server", async () => {
    const free = createTcpServer();
    await new Promise<void>((resolve) => free.listen(0, "127.0.0.1", resolve));
    const port = (free.address() as AddressInfo).port;
    await new Promise<void>((resolve) => free.close(() => resolve()));
    const r = run(clientJs, ["--port", String(port)]);
    expect(r.status).toBe(1);
    expectOneLine(r.stderr, /^client: the call failed with UNAVAILABLE: .*ECONNREFUSED.*npm start/);
  });

  it("the server prints its address, one line per call, and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [serverJs, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    const listening = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", () => {
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });
    const r = await new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const c = spawn(process.execPath, [clientJs, "--port", listening], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      c.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
      c.once("exit", (status) => resolve({ status, stdout }));
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("exposer: 'exposure'");
    expect(r.stdout.match(/articleId: \d+n/g)).toHaveLength(10);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(out).toMatch(/^2 1 10$/m); // channel_id user_id article_num, as the seed prints
    const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
  });
});
