/**
 * What every message codec offers, generated or dynamic, and what a service
 * definition looks like. The RPC layer only ever sees these interfaces, so it
 * works the same with generated code and with descriptors loaded at run time.
 */

/**
 * What callers may pass where a message is expected: any subset of its
 * fields, nested messages included, and `undefined` for any of them. A
 * missing field is its default (DESIGN.md: "encoders accept partial
 * objects"). A oneof, when given, still says which member it holds and
 * its value; lists and maps may be readonly.
 */
export type PartialMessage<T> = T extends Uint8Array | bigint | string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer E)[]
    ? readonly PartialMessage<E>[]
    : T extends ReadonlyMap<infer K, infer V>
      ? ReadonlyMap<K, PartialMessage<V>>
      : T extends OneofMember
        ? { case: T["case"]; value: PartialMessage<T["value"]> }
        : T extends object
          ? { [K in keyof T]?: PartialMessage<T[K]> | undefined }
          : T;

/**
 * A set oneof, `{ case: "field"; value }`. Generated messages always have
 * `$unknown`, so one with fields named `case` and `value` is not taken for it.
 */
type OneofMember = { case: string; value: unknown; $unknown?: never };

/**
 * Encodes and decodes one message type.
 *
 * `encode`, `create` and `write` take a PartialMessage; their parameter also
 * names `T` itself only so that generic code holding a `T` may pass it
 * (TypeScript cannot see that a `T` is a `PartialMessage<T>` until `T` is
 * known). For a known message type the two are the same.
 */
export interface MessageType<T> {
  /** Fully qualified protobuf name, without a leading dot: "pkg.Outer.Inner". */
  readonly typeName: string;
  /** Missing fields are written as their defaults: `encode(partial)` equals `encode(create(partial))`. */
  encode(message: PartialMessage<T>): Uint8Array;
  /**
   * Throws DecodeError (from wiregrpc/wire) on bad input, never anything
   * else. `bytes` fields decode to plain Uint8Arrays, also from a Buffer.
   */
  decode(bytes: Uint8Array): T;
  /**
   * A new message with every field at its default, overridden by `partial`.
   * Nested messages are created in turn; lists and maps are copied.
   */
  create(partial?: PartialMessage<T>): T;
}

/** The four call kinds of gRPC. */
export type MethodKind = "unary" | "server_streaming" | "client_streaming" | "bidi_streaming";

export interface MethodDefinition<I = unknown, O = unknown> {
  /** As written in the .proto: "UserRecommend". */
  readonly name: string;
  /** lowerCamelCase, the property name on clients and handler objects: "userRecommend". */
  readonly localName: string;
  /** HTTP/2 :path, "/pkg.Service/Method" (gRPC over HTTP/2 spec, "Path"). */
  readonly path: string;
  readonly kind: MethodKind;
  readonly input: MessageType<I>;
  readonly output: MessageType<O>;
}

export interface ServiceDefinition<M extends Record<string, MethodDefinition> = Record<string, MethodDefinition>> {
  /** Fully qualified service name: "pkg.Service". */
  readonly typeName: string;
  /** Keyed by localName. */
  readonly methods: M;
  /**
   * The serialized FileDescriptorProto of the file declaring the service,
   * and of every file it imports transitively (keyed by file name), for
   * server reflection.
   */
  readonly files?: ReadonlyMap<string, Uint8Array>;
  /** Name of the file declaring the service, a key of `files`. */
  readonly fileName?: string;
}

/**
 * What generated message objects offer beyond MessageType: writing into and
 * reading from a shared Writer/Reader, so a message can embed another one
 * (even from another generated file) without an extra copy.
 */
export interface MessageCodec<T> extends MessageType<T> {
  /** Appends the message's fields (no tag, no length) to `w`; missing fields are defaults, as in `encode`. */
  write(message: PartialMessage<T>, w: import("../wire/writer.js").Writer): void;
  /**
   * Reads fields until the end of the reader's current message, merging into
   * `into` when given (the spec's rule for a message field seen twice).
   * For a proto2 group, reads up to its end-group tag instead.
   */
  read(r: import("../wire/reader.js").Reader, into?: T, endGroupTag?: number): T;
}
