// What an application writes against generated code: compiled (never run)
// by exact-optional.test.ts with exactOptionalPropertyTypes both off and on,
// and by the root typecheck. Every `@ts-expect-error` must meet an error.
import { expectTypeOf } from "vitest";
import type { MessageType, PartialMessage } from "../../src/codec/message-type.js";
import { DynamicCodec, type DynamicMessage } from "../../src/codec/dynamic.js";
import type { Client } from "../../src/rpc/client.js";
import type { ServiceHandlers } from "../../src/rpc/handler-types.js";
import { UserRecommend, UserRequest, UserResponse, UserResponse_Article, type UserResponse_Article_Track } from "../../examples/reco/gen/reco.js";
import { Choice, Color, Maps, Node, Optionals } from "../vectors/gen/scalars3.js";
import { Level, WithRequired } from "../vectors/gen/proto2.js";
import { DecodeError, Reader, Transport, Writer } from "../codegen/gen/runtime_names.js";

/** `encode` and `create` take partial messages, nested ones included. */
export function partialMessages(): Uint8Array[] {
  const full: UserRequest = UserRequest.create({ userId: 1n });
  return [
    UserRequest.encode({}),
    UserRequest.encode({ userId: 1n }),
    UserRequest.encode(full),
    UserResponse.encode({ recommends: [{ track: { click: "c" } }] }),
    Maps.encode({ mMessage: new Map([["k", { name: "n" }]]), mEnum: new Map([["k", Color.RED]]) }),
    Choice.encode({ pick: { case: "pMessage", value: { child: {} } } }),
    Choice.encode({ pick: { case: undefined } }),
    WithRequired.encode({ extra: 1 }),
    Node.encode(Node.create({ children: [{ name: "a" }] })),
    // `undefined` stands for a missing field, optional or not.
    UserRequest.encode({ userId: undefined }),
    Optionals.encode({ oInt32: undefined, oBytes: new Uint8Array([1]) }),
    // Readonly lists and maps are accepted.
    Node.encode({ children: [{ name: "a" }] as const }),
    Maps.encode({ mInt32: new Map([[1, "a"]]) as ReadonlyMap<number, string> }),
    // @ts-expect-error a oneof names its member and gives its value
    Choice.encode({ pick: { case: "pString" } }),
    // @ts-expect-error int64 fields are bigint
    UserRequest.encode({ userId: 1 }),
    // @ts-expect-error no such field
    UserRequest.encode({ user: 1n }),
    // @ts-expect-error an enum field takes its enum
    WithRequired.encode({ id: Level.LOW, name: 7 }),
  ];
}

/** Decoded messages are whole: every field has its type, optional ones may be missing. */
export function wholeMessages(bytes: Uint8Array): void {
  expectTypeOf(UserRequest.decode(bytes)).toEqualTypeOf<UserRequest>();
  expectTypeOf(UserRequest.create({})).toEqualTypeOf<UserRequest>();
  expectTypeOf<UserRequest["userId"]>().toEqualTypeOf<bigint>();
  expectTypeOf<UserResponse_Article["track"]>().toEqualTypeOf<UserResponse_Article_Track | undefined>();
  expectTypeOf<Optionals["oBytes"]>().toEqualTypeOf<Uint8Array | undefined>();
  expectTypeOf<Writer["data"]>().toEqualTypeOf<Uint8Array>();
  expectTypeOf<Writer["chunks"]>().toEqualTypeOf<Uint8Array[]>();
  expectTypeOf<Writer["blobs"]>().toEqualTypeOf<Map<string, Uint8Array>>();
  // An optional field may be given as undefined, also with exactOptionalPropertyTypes.
  const article: UserResponse_Article = { articleId: 1n, track: undefined };
  const optionals: Optionals = { oInt32: undefined, $unknown: undefined };
  // @ts-expect-error a field without presence must be set in a whole message
  const missing: UserRequest = { userId: 1n };
  // A whole message is also a partial one.
  const partial: PartialMessage<UserResponse_Article> = article;
  void [optionals, missing, partial];
}

/** Messages named like runtime exports keep their names. */
export function runtimeNames(): void {
  expectTypeOf(Writer).toEqualTypeOf<import("../../src/codec/message-type.js").MessageCodec<Writer>>();
  expectTypeOf(DecodeError.create().reason).toEqualTypeOf<string>();
  expectTypeOf<Writer["reader"]>().toEqualTypeOf<Reader>();
  expectTypeOf(Writer.encode({ pick: { case: "error", value: { reason: "r" } } })).toEqualTypeOf<Uint8Array>();
  expectTypeOf(Transport.methods.write.input).toEqualTypeOf<typeof Writer>();
}

/** Client calls take partials; handlers get whole requests and may answer with partials. */
export function calls(client: Client<typeof UserRecommend>, transport: Client<typeof Transport>): void {
  expectTypeOf(client.userRecommend({ userId: 1n })).toEqualTypeOf<Promise<UserResponse>>();
  void client.userRecommend({});
  void client.userRecommend({ articleNum: undefined }, { timeoutMs: 100 });
  void transport.write({ chunks: [new Uint8Array(1)], blobs: new Map([["k", new Uint8Array(2)]]) });
  // @ts-expect-error a partial still has the field types
  void client.userRecommend({ articleNum: "10" });
  const handlers: ServiceHandlers<typeof UserRecommend> = {
    userRecommend(request) {
      expectTypeOf(request).toEqualTypeOf<UserRequest>();
      return { recommends: [{ articleId: request.userId, track: { share: "s" } }] };
    },
  };
  void handlers;
}

/** The dynamic codec takes and gives the same plain objects. */
export function dynamicCodec(codec: DynamicCodec): void {
  const type: MessageType<DynamicMessage> = codec.messageType("vectors.v3.Node");
  expectTypeOf(type.decode(type.encode({ name: "n", children: [] }))).toEqualTypeOf<DynamicMessage>();
  expectTypeOf(type.create({ name: undefined })).toEqualTypeOf<DynamicMessage>();
}
