import type { MethodDefinition, MethodKind, ServiceDefinition } from "../codec/message-type.js";
import type { ServerCallContext } from "./call-context.js";
import type { PartialMessage } from "./message-init.js";

/**
 * Handler shapes, one per call kind, and the handler object a service needs,
 * derived from its ServiceDefinition: keys are the methods' localNames,
 * request and response types come from their MessageTypes.
 */

/** `async (req, ctx) => res` */
export type UnaryHandler<I, O> = (request: I, ctx: ServerCallContext) => PartialMessage<O> | Promise<PartialMessage<O>>;

/** An `async function*`, or any function returning an AsyncIterable (or a Promise of one). */
export type ServerStreamingHandler<I, O> = (
  request: I,
  ctx: ServerCallContext,
) => AsyncIterable<PartialMessage<O>> | Promise<AsyncIterable<PartialMessage<O>>>;

/** Reads the request stream, answers once. */
export type ClientStreamingHandler<I, O> = (
  requests: AsyncIterable<I>,
  ctx: ServerCallContext,
) => PartialMessage<O> | Promise<PartialMessage<O>>;

/** Reads the request stream and produces the response stream. */
export type BidiStreamingHandler<I, O> = (
  requests: AsyncIterable<I>,
  ctx: ServerCallContext,
) => AsyncIterable<PartialMessage<O>> | Promise<AsyncIterable<PartialMessage<O>>>;

/** The handler type for a call kind (a union when the kind is only known at run time). */
export type HandlerByKind<K extends MethodKind, I, O> = K extends "unary"
  ? UnaryHandler<I, O>
  : K extends "server_streaming"
    ? ServerStreamingHandler<I, O>
    : K extends "client_streaming"
      ? ClientStreamingHandler<I, O>
      : K extends "bidi_streaming"
        ? BidiStreamingHandler<I, O>
        : never;

/** The handler type of one method definition. */
export type HandlerFor<M> = M extends MethodDefinition<infer I, infer O> ? HandlerByKind<M["kind"], I, O> : never;

/** The handler object `server.add(service, handlers)` takes: one function per method, by localName. */
export type ServiceHandlers<S extends ServiceDefinition> = {
  [K in keyof S["methods"]]: HandlerFor<S["methods"][K]>;
};

/** Any handler, as the server stores it. */
export type AnyHandler =
  | UnaryHandler<unknown, unknown>
  | ServerStreamingHandler<unknown, unknown>
  | ClientStreamingHandler<unknown, unknown>
  | BidiStreamingHandler<unknown, unknown>;
