import type { Compression } from "../grpc/compression.js";
import type { Metadata, MetadataInit } from "../grpc/metadata.js";

/** What a client learns about each response message as it arrives. */
export interface ReceivedMessageInfo {
  /** The message's Compressed-Flag: it was sent compressed with the response's grpc-encoding. */
  readonly compressed: boolean;
  /** Its length on the wire, without the 5-byte prefix (compressed length if compressed). */
  readonly byteLength: number;
}

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
  /**
   * This call's request encoding ("gzip", "deflate" or a Compression), in
   * place of the channel's sendCompression; "identity" sends uncompressed.
   */
  readonly sendCompression?: Compression | string;
  /**
   * Whether the request message at `index` (0-based) is compressed, when the
   * call has a request encoding. Default: all of them. doc/compression.md
   * lets a sender leave single messages uncompressed (Compressed-Flag 0)
   * under a grpc-encoding.
   */
  readonly compressRequest?: (index: number) => boolean;
  /** Called for each response message as it arrives, before it is decompressed and decoded. */
  readonly onResponseMessage?: (info: ReceivedMessageInfo) => void;
}
