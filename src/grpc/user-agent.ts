/**
 * The `user-agent` a client sends (PROTOCOL-HTTP2.md, "User Agents"):
 * "grpc-" Language "-" Variant "/" Version, plus the runtime in parentheses.
 */

/** This library's version; a test checks that it matches package.json. */
export const VERSION = "0.1.0";

/** "grpc-node-wiregrpc/0.1.0 (node v20.19.0)" */
export const USER_AGENT = `grpc-node-wiregrpc/${VERSION} (node ${process.version})`;

/** Puts an application's own product token before ours: "myapp/1.2 grpc-node-wiregrpc/0.1.0 (...)". */
export function userAgent(prefix?: string): string {
  return prefix === undefined || prefix === "" ? USER_AGENT : `${prefix} ${USER_AGENT}`;
}
