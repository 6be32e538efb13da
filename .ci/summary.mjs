// Prints CI's last line, "N passed, M failed[, K skipped]", from vitest's JSON
// report, and exits 1 unless everything passed. A test file that failed to
// load, or failed outside its tests (a hook, a top-level throw), has no
// failed test of its own: it counts as one failure, so the line never reads
// "0 failed" for a run that failed.
import { readFileSync } from "node:fs";

/** The summary line and whether the run passed, for a parsed vitest JSON report. */
export function summarize(report) {
  let failedFiles = 0;
  for (const file of report.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === "failed").length;
    if (file.status === "failed" && failedTests === 0) failedFiles++;
  }
  const passed = report.numPassedTests;
  const failed = report.numFailedTests + failedFiles;
  const skipped = report.numPendingTests + report.numTodoTests;
  const line = `${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : "");
  const ok = report.numTotalTests > 0 && failed === 0 && report.numFailedTestSuites === 0;
  return { line, ok };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const reportPath = process.argv[2];
  let report;
  try {
    report = JSON.parse(readFileSync(reportPath, "utf8"));
  } catch (e) {
    console.log(`the test report ${reportPath} could not be read (${e.message})`);
    console.log("0 passed, 1 failed");
    process.exit(1);
  }
  const { line, ok } = summarize(report);
  console.log(line);
  process.exit(ok ? 0 : 1);
}
