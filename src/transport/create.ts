/**
 * Picks a transport by name, for the `transport` option of servers and
 * channels.
 */
import type * as http2 from "node:http2";
import { NodeHttp2ClientConnection } from "./node-http2/client.js";
import { NodeHttp2ServerTransport } from "./node-http2/server.js";
import type { ClientConnection, ClientConnectionOptions, ServerTransport, ServerTransportOptions, TransportName } from "./types.js";

/** The transport used when none is named. */
export const DEFAULT_TRANSPORT: TransportName = "node:http2";

export function createServerTransport(
  name: TransportName | undefined,
  options: ServerTransportOptions & { readonly http2: http2.ServerOptions | undefined },
): ServerTransport {
  const chosen = checkName(name ?? DEFAULT_TRANSPORT);
  if (chosen === "node:http2") return new NodeHttp2ServerTransport(options);
  throw new TypeError('the "wiregrpc" transport is not available yet');
}

export function createClientConnection(
  name: TransportName | undefined,
  options: ClientConnectionOptions & { readonly http2: http2.ClientSessionOptions | undefined },
): ClientConnection {
  const chosen = checkName(name ?? DEFAULT_TRANSPORT);
  if (chosen === "node:http2") return new NodeHttp2ClientConnection(options);
  throw new TypeError('the "wiregrpc" transport is not available yet');
}

/** Validates a transport name given at run time (from JavaScript, or a config file). */
export function checkName(name: string): TransportName {
  if (name !== "wiregrpc" && name !== "node:http2") {
    throw new TypeError(`unknown transport ${JSON.stringify(name)}: expected "wiregrpc" or "node:http2"`);
  }
  return name;
}
