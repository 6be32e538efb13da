import type { MethodDefinition } from "../codec/message-type.js";
import type { Compression } from "../grpc/compression.js";
import type { Metadata, MetadataValue } from "../grpc/metadata.js";

/**
 * What a handler (and a server interceptor) knows about the call it serves,
 * and how it shapes the response's headers and trailers.
 */
export interface ServerCallContext {
  /** The method being called. */
  readonly method: MethodDefinition;
  /** Custom metadata from the request headers (protocol headers left out). */
  readonly requestMetadata: Metadata;
  /**
   * Aborts when the call is over before the handler is: the client cancelled
   * or reset the stream, the deadline passed, or the server was shut down
   * past its grace period. `signal.reason` is an RpcError (CANCELLED,
   * DEADLINE_EXCEEDED, UNAVAILABLE).
   */
  readonly signal: AbortSignal;
  /** When the call times out, in Date.now() milliseconds; undefined without grpc-timeout. */
  readonly deadline: number | undefined;
  /** The client's address: "127.0.0.1:50123" or "[::1]:50123". */
  readonly peer: string;
  /** Metadata for the response headers; editable until they are sent. */
  readonly responseHeader: Metadata;
  /** Metadata for the trailers; editable until the handler is done. */
  readonly responseTrailer: Metadata;
  /** Appends to the response headers; throws once they are sent. */
  setHeader(key: string, value: MetadataValue): void;
  /** Sends the response headers now, before the first message (or the status). */
  sendHeader(): void;
  /** Appends to the trailers. */
  setTrailer(key: string, value: MetadataValue): void;
  /**
   * Whether the request message the handler received last arrived
   * compressed (its Compressed-Flag set). For a stream, it describes the
   * message the request iterator yielded last.
   */
  readonly requestCompressed: boolean;
  /**
   * The encoding response messages are compressed with ("gzip"), undefined
   * for none. By default the request's grpc-encoding when the client also
   * accepts it (grpc-accept-encoding).
   */
  readonly responseCompression: string | undefined;
  /**
   * Chooses the responses' encoding (a Compression or its name; "identity"
   * for none) before the response headers are sent. Returns false, changing
   * nothing, when the client's grpc-accept-encoding does not list it. Throws
   * for an encoding the server does not support, or once headers are sent.
   */
  setResponseCompression(encoding: Compression | string): boolean;
  /**
   * Whether response messages sent from now on are compressed with the
   * response encoding (default true). doc/compression.md lets a sender leave
   * single messages uncompressed (Compressed-Flag 0).
   */
  setMessageCompression(enabled: boolean): void;
}
