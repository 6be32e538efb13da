/**
 * The interop server: grpc.testing.TestService with the command line of the
 * standard interop servers (doc/interop-test-descriptions.md, "Server"):
 *
 *   npm run interop-server -- --port=10000 [--use_tls=true]
 *
 * --host (ours) limits the listening address; by default every interface,
 * as the standard servers listen. It prints "listening on port N" once
 * bound (useful with --port=0) and shuts down cleanly on SIGINT/SIGTERM.
 */
import { pathToFileURL } from "node:url";
import { loadTestCerts } from "./certs.js";
import { FlagError, parseFlags, usage } from "./flags.js";
import { createInteropServer } from "./test-service.js";

export const SERVER_FLAGS = {
  port: { kind: "int", help: "port to listen on (0 picks a free one)" },
  use_tls: { kind: "bool", help: "serve TLS with interop/certs/server1.pem (default false)" },
  host: { kind: "string", help: "address to listen on (default: every interface)" },
  help: { kind: "bool", help: "print this help" },
} as const;

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts the server the flags describe. */
export async function startServer(argv: readonly string[]): Promise<RunningServer> {
  const flags = parseFlags(argv, SERVER_FLAGS);
  if (flags.port === undefined) throw new FlagError("--port is required");
  if (flags.port < 0 || flags.port > 65535) throw new FlagError(`--port out of range: ${flags.port}`);
  const tls = flags.use_tls === true ? loadTestCerts() : undefined;
  const server = createInteropServer(tls === undefined ? {} : { tls });
  const host = flags.host === undefined ? "" : flags.host.includes(":") ? `[${flags.host}]` : flags.host;
  const port = await server.listen(`${host}:${flags.port}`);
  return { port, close: () => server.close(1000) };
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes("--help")) {
    console.log(usage("interop-server", SERVER_FLAGS));
    return 0;
  }
  let running: RunningServer;
  try {
    running = await startServer(argv);
  } catch (e) {
    console.error(`interop-server: ${(e as Error).message}`);
    if (e instanceof FlagError) console.error(usage("interop-server", SERVER_FLAGS));
    return 2;
  }
  console.log(`listening on port ${running.port}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await running.close();
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
