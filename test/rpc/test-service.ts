/**
 * A hand-made message type and service for the RPC tests, written directly on
 * the wire Reader/Writer (no codegen):
 *
 *   message Echo { string text = 1; int32 num = 2; }
 *   service Test {
 *     rpc Unary(Echo) returns (Echo);
 *     rpc ServerStream(Echo) returns (stream Echo);
 *     rpc ClientStream(stream Echo) returns (Echo);
 *     rpc Bidi(stream Echo) returns (stream Echo);
 *   }
 */
import type { MessageType, MethodDefinition, ServiceDefinition } from "../../src/codec/message-type.js";
import { Reader } from "../../src/wire/reader.js";
import { WireType } from "../../src/wire/wire-type.js";
import { Writer } from "../../src/wire/writer.js";

export interface Echo {
  text: string;
  num: number;
}

export const Echo: MessageType<Echo> = {
  typeName: "test.Echo",
  encode(message: Echo): Uint8Array {
    const w = new Writer();
    if (message.text !== undefined && message.text !== "") w.tag(1, WireType.LengthDelimited).string(message.text);
    if (message.num !== undefined && message.num !== 0) w.tag(2, WireType.Varint).int32(message.num);
    return w.finish();
  },
  decode(bytes: Uint8Array): Echo {
    const r = new Reader(bytes);
    const m = Echo.create();
    while (!r.done()) {
      const tag = r.tag();
      if (tag === ((1 << 3) | WireType.LengthDelimited)) m.text = r.string();
      else if (tag === ((2 << 3) | WireType.Varint)) m.num = r.int32();
      else r.skip(tag);
    }
    return m;
  },
  create(partial?: Partial<Echo>): Echo {
    return { text: "", num: 0, ...partial };
  },
};

function method<K extends MethodDefinition["kind"]>(name: string, kind: K) {
  return {
    name,
    localName: name[0]!.toLowerCase() + name.slice(1),
    path: `/test.Test/${name}`,
    kind,
    input: Echo,
    output: Echo,
  } as const;
}

export const TestService = {
  typeName: "test.Test",
  methods: {
    unary: method("Unary", "unary"),
    serverStream: method("ServerStream", "server_streaming"),
    clientStream: method("ClientStream", "client_streaming"),
    bidi: method("Bidi", "bidi_streaming"),
  },
} satisfies ServiceDefinition;

/** Bytes of an Echo, for raw-client tests. */
export function echoBytes(text: string, num = 0): Uint8Array {
  return Echo.encode({ text, num });
}
