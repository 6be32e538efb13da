/**
 * Parses the address `server.listen` takes: "host:port", "[ipv6]:port",
 * ":port" (every interface) or a bare port number.
 */
export function parseListenAddress(address: string | number): { host: string | undefined; port: number } {
  if (typeof address === "number") return { host: undefined, port: checkPort(address, String(address)) };
  const colon = address.lastIndexOf(":");
  if (colon < 0) throw new TypeError(`listen address ${JSON.stringify(address)} has no port ("host:port")`);
  let host = address.slice(0, colon);
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  const portText = address.slice(colon + 1);
  if (!/^[0-9]{1,5}$/.test(portText)) throw new TypeError(`invalid port in listen address ${JSON.stringify(address)}`);
  return { host: host === "" ? undefined : host, port: checkPort(Number(portText), address) };
}

function checkPort(port: number, text: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TypeError(`invalid port in listen address ${JSON.stringify(text)}`);
  return port;
}
