import { findHeader, type HeaderFields, type HeaderList } from "../http2/headers.js";
import { Code, isCode, type Status } from "./code.js";
import { encodeBinaryHeader } from "./metadata-headers.js";
import { decodeGrpcMessage, encodeGrpcMessage } from "./percent-encoding.js";

/**
 * The status part of Trailers (PROTOCOL-HTTP2.md, "Trailers"):
 * `grpc-status` (decimal, no leading zeros), `grpc-message` (percent-encoded)
 * and, for rich errors, `grpc-status-details-bin`.
 */

export const GRPC_STATUS = "grpc-status";
export const GRPC_MESSAGE = "grpc-message";
export const GRPC_STATUS_DETAILS_BIN = "grpc-status-details-bin";

/** A status read from trailers, with the raw google.rpc.Status bytes if any. */
export interface ReceivedStatus extends Status {
  readonly detailsBin?: Uint8Array;
}

/** Adds status fields to a header block (trailers, or a Trailers-Only response). */
export function writeStatus(headers: HeaderFields, code: Code, message: string, detailsBin?: Uint8Array): void {
  headers[GRPC_STATUS] = STATUS_STRINGS[code] ?? String(code);
  if (message !== "") headers[GRPC_MESSAGE] = encodeGrpcMessage(message);
  if (detailsBin !== undefined) headers[GRPC_STATUS_DETAILS_BIN] = encodeBinaryHeader(detailsBin);
}

const STATUS_STRINGS: readonly string[] = Array.from({ length: 17 }, (_, i) => String(i));

/**
 * Reads the status from trailers or a Trailers-Only header block. Returns
 * undefined when there is no `grpc-status` at all (the caller then falls back
 * to the HTTP status). A value that is not a plain decimal number gives
 * INTERNAL; a number outside 0..16 gives UNKNOWN, as the code is meaningless
 * to us (grpc/grpc doc/statuscodes.md).
 */
export function readStatus(headers: HeaderList): ReceivedStatus | undefined {
  const value = findHeader(headers, GRPC_STATUS);
  if (value === undefined) return undefined;
  const rawMessage = allValues(headers, GRPC_MESSAGE);
  let message = rawMessage === undefined ? "" : decodeGrpcMessage(rawMessage);
  let code: Code;
  if (!/^[0-9]{1,10}$/.test(value)) {
    code = Code.Internal;
    message = `malformed grpc-status ${JSON.stringify(value)}${message === "" ? "" : `: ${message}`}`;
  } else {
    const n = Number(value);
    code = isCode(n) ? n : Code.Unknown;
  }
  const detailsRaw = findHeader(headers, GRPC_STATUS_DETAILS_BIN);
  if (detailsRaw !== undefined && detailsRaw !== "") {
    return { code, message, detailsBin: new Uint8Array(Buffer.from(detailsRaw, "base64")) };
  }
  return { code, message };
}

/** Every value of a repeated field joined by "," (as a proxy would have joined them), or undefined. */
function allValues(headers: HeaderList, name: string): string | undefined {
  let joined: string | undefined;
  for (let i = 0; i + 1 < headers.length; i += 2) {
    if (headers[i] === name) joined = joined === undefined ? headers[i + 1]! : `${joined},${headers[i + 1]!}`;
  }
  return joined;
}
