// The interop programs' command lines (interop/client.ts, interop/server.ts),
// run in-process: the standard flags, case lists, TLS with the test CA and a
// host override, exit codes and one-line failure reasons.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CASES, selectCases } from "../../interop/cases.js";
import { TEST_HOST_OVERRIDE } from "../../interop/certs.js";
import { main } from "../../interop/client.js";
import { FlagError, parseFlags } from "../../interop/flags.js";
import { startServer, type RunningServer } from "../../interop/server.js";

describe("interop flags", () => {
  const specs = { port: { kind: "int", help: "" }, use_tls: { kind: "bool", help: "" }, host: { kind: "string", help: "" } } as const;

  it("takes --name=value, --name value and bare booleans", () => {
    expect(parseFlags(["--port=10000", "--host", "::1", "--use_tls"], specs)).toEqual({ port: 10000, host: "::1", use_tls: true });
    expect(parseFlags(["--use_tls=false"], specs)).toEqual({ use_tls: false });
    expect(parseFlags([], specs)).toEqual({});
  });

  it.each([
    [["--prot=1"], "unknown flag --prot"],
    [["--port=ten"], "--port must be an integer"],
    [["--use_tls=yes"], "--use_tls must be true or false"],
    [["--host"], "--host needs a value"],
    [["10000"], "unexpected argument"],
    [["--constructor=1"], "unknown flag --constructor"],
  ])("rejects %j", (argv, message) => {
    expect(() => parseFlags(argv, specs)).toThrow(FlagError);
    expect(() => parseFlags(argv, specs)).toThrow(message);
  });

  it("expands all and comma-separated case lists", () => {
    expect(selectCases("all")).toEqual([...CASES.keys()]);
    expect(selectCases("empty_unary, large_unary")).toEqual(["empty_unary", "large_unary"]);
    expect(() => selectCases("large_unary,nope")).toThrow('unknown test case "nope"');
  });
});

describe("interop-client against interop-server", () => {
  let plain: RunningServer;
  let tls: RunningServer;
  const out: string[] = [];
  const err: string[] = [];

  beforeAll(async () => {
    plain = await startServer(["--port=0", "--host=127.0.0.1"]);
    tls = await startServer(["--port", "0", "--host=127.0.0.1", "--use_tls=true"]);
  });
  afterAll(async () => {
    await plain.close();
    await tls.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    out.length = 0;
    err.length = 0;
  });

  function capture(): void {
    vi.spyOn(console, "log").mockImplementation((line: string) => void out.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => void err.push(line));
  }

  it("runs a list of cases and exits 0", async () => {
    capture();
    const code = await main(["--server_host=127.0.0.1", `--server_port=${plain.port}`, "--test_case=empty_unary,large_unary,ping_pong"]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out.map((l) => l.replace(/ \(\d+ ms\)$/, ""))).toEqual(["PASS empty_unary", "PASS large_unary", "PASS ping_pong"]);
  });

  it("runs over TLS with the test CA and the standard host override", async () => {
    capture();
    const flags = [`--server_port=${tls.port}`, "--server_host=127.0.0.1", "--use_tls", "--use_test_ca=true", `--server_host_override=${TEST_HOST_OVERRIDE}`];
    expect(await main([...flags, "--test_case=large_unary,custom_metadata"])).toBe(0);
    expect(out).toHaveLength(2);
  });

  it("fails TLS without the test CA (certificates are checked), one line per failed case, exit 1", async () => {
    capture();
    const code = await main([`--server_port=${tls.port}`, "--server_host=127.0.0.1", "--use_tls=true", "--test_case=empty_unary"]);
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^FAIL empty_unary: unexpected UNAVAILABLE: .+/);
    expect(err[0]).not.toMatch(/\n/);
  });

  it("fails when nothing listens, exit 1; a wrong host override fails the certificate check", async () => {
    capture();
    const closed = await startServer(["--port=0", "--host=127.0.0.1"]);
    await closed.close();
    expect(await main(["--server_host=127.0.0.1", `--server_port=${closed.port}`, "--test_case=large_unary"])).toBe(1);
    const wrongHost = ["--server_host=127.0.0.1", `--server_port=${tls.port}`, "--use_tls", "--use_test_ca", "--server_host_override=example.com"];
    expect(await main([...wrongHost, "--test_case=empty_unary"])).toBe(1);
    expect(err).toHaveLength(2);
    expect(err[1]).toMatch(/example\.com/);
  });

  it("exits 2 on bad flags and names the problem", async () => {
    capture();
    expect(await main(["--server_port=1", "--test_case=large_unary", "--bogus=1"])).toBe(2);
    expect(err[0]).toBe("interop-client: unknown flag --bogus");
    expect(await main(["--test_case=large_unary"])).toBe(2);
    expect(err.some((l) => l.includes("--server_port is required"))).toBe(true);
  });

  it("the server rejects a missing or bad --port", async () => {
    await expect(startServer([])).rejects.toThrow("--port is required");
    await expect(startServer(["--port=70000"])).rejects.toThrow("--port out of range");
  });
});
