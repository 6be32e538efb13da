// CI's last line (.ci/summary.mjs) must show a failure when a test file fails
// to load, not "N passed, 0 failed": checked on a real vitest run of a tiny
// project with one passing file and one that cannot load.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { summarize } from "../../.ci/summary.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "wiregrpc-ci-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe(".ci/summary.mjs", () => {
  it("counts a file that failed to load as failed, and exits 1", () => {
    const report = join(out, "report.json");
    const vitest = join(root, "node_modules", "vitest", "vitest.mjs");
    spawnSync(process.execPath, [vitest, "run", "--root", fixtures, "--reporter=json", `--outputFile.json=${report}`], { encoding: "utf8" });
    const summary = spawnSync(process.execPath, [join(root, ".ci", "summary.mjs"), report], { encoding: "utf8" });
    expect(summary.stdout.trim()).toBe("1 passed, 1 failed");
    expect(summary.status).toBe(1);
    expect(JSON.parse(readFileSync(report, "utf8")).numFailedTests).toBe(0); // what the old line printed
  });

  it.each([
    [{ numPassedTests: 3, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numTotalTests: 3, numFailedTestSuites: 0, testResults: [] }, "3 passed, 0 failed", true],
    [{ numPassedTests: 3, numFailedTests: 1, numPendingTests: 2, numTodoTests: 0, numTotalTests: 6, numFailedTestSuites: 1, testResults: [{ status: "failed", assertionResults: [{ status: "failed" }] }] }, "3 passed, 1 failed, 2 skipped", false],
    [{ numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0, numTotalTests: 0, numFailedTestSuites: 0, testResults: [] }, "0 passed, 0 failed", false],
  ])("summarizes %#", (report, line, ok) => {
    expect(summarize(report)).toEqual({ line, ok });
  });

  it("reports an unreadable report as a failure", () => {
    const summary = spawnSync(process.execPath, [join(root, ".ci", "summary.mjs"), join(out, "missing.json")], { encoding: "utf8" });
    expect(summary.stdout.trim().split("\n").pop()).toBe("0 passed, 1 failed");
    expect(summary.status).toBe(1);
  });
});
