import type { MethodDefinition } from "../codec/message-type.js";
import type { Metadata } from "../grpc/metadata.js";
import type { ServerCallContext } from "./call-context.js";
import type { CallOptions } from "./call-options.js";

/**
 * Interceptors wrap calls on either side: `(next) => async (req, ctx) => ...`.
 * They see every kind of call through one signature, so the request and the
 * response are `unknown`; `ctx.method.kind` says which shape they have:
 *
 *   kind               request             response
 *   unary              message             message
 *   server_streaming   message             AsyncIterable<message>
 *   client_streaming   AsyncIterable<msg>  message
 *   bidi_streaming     AsyncIterable<msg>  AsyncIterable<message>
 *
 * An interceptor may return without calling `next` (a cache, an auth check
 * that throws RpcError), change the request, or wrap the response.
 */

/** The rest of a server call, as an interceptor sees it. */
export type ServerNext = (request: unknown, ctx: ServerCallContext) => Promise<unknown>;
export type ServerInterceptor = (next: ServerNext) => ServerNext;

/** What a client interceptor knows about the call it wraps. */
export interface ClientCallContext {
  readonly method: MethodDefinition;
  /** Request metadata; an interceptor may add to it (auth tokens, trace ids). */
  readonly requestMetadata: Metadata;
  /** The call's options, which an interceptor may change (deadline, onHeader, onTrailer). */
  options: CallOptions;
}

export type ClientNext = (request: unknown, ctx: ClientCallContext) => Promise<unknown>;
export type ClientInterceptor = (next: ClientNext) => ClientNext;

/**
 * Wraps `last` in the interceptors, the first one outermost (it runs first
 * on the way in and last on the way out). Done once per method or channel,
 * not per call.
 */
export function chainInterceptors<F>(interceptors: readonly ((next: F) => F)[], last: F): F {
  let next = last;
  for (let i = interceptors.length - 1; i >= 0; i--) next = interceptors[i]!(next);
  return next;
}
