// The gRPC interop test cases (doc/interop-test-descriptions.md) across
// implementations, plaintext and TLS: our client against our server, a
// grpc-js TestService server and a Python grpcio one; grpc-js and grpcio
// clients against our server. Every cell both sides can express must pass;
// the rest are n/a with the reason. The matrix is printed at the end.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { channelFactory, runCases, type CaseResult } from "../../interop/client.js";
import { loadTestCerts, TEST_HOST_OVERRIDE } from "../../interop/certs.js";
import { createInteropServer } from "../../interop/test-service.js";
import type { Server } from "../../src/rpc/index.js";
import {
  CASE_NAMES,
  clientFlags,
  notExpressible,
  PAIRS,
  runPeerClient,
  startPeerServer,
  type CaseName,
  type Pair,
  type PeerResult,
  type PeerServer,
  type Security,
  type Side,
} from "./interop-matrix-peers.js";
import { Matrix, pairLabel } from "./interop-matrix-report.js";
import { debianPython, grpcJs, inCI, pythonGrpc } from "./peers.js";
import { run } from "./process-helpers.js";

const SECURITIES: readonly Security[] = ["plaintext", "tls"];
const matrix = new Matrix(CASE_NAMES, PAIRS, SECURITIES);
const available: Record<Side, { available: boolean; reason: string }> = {
  wiregrpc: { available: true, reason: "" },
  "grpc-js": grpcJs(),
  grpcio: pythonGrpc(),
};

/** Python stubs, generated once for every grpcio process (see grpcio/testing_stubs.py). */
let stubsDir = "";
const peerEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GRPC_TESTING_STUBS: stubsDir, PYTHONDONTWRITEBYTECODE: "1" });

beforeAll(async () => {
  if (!available.grpcio.available) return;
  stubsDir = mkdtempSync(join(tmpdir(), "wiregrpc-grpc-testing-"));
  const gen = await run(
    debianPython,
    ["-m", "grpc_tools.protoc", "-I/usr/share/grpc-proto", `--python_out=${stubsDir}`, `--grpc_python_out=${stubsDir}`, "grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto"],
    { timeoutMs: 60_000 },
  );
  expect(gen.code, gen.stderr).toBe(0);
});

afterAll(() => {
  if (stubsDir !== "") rmSync(stubsDir, { recursive: true, force: true });
  console.log(matrix.render());
});

/** Our server, on 127.0.0.1, port 0. */
async function startOurServer(security: Security): Promise<{ server: Server; port: number }> {
  const server = createInteropServer(security === "tls" ? { tls: loadTestCerts() } : {});
  const port = await server.listen("127.0.0.1:0");
  return { server, port };
}

/** Records n/a cells and returns the cases the pair can express. */
function expressible(security: Security, pair: Pair): CaseName[] {
  const out: CaseName[] = [];
  for (const name of CASE_NAMES) {
    const reason = notExpressible(pair, name);
    if (reason === undefined) out.push(name);
    else matrix.set(security, pair, name, { status: "n/a", detail: reason });
  }
  return out;
}

function record(security: Security, pair: Pair, name: CaseName, passed: boolean, detail: string | undefined): void {
  matrix.set(security, pair, name, { status: passed ? "pass" : "FAIL", ...(detail !== undefined ? { detail } : {}) });
}

for (const security of SECURITIES) {
  describe(`interop matrix, ${security}`, () => {
    for (const pair of PAIRS) {
      const peer = pair.client === "wiregrpc" ? pair.server : pair.client;
      const missing = !available[peer].available;
      describe.skipIf(missing)(pairLabel(pair), () => {
        const cases = expressible(security, pair);
        if (pair.client === "wiregrpc") ourClientAgainst(security, pair, cases);
        else peerClientAgainstOurServer(security, pair, cases);
      });
      if (missing && !inCI) {
        for (const name of CASE_NAMES) matrix.set(security, pair, name, { status: "skipped", detail: available[peer].reason });
      }
    }
  });
}

/** Our client, in this process, one case at a time, against our server or a peer server. */
function ourClientAgainst(security: Security, pair: Pair, cases: readonly CaseName[]): void {
  let port = 0;
  let stopServer: () => Promise<void> = async () => {};
  beforeAll(async () => {
    if (pair.server === "wiregrpc") {
      const ours = await startOurServer(security);
      port = ours.port;
      stopServer = () => ours.server.close(0);
    } else {
      const peer: PeerServer = await startPeerServer(pair.server, security, peerEnv());
      port = peer.port;
      stopServer = () => peer.stop();
    }
  });
  afterAll(() => stopServer());

  for (const name of cases) {
    it(name, async () => {
      const newChannel = channelFactory({
        server_host: "127.0.0.1",
        server_port: port,
        ...(security === "tls" ? { use_tls: true, use_test_ca: true, server_host_override: TEST_HOST_OVERRIDE } : {}),
      });
      const [result] = (await runCases([name], newChannel, { caseTimeoutMs: 20_000 })) as [CaseResult];
      record(security, pair, name, result.passed, result.reason);
      expect(result.passed, result.reason).toBe(true);
    });
  }
}

/** A peer client process over every expressible case at once, against our server. */
function peerClientAgainstOurServer(security: Security, pair: Pair, cases: readonly CaseName[]): void {
  let results = new Map<CaseName, PeerResult>();
  let failure = "";
  beforeAll(async () => {
    const { server, port } = await startOurServer(security);
    try {
      const r = await runPeerClient(pair.client as Exclude<Side, "wiregrpc">, clientFlags(port, security), cases, peerEnv());
      results = r.results;
      failure = `exit ${r.code}; stderr: ${r.stderr.trim().split("\n").slice(-3).join(" / ")}`;
    } finally {
      await server.close(0);
    }
  });

  for (const name of cases) {
    it(name, () => {
      const r = results.get(name);
      const passed = r?.result === "pass";
      const detail = r === undefined ? `no result from the ${pair.client} client (${failure})` : passed ? r.note : r.reason;
      record(security, pair, name, passed, detail);
      expect(passed, detail).toBe(true);
    });
  }
}
