import type { Metadata, MetadataInit } from "../http2/metadata.js";

/** Options of one client call. */
export interface CallOptions {
  /** Time allowed for the whole call; sent as grpc-timeout and enforced here too. */
  readonly timeoutMs?: number;
  /** An absolute deadline (Date or Date.now() milliseconds); the earlier of this and timeoutMs wins. */
  readonly deadline?: Date | number;
  /** Cancels the call: the stream is reset (RST_STREAM CANCEL) and the call fails with CANCELLED. */
  readonly signal?: AbortSignal;
  /** Custom request metadata. */
  readonly metadata?: MetadataInit;
  /** Called with the response headers' metadata when they arrive (not for Trailers-Only answers). */
  readonly onHeader?: (header: Metadata) => void;
  /** Called with the trailers' metadata when they arrive, on success and on error alike. */
  readonly onTrailer?: (trailer: Metadata) => void;
}
