// The example's two flags: --host and --port (also --host=... and --port=...).
export interface Address {
  host: string;
  port: number;
}

export function parseAddress(argv: readonly string[], defaults: Address = { host: "127.0.0.1", port: 8000 }): Address {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i]!.split("=", 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (flag === "--host" && value) out.host = value;
    else if (flag === "--port" && value && /^\d+$/.test(value) && Number(value) < 65536) out.port = Number(value);
    else throw new Error(`usage: [--host HOST] [--port PORT] (got ${argv.join(" ")})`);
  }
  return out;
}
