// The interop matrix's sides: which implementation plays client and server,
// what each peer cannot express (and why), and how peer processes are run.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { CASES } from "../../interop/cases.js";
import { TEST_HOST_OVERRIDE } from "../../interop/certs.js";
import { debianPython, interopDir } from "./peers.js";
import { run, stop } from "./process-helpers.js";

export type Side = "wiregrpc" | "grpc-js" | "grpcio";
export type Security = "plaintext" | "tls";
export type CaseName = string;

export interface Pair {
  readonly client: Side;
  readonly server: Side;
}

/** Our client against every server, and every peer client against our server. */
export const PAIRS: readonly Pair[] = [
  { client: "wiregrpc", server: "wiregrpc" },
  { client: "wiregrpc", server: "grpc-js" },
  { client: "wiregrpc", server: "grpcio" },
  { client: "grpc-js", server: "wiregrpc" },
  { client: "grpcio", server: "wiregrpc" },
];

export const CASE_NAMES: readonly CaseName[] = [...CASES.keys()];

const NO_COMPRESSED_REQUEST_GRPC_JS =
  "grpc-js server: CompressedRequest cannot be expressed (grpc-js decompresses before the handler and hides grpc-encoding, so a handler cannot tell whether a request message was compressed)";
const NO_COMPRESSED_RESPONSE_GRPC_JS = "grpc-js server: CompressedResponse cannot be expressed (grpc-js servers never compress responses)";
const NO_COMPRESSED_REQUEST_GRPCIO =
  "grpcio server: CompressedRequest cannot be expressed (a servicer cannot tell whether a request message was compressed)";
const NO_PER_MESSAGE_GRPCIO = "grpcio client: no per-message compression switch on a request stream (the case sends one compressed, one uncompressed message)";

/** What a side cannot express in a role: case -> reason. Such cells are n/a. */
const NOT_EXPRESSIBLE: Readonly<Record<`${Side} ${"client" | "server"}`, Readonly<Record<CaseName, string>>>> = {
  "wiregrpc client": {},
  "wiregrpc server": {},
  "grpc-js client": {},
  "grpc-js server": {
    client_compressed_unary: NO_COMPRESSED_REQUEST_GRPC_JS,
    client_compressed_streaming: NO_COMPRESSED_REQUEST_GRPC_JS,
    server_compressed_unary: NO_COMPRESSED_RESPONSE_GRPC_JS,
    server_compressed_streaming: NO_COMPRESSED_RESPONSE_GRPC_JS,
  },
  "grpcio client": { client_compressed_streaming: NO_PER_MESSAGE_GRPCIO },
  "grpcio server": {
    client_compressed_unary: NO_COMPRESSED_REQUEST_GRPCIO,
    client_compressed_streaming: NO_COMPRESSED_REQUEST_GRPCIO,
  },
};

/** Why a case is n/a for a pair, or undefined when both sides can express it. */
export function notExpressible(pair: Pair, name: CaseName): string | undefined {
  return NOT_EXPRESSIBLE[`${pair.client} client`][name] ?? NOT_EXPRESSIBLE[`${pair.server} server`][name];
}

/** The standard interop client flags for a server on 127.0.0.1. */
export function clientFlags(port: number, security: Security): string[] {
  const flags = ["--server_host=127.0.0.1", `--server_port=${port}`];
  if (security === "tls") flags.push("--use_tls=true", "--use_test_ca=true", `--server_host_override=${TEST_HOST_OVERRIDE}`);
  return flags;
}

/** What a peer client printed for one case. */
export interface PeerResult {
  readonly case: string;
  readonly result: "pass" | "fail" | "n/a";
  readonly reason?: string;
  readonly note?: string;
}

/** How to start a peer's program, with the environment its stubs need. */
function command(side: Exclude<Side, "wiregrpc">, role: "client" | "server"): { file: string; args: string[]; cwd: string } {
  if (side === "grpc-js") {
    const cwd = join(interopDir, "grpc-js");
    return { file: process.execPath, args: [join(cwd, `interop-${role}.mjs`)], cwd };
  }
  const cwd = join(interopDir, "grpcio");
  return { file: debianPython, args: ["-u", join(cwd, `interop_${role}.py`)], cwd };
}

/** Runs a peer client over `cases` and parses its JSON lines. */
export async function runPeerClient(
  side: Exclude<Side, "wiregrpc">,
  flags: string[],
  cases: readonly CaseName[],
  env: NodeJS.ProcessEnv,
): Promise<{ results: Map<CaseName, PeerResult>; stderr: string; code: number | null }> {
  const { file, args, cwd } = command(side, "client");
  const r = await run(file, [...args, ...flags, `--test_case=${cases.join(",")}`], { cwd, env, timeoutMs: 120_000 });
  const results = new Map<CaseName, PeerResult>();
  for (const line of r.stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    const parsed = JSON.parse(line) as PeerResult;
    results.set(parsed.case, parsed);
  }
  return { results, stderr: r.stderr, code: r.code };
}

/** A running peer server. */
export interface PeerServer {
  readonly port: number;
  stop(): Promise<void>;
}

/** Starts a peer server on 127.0.0.1, port 0, and waits for its "listening on port N". */
export function startPeerServer(side: Exclude<Side, "wiregrpc">, security: Security, env: NodeJS.ProcessEnv): Promise<PeerServer> {
  const { file, args, cwd } = command(side, "server");
  const flags = ["--host=127.0.0.1", "--port=0", ...(security === "tls" ? ["--use_tls=true"] : [])];
  const child: ChildProcess = spawn(file, [...args, ...flags], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise<PeerServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop(child);
      reject(new Error(`${side} server did not start in 20 s: ${output}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const m = /listening on port (\d+)/.exec(output);
      if (m === null) return;
      clearTimeout(timer);
      resolve({ port: Number(m[1]), stop: () => stop(child) });
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${side} server exited with ${code}: ${output}`));
    });
  });
}
