// The seed's own Python server and client (test/interop/seed, unmodified)
// against our client and our server. Both use 127.0.0.1:8000, as the seed
// hard-codes it, so the two cases run one after the other.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, createClient } from "../../src/rpc/index.js";
import { createRecoServer } from "../../examples/reco/server.js";
import { UserRecommend } from "../../examples/reco/gen/reco.js";
import { debianPython, interopDir, pythonGrpc, repoRoot } from "./peers.js";
import { run, stop, waitForPort } from "./process-helpers.js";

const python = pythonGrpc();
const SEED_PORT = 8000;

describe.skipIf(!python.available)("the seed's Python code", () => {
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wiregrpc-seed-"));
    // The seed imports test_pb2 / test_pb2_grpc: generate them as the seed does, from our reco.proto.
    copyFileSync(join(repoRoot, "proto", "reco.proto"), join(dir, "test.proto"));
    for (const f of ["server_rpc.py", "client_rpc.py"]) copyFileSync(join(interopDir, "seed", f), join(dir, f));
    const gen = await run(debianPython, ["-m", "grpc_tools.protoc", "-I.", "--python_out=.", "--grpc_python_out=.", "test.proto"], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("client_rpc.py gets the seed's answer from our server", async () => {
    const server = createRecoServer();
    await server.listen(`127.0.0.1:${SEED_PORT}`);
    try {
      const r = await run(debianPython, ["client_rpc.py"], { cwd: dir, timeoutMs: 30_000 });
      expect(r.code, r.stderr).toBe(0);
      // Python prints the UserResponse in protobuf text format.
      expect(r.stdout).toContain('exposer: "exposure"');
      expect(r.stdout).toMatch(/time_stamp: \d{13}/);
      const ids = [...r.stdout.matchAll(/article_id: (\d+)/g)].map((m) => Number(m[1]));
      expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(r.stdout.match(/click: "click param"/g)).toHaveLength(10);
      expect(r.stdout.match(/collect: "collect param"/g)).toHaveLength(10);
      expect(r.stdout.match(/read: "read param"/g)).toHaveLength(10);
    } finally {
      await server.close();
    }
  });

  it("our client gets the seed's answer from server_rpc.py", async () => {
    const child: ChildProcess = spawn(debianPython, ["server_rpc.py"], { cwd: dir, env: { ...process.env, PYTHONUNBUFFERED: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let printed = "";
    child.stdout!.on("data", (c: Buffer) => (printed += c.toString()));
    const channel = connect(`http://127.0.0.1:${SEED_PORT}`);
    try {
      await waitForPort(SEED_PORT);
      const client = createClient(UserRecommend, channel);
      const before = Date.now();
      const res = await client.userRecommend({ userId: 1n, channelId: 2, articleNum: 10, timeStamp: BigInt(before) }, { timeoutMs: 10_000 });
      expect(res.exposer).toBe("exposure");
      expect(Number(res.timeStamp)).toBeGreaterThanOrEqual(before - 1000);
      expect(res.recommends.map((a) => a.articleId)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n, 9n, 10n]);
      for (const a of res.recommends) expect(a.track).toEqual({ click: "click param", collect: "collect param", share: "", read: "read param" });
      // The seed's handler prints channel_id, user_id, article_num.
      await new Promise((r) => setTimeout(r, 200));
      expect(printed).toContain("2 1 10");
    } finally {
      await channel.close();
      await stop(child);
    }
  });
});
