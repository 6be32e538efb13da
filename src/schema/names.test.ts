import { describe, expect, it } from "vitest";
import { jsonName, mapEntryName } from "./names.js";

describe("jsonName (values printed by protoc 3.21)", () => {
  it.each([
    ["foo_bar", "fooBar"],
    ["_foo", "Foo"],
    ["foo_", "foo"],
    ["FOO_BAR", "FOOBAR"],
    ["foo__bar", "fooBar"],
    ["foo_1bar", "foo1bar"],
    ["a_b_c", "aBC"],
    ["fooBar_baz", "fooBarBaz"],
    ["__x", "X"],
    ["x_Y", "xY"],
    ["plain", "plain"],
    ["__proto__", "Proto"],
  ])("%s -> %s", (name, json) => {
    expect(jsonName(name)).toBe(json);
  });
});

describe("mapEntryName", () => {
  it.each([
    ["my_map", "MyMapEntry"],
    ["counts", "CountsEntry"],
    ["_leading", "LeadingEntry"],
    ["snake_case_map", "SnakeCaseMapEntry"],
    ["prototype", "PrototypeEntry"],
  ])("%s -> %s", (name, entry) => {
    expect(mapEntryName(name)).toBe(entry);
  });
});
