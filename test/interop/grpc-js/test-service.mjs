// grpc.testing.TestService for the grpc-js interop peers: the protos loaded
// with @grpc/proto-loader (camelCase field names, as grpc-js users get by
// default), the test certificates, and the standard interop flags.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const protoDir = fileURLToPath(new URL("../../../proto", import.meta.url));
const definition = protoLoader.loadSync("grpc/testing/test.proto", {
  includeDirs: [protoDir],
  longs: String,
  enums: Number,
  defaults: true,
  oneofs: true,
});
const testing = grpc.loadPackageDefinition(definition).grpc.testing;
export const TestService = testing.TestService;
export const UnimplementedService = testing.UnimplementedService;
export { grpc };

const certsDir = fileURLToPath(new URL("../../../interop/certs/", import.meta.url));
export const testCerts = () => ({
  ca: readFileSync(`${certsDir}ca.pem`),
  cert: readFileSync(`${certsDir}server1.pem`),
  key: readFileSync(`${certsDir}server1.key`),
});

/** --name=value, --name value, bare --name for booleans; unknown flags are errors. */
export function parseFlags(argv, spec) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z_]+)(?:=(.*))?$/s.exec(argv[i]);
    if (!m || !(m[1] in spec)) throw new Error(`unknown argument ${argv[i]}`);
    const kind = spec[m[1]];
    let text = m[2];
    if (text === undefined) text = kind === "bool" ? "true" : argv[++i];
    if (text === undefined) throw new Error(`--${m[1]} needs a value`);
    out[m[1]] = kind === "bool" ? text === "true" || text === "1" : kind === "int" ? Number(text) : text;
  }
  return out;
}

export const ECHO_INITIAL_KEY = "x-grpc-test-echo-initial";
export const ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin";
