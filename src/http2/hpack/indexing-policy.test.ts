import { describe, expect, it } from "vitest";
import { Indexing, IndexingPolicy } from "./indexing-policy.js";

const { Incremental, None, Never } = Indexing;

describe("the encoder's indexing policy", () => {
  const policy = new IndexingPolicy();
  const cases: [string, string, Indexing][] = [
    // What a gRPC channel repeats on every call.
    [":path", "/helloworld.Greeter/SayHello", Incremental],
    [":authority", "localhost:50051", Incremental],
    ["content-type", "application/grpc", Incremental],
    ["te", "trailers", Incremental],
    ["user-agent", "grpc-node-js/1.10.0", Incremental],
    ["grpc-accept-encoding", "identity,deflate,gzip", Incremental],
    ["grpc-encoding", "gzip", Incremental],
    ["grpc-status", "0", Incremental],
    // What changes from call to call (its name already in a table).
    ["grpc-timeout", "99m", None],
    ["grpc-message", "deadline exceeded", None],
    ["date", "Mon, 21 Oct 2013 20:13:21 GMT", None],
    ["content-length", "123", None],
    ["grpc-status-details-bin", "CAMSBGJvb20", None],
    ["trace-bin", "AAECAw", None],
    ["x-large", "v".repeat(1000), None],
    // Credentials (§7.1.3).
    ["authorization", "Bearer abc.def.ghi", Never],
    ["proxy-authorization", "Basic Zm9vOmJhcg==", Never],
    ["cookie", "id=12345", Never],
    ["cookie", "session=0123456789abcdef0123456789", Incremental],
  ];
  it.each(cases)("%s: %s", (name, value, expected) => {
    expect(policy.choose(name, value, 4096, true)).toBe(expected);
  });

  it("indexes a changing field once when its name is in no table, so the name can be referred to", () => {
    expect(policy.choose("grpc-timeout", "99m", 4096, false)).toBe(Incremental);
    expect(policy.choose("trace-bin", "AAECAw", 4096, false)).toBe(Incremental);
    expect(policy.choose("trace-bin", "A".repeat(1000), 4096, false)).toBe(None);
    expect(policy.choose("authorization", "t", 4096, false)).toBe(Never);
  });

  it("leaves out entries over a quarter of the table", () => {
    expect(policy.choose("x", "v".repeat(991), 4096, false)).toBe(Incremental);
    expect(policy.choose("x", "v".repeat(992), 4096, false)).toBe(None);
    expect(policy.choose("x", "", 0, false)).toBe(None);
  });

  it("takes more sensitive and unindexed names from the caller", () => {
    const custom = new IndexingPolicy({ sensitiveNames: ["x-api-key"], unindexedNames: ["x-request-id"] });
    expect(custom.choose("x-api-key", "k", 4096, true)).toBe(Never);
    expect(custom.choose("x-request-id", "42", 4096, true)).toBe(None);
    expect(custom.choose("authorization", "t", 4096, true)).toBe(Never);
    expect(custom.choose("x-other", "1", 4096, true)).toBe(Incremental);
  });

  it("lets the caller decide indexing, but not for credentials", () => {
    const everything = new IndexingPolicy({ shouldIndex: () => true });
    expect(everything.choose("date", "today", 256, true)).toBe(Incremental);
    expect(everything.choose("x", "v".repeat(1000), 256, false)).toBe(Incremental);
    expect(everything.choose("authorization", "t", 256, true)).toBe(Never);
    const nothing = new IndexingPolicy({ shouldIndex: () => false });
    expect(nothing.choose(":path", "/a", 4096, true)).toBe(None);
  });
});
