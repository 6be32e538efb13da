import { spawnSync } from "node:child_process";
// What a test needs from outside the repository (a peer program, a Debian
// package, the built dist/), and how to get it. Outside CI a missing
// requirement skips its tests with one line naming a command that installs
// it; with CI=true it is a failure, since .ci/run installs everything.
export const inCI = process.env["CI"] === "true";

/** The commands that provide each kind of requirement, as .ci/run runs them. */
export const INSTALL = {
  /** The npm peers of test/interop: grpc-js, proto-loader, grpc-reflection-js, buf. */
  interopPeers: "npm run peers",
  build: "npm run build",
  protoc: "apt-get install protobuf-compiler",
  debianCorpus: "apt-get install libprotobuf-dev grpc-proto",
  python: "apt-get install python3-grpcio python3-grpc-tools",
  nghttp2: "apt-get install nghttp2-client nghttp2-server",
  curl: "apt-get install curl",
  pythonH2: "apt-get install python3-h2",
} as const;

/**
 * Returns `available`; when it is false, warns (or throws in CI) with
 * "skipping: <what> is not installed; run `<install>`".
 */
export function requirement(what: string, available: boolean, install: string): boolean {
  if (!available) {
    const reason = `${what} is not installed; run \`${install}\``;
    if (inCI) throw new Error(`missing in CI: ${reason}`);
    console.warn(`skipping: ${reason}`);
  }
  return available;
}

/** Debian's protoc 3.21 (protobuf-compiler), the judge for descriptors and vectors. */
export function protocAvailable(): boolean {
  return spawnSync("protoc", ["--version"]).status === 0;
}

/** True when `command args` runs and exits 0. */
export function commandWorks(command: string, args: readonly string[]): boolean {
  return spawnSync(command, args, { stdio: "ignore" }).status === 0;
}
