import { defineConfig } from "vitest/config";

/**
 * Every suite runs on our HTTP/2 engine (the default transport); the suites
 * that make calls run a second time on node:http2, so both transports stay
 * green. WIREGRPC_TRANSPORT picks the default transport of every server and
 * channel in the test process and in the processes it starts.
 */
const ALL = ["src/**/*.test.ts", "test/**/*.test.ts"];
const CALLS = [
  "src/rpc/**/*.test.ts",
  "src/services/**/*.test.ts",
  "test/interop/**/*.test.ts",
  "test/examples/**/*.test.ts",
  "test/readme/**/*.test.ts",
  "test/package/**/*.test.ts",
  "test/http2/defects.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "wiregrpc", include: ALL, env: { WIREGRPC_TRANSPORT: "wiregrpc" } } },
      { extends: true, test: { name: "node:http2", include: CALLS, env: { WIREGRPC_TRANSPORT: "node:http2" } } },
    ],
  },
});
