/**
 * The interop client, with the command line of the standard interop clients
 * (doc/interop-test-descriptions.md, "Client"):
 *
 *   npm run interop-client -- --server_port=10000 --test_case=large_unary
 *   npm run interop-client -- --server_host=127.0.0.1 --server_port=10000 \
 *     --use_tls=true --use_test_ca=true --server_host_override=foo.test.google.fr --test_case=all
 *
 * --test_case takes one name, a comma-separated list, or "all". Each case
 * prints "PASS <case>" on stdout, or "FAIL <case>: <reason>" (one line) on
 * stderr. Exits 0 when every case passed, 1 when one failed, 2 on bad flags.
 */
import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { pathToFileURL } from "node:url";
import { connect, createClient, RpcError, codeName, type Channel } from "../src/rpc/index.js";
import { CaseFailure, CASES, DEFAULT_SOAK, selectCases, type CaseEnv, type SoakOptions } from "./cases.js";
import { loadTestCerts } from "./certs.js";
import { FlagError, parseFlags, usage, type ParsedFlags } from "./flags.js";
import { TestService, UnimplementedService } from "./gen/grpc/testing/test.js";

export const CLIENT_FLAGS = {
  server_host: { kind: "string", help: "server host to connect to (default localhost)" },
  server_host_override: { kind: "string", help: "host name claimed in TLS (SNI and certificate check); default --server_host" },
  server_port: { kind: "int", help: "server port to connect to (required)" },
  test_case: { kind: "string", help: 'case to run: a name, a comma-separated list, or "all" (default large_unary)' },
  use_tls: { kind: "bool", help: "connect with TLS (default false)" },
  use_test_ca: { kind: "bool", help: "trust interop/certs/ca.pem instead of the system's root CAs (default false)" },
  soak_iterations: { kind: "int", help: `rpc_soak/channel_soak: calls to make (default ${DEFAULT_SOAK.iterations})` },
  soak_max_failures: { kind: "int", help: `soaks: iterations allowed to fail (default ${DEFAULT_SOAK.maxFailures})` },
  soak_per_iteration_max_acceptable_latency_ms: {
    kind: "int",
    help: `soaks: slower iterations count as failed (default ${DEFAULT_SOAK.maxLatencyMs})`,
  },
  soak_overall_timeout_seconds: { kind: "int", help: `soaks: time limit for all iterations (default ${DEFAULT_SOAK.overallTimeoutSeconds})` },
  soak_min_time_ms_between_rpcs: { kind: "int", help: `soaks: least time from one call's start to the next (default ${DEFAULT_SOAK.minTimeMsBetweenRpcs})` },
  soak_request_size: { kind: "int", help: `soaks: request payload bytes (default ${DEFAULT_SOAK.requestSize})` },
  soak_response_size: { kind: "int", help: `soaks: response payload bytes (default ${DEFAULT_SOAK.responseSize})` },
  help: { kind: "bool", help: "print this help" },
} as const;

export type ClientFlags = ParsedFlags<typeof CLIENT_FLAGS>;

/** Where and how to connect, from the flags. */
export function channelFactory(flags: ClientFlags): () => Channel {
  if (flags.server_port === undefined) throw new FlagError("--server_port is required");
  const host = flags.server_host ?? "localhost";
  const target = `${flags.use_tls === true ? "https" : "http"}://${isIP(host) === 6 ? `[${host}]` : host}:${flags.server_port}`;
  if (flags.use_tls !== true) return () => connect(target);
  const tls: ConnectionOptions = {
    // "Clients must not disable certificate checking": only the trusted roots change.
    ...(flags.use_test_ca === true ? { ca: loadTestCerts().ca } : {}),
    ...(flags.server_host_override !== undefined ? { servername: flags.server_host_override } : {}),
  };
  return () => connect(target, { tls });
}

export function soakOptions(flags: ClientFlags): SoakOptions {
  return {
    iterations: flags.soak_iterations ?? DEFAULT_SOAK.iterations,
    maxFailures: flags.soak_max_failures ?? DEFAULT_SOAK.maxFailures,
    maxLatencyMs: flags.soak_per_iteration_max_acceptable_latency_ms ?? DEFAULT_SOAK.maxLatencyMs,
    overallTimeoutSeconds: flags.soak_overall_timeout_seconds ?? DEFAULT_SOAK.overallTimeoutSeconds,
    minTimeMsBetweenRpcs: flags.soak_min_time_ms_between_rpcs ?? DEFAULT_SOAK.minTimeMsBetweenRpcs,
    requestSize: flags.soak_request_size ?? DEFAULT_SOAK.requestSize,
    responseSize: flags.soak_response_size ?? DEFAULT_SOAK.responseSize,
  };
}

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  /** One line: why the case failed. */
  readonly reason?: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly soak?: SoakOptions;
  /** A case still running after this fails ("timed out"); its channel is closed without waiting. Default 60 s. */
  readonly caseTimeoutMs?: number;
  /** Told about each case as it ends. */
  readonly onResult?: (r: CaseResult) => void;
}

/** Runs cases one after the other, each on a fresh channel (closed afterwards), and reports each. */
export async function runCases(names: readonly string[], newChannel: () => Channel, options: RunOptions = {}): Promise<CaseResult[]> {
  const soak = options.soak ?? DEFAULT_SOAK;
  const timeoutMs = options.caseTimeoutMs ?? 60_000;
  const results: CaseResult[] = [];
  for (const name of names) {
    const run = CASES.get(name);
    if (run === undefined) throw new Error(`unknown test case ${JSON.stringify(name)}`);
    const channel = newChannel();
    const env: CaseEnv = {
      test: createClient(TestService, channel),
      unimplemented: createClient(UnimplementedService, channel),
      newChannel,
      clientsOn: (c) => ({ test: createClient(TestService, c) }),
      soak,
    };
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new CaseFailure(`timed out after ${timeoutMs} ms`));
      }, timeoutMs);
    });
    let result: CaseResult;
    try {
      await Promise.race([run(env), timeout]);
      result = { name, passed: true, ms: performance.now() - start };
    } catch (e) {
      result = { name, passed: false, reason: oneLine(e), ms: performance.now() - start };
    } finally {
      clearTimeout(timer);
      // A hung call would keep a graceful close waiting; after a timeout, let it go.
      if (timedOut) void channel.close();
      else await channel.close();
    }
    results.push(result);
    options.onResult?.(result);
  }
  return results;
}

/** A failure as one line: RpcErrors with their code, control characters escaped. */
function oneLine(e: unknown): string {
  const text = e instanceof RpcError ? `unexpected ${codeName(e.code)}: ${e.rawMessage}` : e instanceof Error ? e.message : String(e);
  return text.replace(/[\r\n\t]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/** The whole program: flags in, exit code out. */
export async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(usage("interop-client", CLIENT_FLAGS));
    return 0;
  }
  let names: string[];
  let newChannel: () => Channel;
  let flags: ClientFlags;
  try {
    flags = parseFlags(argv, CLIENT_FLAGS);
    newChannel = channelFactory(flags);
    names = selectCases(flags.test_case ?? "large_unary");
  } catch (e) {
    console.error(`interop-client: ${(e as Error).message}`);
    if (e instanceof FlagError) console.error(usage("interop-client", CLIENT_FLAGS));
    return 2;
  }
  const results = await runCases(names, newChannel, {
    soak: soakOptions(flags),
    onResult: (r) => {
      if (r.passed) console.log(`PASS ${r.name} (${r.ms.toFixed(0)} ms)`);
      else console.error(`FAIL ${r.name}: ${r.reason}`);
    },
  });
  return results.every((r) => r.passed) ? 0 : 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
