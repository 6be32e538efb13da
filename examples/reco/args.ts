// The example's two flags: --host and --port (also --host=... and --port=...).
export interface Address {
  host: string;
  port: number;
}

/** A command-line mistake: the examples print its message and exit 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

export const USAGE = "usage: [--host HOST] [--port PORT]";

export function parseAddress(argv: readonly string[], defaults: Address = { host: "127.0.0.1", port: 8000 }): Address {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (flag !== "--host" && flag !== "--port") throw new UsageError(`unknown argument ${JSON.stringify(arg)}; ${USAGE}`);
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value; ${USAGE}`);
    if (flag === "--host") {
      out.host = value;
    } else {
      if (!/^\d+$/.test(value) || Number(value) > 65535) throw new UsageError(`--port ${JSON.stringify(value)} is not a port number (0-65535)`);
      out.port = Number(value);
    }
  }
  return out;
}
