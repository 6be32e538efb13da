/**
 * What every message codec offers, generated or dynamic, and what a service
 * definition looks like. The RPC layer only ever sees these interfaces, so it
 * works the same with generated code and with descriptors loaded at run time.
 */

/** Encodes and decodes one message type. */
export interface MessageType<T> {
  /** Fully qualified protobuf name, without a leading dot: "pkg.Outer.Inner". */
  readonly typeName: string;
  encode(message: T): Uint8Array;
  /** Throws DecodeError (from wiregrpc/wire) on bad input, never anything else. */
  decode(bytes: Uint8Array): T;
  /** A message with every field at its default, overridden by `partial`. */
  create(partial?: Partial<T>): T;
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
  /** Appends the message's fields (no tag, no length) to `w`. */
  write(message: T, w: import("../wire/writer.js").Writer): void;
  /**
   * Reads fields until the end of the reader's current message, merging into
   * `into` when given (the spec's rule for a message field seen twice).
   * For a proto2 group, reads up to its end-group tag instead.
   */
  read(r: import("../wire/reader.js").Reader, into?: T, endGroupTag?: number): T;
}
