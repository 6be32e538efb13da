/**
 * Picks a transport by name, for the `transport` option of servers and
 * channels.
 */
import type * as http2 from "node:http2";
import type { Http2Limits } from "../http2/connection/limits.js";
import { NodeHttp2ClientConnection } from "./node-http2/client.js";
import { NodeHttp2ServerTransport } from "./node-http2/server.js";
import { WiregrpcClientConnection } from "./wiregrpc/client.js";
import { WiregrpcServerTransport } from "./wiregrpc/server.js";
import type { ClientConnection, ClientConnectionOptions, ServerTransport, ServerTransportOptions, TransportName } from "./types.js";

/**
 * The transport used when none is named: the WIREGRPC_TRANSPORT environment
 * variable if set (so a whole process, or a test run, can switch without
 * code changes), else our own engine.
 */
export const DEFAULT_TRANSPORT: TransportName = defaultTransport(process.env["WIREGRPC_TRANSPORT"]);

function defaultTransport(fromEnv: string | undefined): TransportName {
  if (fromEnv === undefined || fromEnv === "") return "wiregrpc";
  try {
    return checkName(fromEnv);
  } catch {
    throw new TypeError(`WIREGRPC_TRANSPORT=${JSON.stringify(fromEnv)}: expected "wiregrpc" or "node:http2"`);
  }
}

export function createServerTransport(
  name: TransportName | undefined,
  options: ServerTransportOptions & { readonly http2: http2.ServerOptions | undefined; readonly http2Limits: Partial<Http2Limits> | undefined },
): ServerTransport {
  const chosen = checkName(name ?? DEFAULT_TRANSPORT);
  if (chosen === "node:http2") return new NodeHttp2ServerTransport(options);
  return new WiregrpcServerTransport(options);
}

export function createClientConnection(
  name: TransportName | undefined,
  options: ClientConnectionOptions & { readonly http2: http2.ClientSessionOptions | undefined; readonly http2Limits: Partial<Http2Limits> | undefined },
): ClientConnection {
  const chosen = checkName(name ?? DEFAULT_TRANSPORT);
  if (chosen === "node:http2") return new NodeHttp2ClientConnection(options);
  return new WiregrpcClientConnection(options);
}

/** Validates a transport name given at run time (from JavaScript, or a config file). */
export function checkName(name: string): TransportName {
  if (name !== "wiregrpc" && name !== "node:http2") {
    throw new TypeError(`unknown transport ${JSON.stringify(name)}: expected "wiregrpc" or "node:http2"`);
  }
  return name;
}
