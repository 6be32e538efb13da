import type { MethodDefinition, MethodKind, ServiceDefinition } from "../codec/message-type.js";
import type { CallOptions } from "./call-options.js";
import type { Channel } from "./channel.js";
import type { PartialMessage } from "./message-init.js";

/** Client method shapes, one per call kind. */
export type UnaryCall<I, O> = (request: PartialMessage<I>, options?: CallOptions) => Promise<O>;
export type ServerStreamingCall<I, O> = (request: PartialMessage<I>, options?: CallOptions) => AsyncIterable<O>;
export type ClientStreamingCall<I, O> = (
  requests: AsyncIterable<PartialMessage<I>> | Iterable<PartialMessage<I>>,
  options?: CallOptions,
) => Promise<O>;
export type BidiStreamingCall<I, O> = (
  requests: AsyncIterable<PartialMessage<I>> | Iterable<PartialMessage<I>>,
  options?: CallOptions,
) => AsyncIterable<O>;

export type ClientMethodByKind<K extends MethodKind, I, O> = K extends "unary"
  ? UnaryCall<I, O>
  : K extends "server_streaming"
    ? ServerStreamingCall<I, O>
    : K extends "client_streaming"
      ? ClientStreamingCall<I, O>
      : K extends "bidi_streaming"
        ? BidiStreamingCall<I, O>
        : never;

export type ClientMethodFor<M> = M extends MethodDefinition<infer I, infer O> ? ClientMethodByKind<M["kind"], I, O> : never;

/** A typed client: one method per RPC, named by localName. */
export type Client<S extends ServiceDefinition> = {
  readonly [K in keyof S["methods"]]: ClientMethodFor<S["methods"][K]>;
};

/**
 * A typed client for a service over a channel:
 * `createClient(UserRecommend, connect("http://127.0.0.1:8000")).userRecommend(req)`.
 * The object has no prototype, so a method named like an Object.prototype
 * member ("toString", "constructor") is still the RPC.
 */
export function createClient<S extends ServiceDefinition>(service: S, channel: Channel): Client<S> {
  const client = Object.create(null) as Record<string, unknown>;
  for (const method of Object.values(service.methods)) {
    Object.defineProperty(client, method.localName, {
      value: methodCaller(channel, method),
      enumerable: true,
    });
  }
  return Object.freeze(client) as Client<S>;
}

function methodCaller(channel: Channel, method: MethodDefinition): unknown {
  switch (method.kind) {
    case "unary":
      return (request: unknown, options?: CallOptions) => channel.unary(method, request, options);
    case "server_streaming":
      return (request: unknown, options?: CallOptions) => channel.serverStream(method, request, options);
    case "client_streaming":
      return (requests: Iterable<unknown>, options?: CallOptions) => channel.clientStream(method, requests, options);
    case "bidi_streaming":
      return (requests: Iterable<unknown>, options?: CallOptions) => channel.bidiStream(method, requests, options);
  }
}
