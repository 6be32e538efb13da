import { constants as bufferConstants } from "node:buffer";
import { promisify } from "node:util";
import * as zlib from "node:zlib";
import { Code, type Status } from "./code.js";

/**
 * Message compression (grpc/grpc doc/compression.md). Each message is
 * compressed on its own (no context is kept across messages); the algorithm is
 * named by the `grpc-encoding` header and the Compressed-Flag marks which
 * messages used it.
 */
export interface Compression {
  /** The `grpc-encoding` token: "gzip". */
  readonly name: string;
  compress(data: Uint8Array): Promise<Uint8Array>;
  /**
   * Inflates at most `maxOutputLength` bytes; rejects with a RangeError whose
   * code is "ERR_BUFFER_TOO_LARGE" past that, so a small bomb never becomes a
   * large buffer.
   */
  decompress(data: Uint8Array, maxOutputLength: number): Promise<Uint8Array>;
}

/** The encoding that means "not compressed". */
export const IDENTITY = "identity";

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);
const deflate = promisify(zlib.deflate);
const inflate = promisify(zlib.inflate);

/** The "gzip" encoding (RFC 1952). */
export const GZIP: Compression = {
  name: "gzip",
  compress: (data) => gzip(data),
  decompress: (data, maxOutputLength) => gunzip(data, { maxOutputLength: clampOutput(maxOutputLength) }),
};

/**
 * The "deflate" encoding. As in HTTP (and grpc-go, grpc-java), this is the
 * zlib format (RFC 1950), not raw deflate.
 */
export const DEFLATE: Compression = {
  name: "deflate",
  compress: (data) => deflate(data),
  decompress: (data, maxOutputLength) => inflate(data, { maxOutputLength: clampOutput(maxOutputLength) }),
};

/** zlib rejects a maxOutputLength of 0 or above its own maximum. */
function clampOutput(n: number): number {
  return Math.max(1, Math.min(n, bufferConstants.MAX_LENGTH));
}

/** The algorithms this library knows, by name. */
export const BUILTIN_COMPRESSIONS: readonly Compression[] = [GZIP, DEFLATE];

/** Finds a compression by its `grpc-encoding` token in a list; undefined if absent. */
export function findCompression(list: readonly Compression[], name: string): Compression | undefined {
  for (const c of list) if (c.name === name) return c;
  return undefined;
}

/**
 * The value of `grpc-accept-encoding` advertising `list`: "gzip,deflate".
 * identity is always accepted and not listed (grpc-go does the same).
 */
export function formatAcceptEncoding(list: readonly Compression[]): string {
  return list.map((c) => c.name).join(",");
}

/**
 * Splits a `grpc-accept-encoding` value into tokens ("gzip, deflate" ->
 * ["gzip", "deflate"]). Header joining by proxies may add spaces.
 */
export function parseAcceptEncoding(value: string | undefined): string[] {
  if (value === undefined || value === "") return [];
  return value.split(",").map((token) => token.trim()).filter((token) => token !== "");
}

/**
 * Decompresses one received message under the receive limit, turning every
 * failure into a Status: RESOURCE_EXHAUSTED when the inflated message is over
 * the limit, INTERNAL when the bytes are not valid for the algorithm.
 */
export async function decompressMessage(
  compression: Compression,
  data: Uint8Array,
  maxMessageSize: number,
): Promise<Uint8Array | Status> {
  try {
    const out = await compression.decompress(data, maxMessageSize);
    if (out.byteLength > maxMessageSize) return tooLarge(maxMessageSize);
    return out;
  } catch (e) {
    if (e instanceof RangeError && (e as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") {
      return tooLarge(maxMessageSize);
    }
    return { code: Code.Internal, message: `failed to decompress message with ${compression.name}` };
  }
}

function tooLarge(max: number): Status {
  return { code: Code.ResourceExhausted, message: `decompressed message larger than max (${max} bytes)` };
}
