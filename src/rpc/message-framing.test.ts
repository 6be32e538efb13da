import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { UserResponse, type UserResponse as UserResponseT } from "../../examples/reco/gen/reco.js";
import { DynamicCodec } from "../codec/dynamic.js";
import { typeLookup } from "../codec/message-plan.js";
import type { MessageType } from "../codec/message-type.js";
import { Code } from "../grpc/code.js";
import { encodeEnvelope } from "../grpc/envelope.js";
import { DescriptorPool, loadProtoFiles } from "../schema/index.js";
import { frameMessage } from "./message-codec.js";
import { RpcError } from "./rpc-error.js";

/**
 * frameMessage encodes generated and dynamic messages straight after room
 * for the 5-byte prefix (PROTOCOL-HTTP2.md, "Length-Prefixed-Message"), and
 * any other MessageType by encoding then framing: all three must give the
 * same frame, and the same errors.
 */

function response(articles: number): UserResponseT {
  return UserResponse.create({
    exposer: "exposure",
    timeStamp: 1645320060000n,
    recommends: Array.from({ length: articles }, (_, i) => ({
      articleId: BigInt(i + 1),
      track: { click: "click param", collect: "collect 收藏", share: "", read: "read param" },
    })),
  });
}

const pool = new DescriptorPool();
for (const f of loadProtoFiles(["reco.proto"], { includePaths: [fileURLToPath(new URL("../../proto", import.meta.url))] }).all) pool.add(f);
const dynamic = new DynamicCodec(typeLookup(pool)).messageType("UserResponse") as unknown as MessageType<UserResponseT>;
/** A MessageType with only encode/decode: the path that frames after encoding. */
const plain: MessageType<UserResponseT> = {
  typeName: UserResponse.typeName,
  encode: (m) => UserResponse.encode(m),
  decode: (b) => UserResponse.decode(b),
  create: (p) => UserResponse.create(p),
};

const codecs: [string, MessageType<UserResponseT>][] = [
  ["generated", UserResponse],
  ["dynamic", dynamic],
  ["encode-only", plain],
];

function frameOf(type: MessageType<UserResponseT>, m: UserResponseT, max = 1 << 30): Buffer {
  const f = frameMessage(type, m, max, undefined, "response");
  if (f instanceof Promise) throw new Error("uncompressed framing must not be async");
  return f;
}

describe("frameMessage", () => {
  it.each(codecs)("%s: prefix + the message's bytes, for small and big messages", (_name, type) => {
    // 0 articles: a few bytes; 10: the block; 1000: past the block, through the scratch buffer.
    for (const n of [0, 10, 1000]) {
      const m = response(n);
      const frame = frameOf(type, m);
      expect(Buffer.isBuffer(frame)).toBe(true);
      expect(frame.equals(encodeEnvelope(UserResponse.encode(m)))).toBe(true);
      expect(frame[0]).toBe(0);
      expect(frame.readUInt32BE(1)).toBe(frame.length - 5);
    }
  });

  it.each(codecs)("%s: frames stay intact while later ones are made", (_name, type) => {
    const frames = Array.from({ length: 60 }, (_, i) => [i, frameOf(type, response(i % 17))] as const);
    for (const [i, frame] of frames) expect(UserResponse.decode(frame.subarray(5))).toEqual(response(i % 17));
  });

  it.each(codecs)("%s: a message over the send limit is RESOURCE_EXHAUSTED", (_name, type) => {
    const m = response(10);
    const size = UserResponse.encode(m).length;
    expect(frameOf(type, m, size).length).toBe(size + 5);
    let caught: unknown;
    try {
      frameOf(type, m, size - 1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RpcError);
    expect((caught as RpcError).code).toBe(Code.ResourceExhausted);
  });

  it.each(codecs)("%s: a message that cannot be encoded is INTERNAL, and the next one frames fine", (_name, type) => {
    const bad = response(3) as unknown as { recommends: unknown[] };
    bad.recommends.push({ articleId: "not a bigint", track: { click: 7 } });
    let caught: unknown;
    try {
      frameOf(type, bad as unknown as UserResponseT);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RpcError);
    expect((caught as RpcError).code).toBe(Code.Internal);
    const m = response(10);
    expect(frameOf(type, m).equals(encodeEnvelope(UserResponse.encode(m)))).toBe(true);
  });
});
