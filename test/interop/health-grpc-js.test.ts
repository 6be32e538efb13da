// A @grpc/grpc-js health client (its own node process) against our health
// service: Check, and Watch through a status change, a cancel and a shutdown.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXPECTED_EVENTS, runHealthClient, WATCHED } from "./health-driver.js";
import { grpcJs, interopDir } from "./peers.js";

const peer = grpcJs();

describe.skipIf(!peer.available)("grpc-js health client -> our server", () => {
  it("Check and Watch: SERVING, a change to NOT_SERVING set by the app, cancel, SERVICE_UNKNOWN, shutdown", async () => {
    const r = await runHealthClient(process.execPath, (port) => [join(interopDir, "health-peers", "grpc-js-client.mjs"), String(port), WATCHED]);
    expect(r.events, r.stderr).toEqual(EXPECTED_EVENTS);
    expect(r.code, r.stderr).toBe(0);
  });
});
