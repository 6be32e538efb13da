// Finding the real peers the interop tests run against. Outside CI a
// missing peer skips its tests with a command that installs it; with CI=true
// it is a failure (CI installs every peer, so a missing one is a broken setup).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { INSTALL, requirement } from "../requirements.js";

export const interopDir = fileURLToPath(new URL(".", import.meta.url));
export const repoRoot = join(interopDir, "..", "..");
export { inCI } from "../requirements.js";

/** Debian's grpcio and grpc_tools belong to /usr/bin/python3, not to a pyenv python3 earlier on PATH. */
export const debianPython = "/usr/bin/python3";

export interface Peer {
  available: boolean;
  reason: string;
}

function peer(available: boolean, what: string, install: string): Peer {
  return { available: requirement(what, available, install), reason: `${what} is not installed; run \`${install}\`` };
}

export function pythonGrpc(): Peer {
  const ok = existsSync(debianPython) && spawnSync(debianPython, ["-c", "import grpc, grpc_tools.protoc"]).status === 0;
  return peer(ok, "Python grpcio and grpc_tools for /usr/bin/python3 (Debian python3-grpcio, python3-grpc-tools)", INSTALL.python);
}

export const bufBinary = join(interopDir, "node_modules", ".bin", "buf");

export function bufCurl(): Peer {
  const ok = existsSync(bufBinary) && spawnSync(bufBinary, ["--version"]).status === 0;
  return peer(ok, "buf (test/interop)", INSTALL.interopPeers);
}

export const grpcJsDir = join(interopDir, "node_modules", "@grpc", "grpc-js");

export function grpcJs(): Peer {
  const ok = existsSync(grpcJsDir) && existsSync(join(interopDir, "node_modules", "@grpc", "proto-loader"));
  return peer(ok, "@grpc/grpc-js and @grpc/proto-loader (test/interop)", INSTALL.interopPeers);
}
