/**
 * The interop programs' test-only TLS files (interop/certs, made by
 * make-certs.sh): the server's certificate and key, and the CA a client
 * trusts with --use_test_ca. The interop descriptions name grpc's own
 * server1.pem and ca.pem; ours play the same roles and name the same test
 * host (*.test.google.fr) for --server_host_override.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The default --server_host_override of gRPC's interop runs, which server1.pem names. */
export const TEST_HOST_OVERRIDE = "foo.test.google.fr";

/** interop/certs, from this file's folder in the sources (interop/) or in the build (dist/interop/). */
export function certsDir(): string {
  for (const relative of ["./certs/", "../../interop/certs/"]) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}ca.pem`)) return dir;
  }
  throw new Error("interop/certs not found next to the interop programs");
}

export interface TestCerts {
  readonly ca: Buffer;
  readonly cert: Buffer;
  readonly key: Buffer;
}

export function loadTestCerts(): TestCerts {
  const dir = certsDir();
  return {
    ca: readFileSync(`${dir}ca.pem`),
    cert: readFileSync(`${dir}server1.pem`),
    key: readFileSync(`${dir}server1.key`),
  };
}
