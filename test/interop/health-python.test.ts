// A Python grpcio health client (Debian python3-grpcio; stubs generated at
// test time from Debian grpc-proto's health.proto with grpc_tools.protoc)
// against our health service: Check, and Watch through a status change, a
// cancel and a server shutdown.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_EVENTS, runHealthClient, WATCHED } from "./health-driver.js";
import { debianPython, interopDir, pythonGrpc } from "./peers.js";
import { run } from "./process-helpers.js";

const python = pythonGrpc();
const HEALTH_DIR = "/usr/share/grpc-proto/grpc/health/v1";

describe.skipIf(!python.available)("Python grpcio health client -> our server", () => {
  let dir = "";
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "wiregrpc-health-py-"));
    copyFileSync(join(interopDir, "health-peers", "python_client.py"), join(dir, "python_client.py"));
    const gen = await run(debianPython, ["-m", "grpc_tools.protoc", `-I${HEALTH_DIR}`, "--python_out=.", "--grpc_python_out=.", "health.proto"], { cwd: dir });
    expect(gen.code, gen.stderr).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("Check and Watch: SERVING, a change to NOT_SERVING set by the app, cancel, SERVICE_UNKNOWN, shutdown", async () => {
    const r = await runHealthClient(debianPython, (port) => ["python_client.py", String(port), WATCHED], { cwd: dir, env: { ...process.env, PYTHONUNBUFFERED: "1" } });
    expect(r.events, r.stderr).toEqual(EXPECTED_EVENTS);
    expect(r.code, r.stderr).toBe(0);
  });
});
