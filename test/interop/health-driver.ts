// The health scenario both real clients (grpc-js, Python grpcio) run against
// our server: Check, Watch with a status change made by the application,
// cancel, Watch of an unknown service, and Watch across a server shutdown.
// The client prints one JSON line per event; we act on some of them.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { stop } from "./process-helpers.js";
import { createShopServer } from "./reflection-shop-server.js";

export type HealthEvent = Record<string, string | number>;

/** The service the clients check and watch: the example's. */
export const WATCHED = "UserRecommend";

/** What a client must print, in order (codes: 0 OK, 1 CANCELLED, 5 NOT_FOUND). */
export const EXPECTED_EVENTS: HealthEvent[] = [
  { check: "", status: "SERVING" },
  { check: WATCHED, status: "SERVING" },
  { check: "nope.Nothing", code: 5 },
  { watch: "SERVING" },
  { watch: "NOT_SERVING" }, // set by the application while the client watches
  { watchEnd: 1 }, // the client cancelled
  { watchUnknown: "SERVICE_UNKNOWN" },
  { watchUnknownEnd: 1 },
  { watchAll: "SERVING" },
  { watchAll: "NOT_SERVING" }, // the server started closing
  { watchAllEnd: 0 }, // and ended the stream
];

export async function runHealthClient(
  command: string,
  args: (port: number) => string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ events: HealthEvent[]; stderr: string; code: number | null }> {
  const { server, health } = createShopServer();
  const port = await server.listen("127.0.0.1:0");
  const child = spawn(command, args(port), { ...options, stdio: ["ignore", "pipe", "pipe"] });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const events: HealthEvent[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      if (line.trim() === "") continue;
      const event = JSON.parse(line) as HealthEvent;
      events.push(event);
      if (event["watch"] === "SERVING") health.setStatus(WATCHED, "NOT_SERVING");
      if (event["watchAll"] === "SERVING") void server.close(10_000);
    }
    return { events, stderr, code: await exited };
  } finally {
    clearTimeout(timer);
    await stop(child);
    await server.close(100);
  }
}
