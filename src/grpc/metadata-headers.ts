import type { HeaderFields, HeaderList } from "../http2/headers.js";
import { isBinaryKey, Metadata } from "./metadata.js";

/**
 * Moving Custom-Metadata in and out of HTTP/2 header blocks.
 * Binary values travel as base64: we send it unpadded and accept both
 * (PROTOCOL-HTTP2.md: "Implementations MUST accept padded and un-padded
 * values and should emit un-padded values").
 */

/** Base64 without "=" padding. */
export function encodeBinaryHeader(value: Uint8Array): string {
  const s = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64");
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x3d) end--;
  return end === s.length ? s : s.slice(0, end);
}

/**
 * Decodes one header value of a "-bin" key. A value may hold several
 * comma-separated base64 strings (duplicate headers joined by a proxy), each
 * padded or not.
 */
export function decodeBinaryHeader(value: string): Uint8Array[] {
  const parts = value.includes(",") ? value.split(",") : [value];
  return parts.map((p) => new Uint8Array(Buffer.from(p.trim(), "base64")));
}

/** Header names that belong to the protocol, not to the application's metadata. */
function isProtocolHeader(name: string): boolean {
  if (name.charCodeAt(0) === 0x3a /* ":" */) return true;
  switch (name) {
    case "content-type":
    case "te":
    case "grpc-timeout":
    case "grpc-encoding":
    case "grpc-accept-encoding":
    case "grpc-message-type":
    case "grpc-status":
    case "grpc-message":
    case "grpc-status-details-bin":
    case "connection":
    case "keep-alive":
    case "proxy-connection":
    case "transfer-encoding":
    case "upgrade":
      return true;
    default:
      return false;
  }
}

/**
 * Builds Metadata from a received header block ([name, value, name,
 * value, ...], names already lower-case), leaving out protocol headers.
 * Repeated headers stay apart, in order.
 */
export function metadataFromRawHeaders(rawHeaders: HeaderList): Metadata {
  const md = new Metadata();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (isProtocolHeader(name)) continue;
    const value = rawHeaders[i + 1]!;
    if (isBinaryKey(name)) {
      for (const bytes of decodeBinaryHeader(value)) md.appendUnchecked(name, bytes);
    } else {
      md.appendUnchecked(name, value);
    }
  }
  return md;
}

/**
 * Writes metadata into an outgoing header object. A key with several values
 * becomes an array, which the transport sends as repeated header fields.
 */
export function writeMetadata(md: Metadata, headers: HeaderFields): void {
  for (const [key, values] of md.rawEntries()) {
    if (values.length === 1) {
      headers[key] = headerValue(values[0]!);
    } else {
      headers[key] = values.map(headerValue);
    }
  }
}

function headerValue(value: string | Uint8Array): string {
  return typeof value === "string" ? value : encodeBinaryHeader(value);
}
