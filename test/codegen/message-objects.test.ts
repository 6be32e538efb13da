// Generated messages are made by a constructor (so that V8 keeps room in the
// object for fields set after creation), yet they must be exactly the plain
// objects an object literal would be: Object.prototype, own enumerable
// properties in field order, and no property for an absent optional field.
import { describe, expect, it } from "vitest";
import { UserResponse_Article, UserResponse_Article_Track } from "../../examples/reco/gen/reco.js";
import { Optionals } from "../vectors/gen/scalars3.js";

const track = { click: "c", collect: "", share: "", read: "r" };

const cases: [label: string, make: () => object, expected: object][] = [
  ["create()", () => UserResponse_Article.create(), { articleId: 0n }],
  ["create(partial)", () => UserResponse_Article.create({ track }), { articleId: 0n, track }],
  ["decode without the message field", () => UserResponse_Article.decode(UserResponse_Article.encode({ articleId: 7n })), { articleId: 7n }],
  ["decode with the message field", () => UserResponse_Article.decode(UserResponse_Article.encode({ articleId: 7n, track })), { articleId: 7n, track }],
  ["decode of the nested message", () => UserResponse_Article_Track.decode(UserResponse_Article_Track.encode(track)), track],
  ["decode with no proto3 optional set", () => Optionals.decode(new Uint8Array()), {}],
  ["decode with proto3 optionals set", () => Optionals.decode(Optionals.encode({ oString: "", oInt64: 0n })), { oString: "", oInt64: 0n }],
];

describe("generated messages are plain objects", () => {
  it.each(cases)("%s", (_, make, expected) => {
    const m = make();
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype);
    expect(m.constructor).toBe(Object);
    expect(Object.keys(m)).toEqual(Object.keys(expected));
    expect(m).toStrictEqual(expected);
    expect(structuredClone(m)).toStrictEqual(expected);
  });

  it("makes a new object for each message", () => {
    const a = UserResponse_Article.create();
    const b = UserResponse_Article.create();
    a.articleId = 1n;
    expect(b.articleId).toBe(0n);
  });
});
