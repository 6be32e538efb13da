// The reco.proto vectors, checked with nothing but the wire Reader and
// Writer: walk protoc's bytes field by field, compare with what the text
// format says, and write the same fields back to get protoc's exact bytes.
import { describe, expect, it } from "vitest";
import { Reader, Writer, WireType } from "../../src/wire/index.js";
import { loadVectors } from "./load-vectors.js";

interface Track { click: string; collect: string; share: string; read: string }
interface Article { articleId: bigint; track?: Track }
interface UserRequest { userId: bigint; channelId: number; articleNum: number; timeStamp: bigint }
interface UserResponse { exposer: string; timeStamp: bigint; recommends: Article[] }

const seedTrack: Track = { click: "click param", collect: "collect param", share: "", read: "read param" };
const seedArticles = (n: number): Article[] =>
  Array.from({ length: n }, (_, i) => ({ articleId: BigInt(i + 1), track: seedTrack }));

const expected: Record<string, UserRequest | UserResponse> = {
  user_request_seed: { userId: 1n, channelId: 2, articleNum: 10, timeStamp: 1645320060000n },
  user_request_empty: { userId: 0n, channelId: 0, articleNum: 0, timeStamp: 0n },
  user_request_negative: { userId: -1n, channelId: -2, articleNum: -2147483648, timeStamp: -9223372036854775808n },
  user_request_max: { userId: 9223372036854775807n, channelId: 2147483647, articleNum: 150, timeStamp: 9223372036854775807n },
  user_response_0: { exposer: "exposure", timeStamp: 1645320060000n, recommends: [] },
  user_response_1: { exposer: "exposure", timeStamp: 1645320060000n, recommends: seedArticles(1) },
  user_response_10: { exposer: "exposure", timeStamp: 1645320060000n, recommends: seedArticles(10) },
  user_response_utf8: {
    exposer: "曝光 exposure",
    timeStamp: 1n,
    recommends: [{ articleId: 7n, track: { click: "$", collect: "é", share: "€", read: "😀" } }],
  },
};

function expectTag(r: Reader, field: number, wireType: number): void {
  const tag = r.tag();
  expect([tag >>> 3, tag & 7]).toEqual([field, wireType]);
}

function readUserRequest(r: Reader): UserRequest {
  const m: UserRequest = { userId: 0n, channelId: 0, articleNum: 0, timeStamp: 0n };
  while (!r.done()) {
    const tag = r.tag();
    switch (tag) {
      case (1 << 3) | WireType.Varint: m.userId = r.int64(); break;
      case (2 << 3) | WireType.Varint: m.channelId = r.int32(); break;
      case (3 << 3) | WireType.Varint: m.articleNum = r.int32(); break;
      case (4 << 3) | WireType.Varint: m.timeStamp = r.int64(); break;
      default: throw new Error(`unexpected tag ${tag}`);
    }
  }
  return m;
}

function readTrack(r: Reader): Track {
  const t: Track = { click: "", collect: "", share: "", read: "" };
  const end = r.beginMessage();
  while (!r.done()) {
    const tag = r.tag();
    const s = r.string();
    if (tag === 0x0a) t.click = s;
    else if (tag === 0x12) t.collect = s;
    else if (tag === 0x1a) t.share = s;
    else if (tag === 0x22) t.read = s;
    else throw new Error(`unexpected tag ${tag}`);
  }
  r.endMessage(end);
  return t;
}

function readUserResponse(r: Reader): UserResponse {
  const m: UserResponse = { exposer: "", timeStamp: 0n, recommends: [] };
  while (!r.done()) {
    const tag = r.tag();
    if (tag === 0x0a) m.exposer = r.string();
    else if (tag === 0x10) m.timeStamp = r.int64();
    else if (tag === 0x1a) {
      const end = r.beginMessage();
      const a: Article = { articleId: 0n };
      expectTag(r, 1, WireType.Varint);
      a.articleId = r.int64();
      if (!r.done()) {
        expectTag(r, 2, WireType.LengthDelimited);
        a.track = readTrack(r);
      }
      r.endMessage(end);
      m.recommends.push(a);
    } else throw new Error(`unexpected tag ${tag}`);
  }
  return m;
}

/** Writes fields in number order, skipping proto3 defaults, as protoc does. */
function writeUserRequest(w: Writer, m: UserRequest): void {
  if (m.userId !== 0n) w.tag(1, WireType.Varint).int64(m.userId);
  if (m.channelId !== 0) w.tag(2, WireType.Varint).int32(m.channelId);
  if (m.articleNum !== 0) w.tag(3, WireType.Varint).int32(m.articleNum);
  if (m.timeStamp !== 0n) w.tag(4, WireType.Varint).int64(m.timeStamp);
}

function writeUserResponse(w: Writer, m: UserResponse): void {
  if (m.exposer !== "") w.tag(1, WireType.LengthDelimited).string(m.exposer);
  if (m.timeStamp !== 0n) w.tag(2, WireType.Varint).int64(m.timeStamp);
  for (const a of m.recommends) {
    w.tag(3, WireType.LengthDelimited).fork();
    if (a.articleId !== 0n) w.tag(1, WireType.Varint).int64(a.articleId);
    if (a.track) {
      w.tag(2, WireType.LengthDelimited).fork();
      const t = a.track;
      if (t.click) w.tag(1, WireType.LengthDelimited).string(t.click);
      if (t.collect) w.tag(2, WireType.LengthDelimited).string(t.collect);
      if (t.share) w.tag(3, WireType.LengthDelimited).string(t.share);
      if (t.read) w.tag(4, WireType.LengthDelimited).string(t.read);
      w.join();
    }
    w.join();
  }
}

describe("reco.proto vectors, walked with the wire Reader", () => {
  const vectors = loadVectors("reco");
  it("has the cases this layer promises", () => {
    expect(vectors.map((v) => v.name).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(vectors.map((v) => [v.name, v] as const))("%s", (name, v) => {
    const want = expected[name]!;
    const w = new Writer();
    if (v.type === "UserRequest") {
      expect(readUserRequest(new Reader(v.bytes))).toEqual(want);
      writeUserRequest(w, want as UserRequest);
    } else {
      expect(readUserResponse(new Reader(v.bytes))).toEqual(want);
      writeUserResponse(w, want as UserResponse);
    }
    expect(Buffer.from(w.finish()).toString("hex")).toBe(Buffer.from(v.bytes).toString("hex"));
  });
});
