import { Code, codeName } from "../grpc/code.js";
import { Metadata, type MetadataInit } from "../grpc/metadata.js";
import type { ErrorDetail } from "../grpc/status-details.js";

/** Every option may be `undefined` too (as with exactOptionalPropertyTypes off). */
export interface RpcErrorOptions {
  /** Sent as trailers by a server; the received trailers on a client. */
  readonly metadata?: MetadataInit | undefined;
  /** google.rpc.Status details, sent in grpc-status-details-bin. */
  readonly details?: readonly ErrorDetail[] | undefined;
  readonly cause?: unknown;
}

/**
 * The one error of the RPC layer: a status code, a message, and what came
 * with them. A handler throws it to answer with a status; a client call
 * rejects with it, whatever went wrong (a status from the server, a
 * connection failure, a deadline, a cancellation).
 */
export class RpcError extends Error {
  override name = "RpcError";
  readonly code: Code;
  /** The status message as sent or received, without the code name in front. */
  readonly rawMessage: string;
  readonly metadata: Metadata;
  readonly details: readonly ErrorDetail[];

  constructor(code: Code, message = "", options?: RpcErrorOptions) {
    super(message === "" ? codeName(code) : `${codeName(code)}: ${message}`, { cause: options?.cause });
    this.code = code;
    this.rawMessage = message;
    this.metadata = options?.metadata instanceof Metadata ? options.metadata : new Metadata(options?.metadata);
    this.details = options?.details ?? [];
  }
}

/** The message a server sends instead of the text of an exception that is not an RpcError. */
export const UNEXPECTED_ERROR_MESSAGE = "the handler failed with an error that is not an RpcError";

/**
 * What a server answers for anything a handler throws: an RpcError as it is;
 * anything else becomes UNKNOWN, keeping the original as `cause` but never
 * sending its text (it may hold secrets or internals).
 */
export function rpcErrorFromThrown(thrown: unknown): RpcError {
  if (thrown instanceof RpcError) return thrown;
  return new RpcError(Code.Unknown, UNEXPECTED_ERROR_MESSAGE, { cause: thrown });
}

/** An RpcError as it is; anything else wrapped with `code` (for failures inside this library). */
export function asRpcError(thrown: unknown, code: Code = Code.Internal): RpcError {
  if (thrown instanceof RpcError) return thrown;
  return new RpcError(code, thrown instanceof Error ? thrown.message : String(thrown), { cause: thrown });
}
