import { describe, expectTypeOf, it } from "vitest";
import type { Echo, TestService } from "../../test/rpc/test-service.js";
import type { MethodDefinition, ServiceDefinition } from "../codec/message-type.js";
import type { CallOptions } from "./call-options.js";
import type { Client } from "./client.js";
import type { ServiceHandlers, UnaryHandler } from "./handler-types.js";
import type { PartialMessage } from "./message-init.js";
import type { ServerCallContext } from "./call-context.js";

/** Types derived from a ServiceDefinition: checked by tsc, nothing runs. */
describe("derived types", () => {
  it("client methods follow each method's kind and message types", () => {
    type C = Client<typeof TestService>;
    expectTypeOf<C["unary"]>().toEqualTypeOf<(request: PartialMessage<Echo>, options?: CallOptions) => Promise<Echo>>();
    expectTypeOf<C["serverStream"]>().returns.toEqualTypeOf<AsyncIterable<Echo>>();
    expectTypeOf<C["clientStream"]>().parameter(0).toEqualTypeOf<AsyncIterable<PartialMessage<Echo>> | Iterable<PartialMessage<Echo>>>();
    expectTypeOf<C["clientStream"]>().returns.toEqualTypeOf<Promise<Echo>>();
    expectTypeOf<C["bidi"]>().returns.toEqualTypeOf<AsyncIterable<Echo>>();
  });

  it("handler objects are keyed by localName with typed requests", () => {
    type H = ServiceHandlers<typeof TestService>;
    expectTypeOf<H["unary"]>().toEqualTypeOf<UnaryHandler<Echo, Echo>>();
    expectTypeOf<H["unary"]>().parameters.toEqualTypeOf<[Echo, ServerCallContext]>();
    expectTypeOf<H["clientStream"]>().parameter(0).toEqualTypeOf<AsyncIterable<Echo>>();
  });

  it("a definition whose kind is only known at run time gives a union", () => {
    type Dynamic = ServiceDefinition<{ m: MethodDefinition<Echo, Echo> }>;
    expectTypeOf<Client<Dynamic>["m"]>().toMatchTypeOf<(...args: never[]) => unknown>();
  });

  it("partial messages are deep", () => {
    interface Outer {
      inner: { a: string; b: bigint };
      list: { c: number }[];
    }
    expectTypeOf<{ inner: { a: "x" }; list: [{}] }>().toMatchTypeOf<PartialMessage<Outer>>();
  });
});
