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
    // What changes from call to call.
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
    expect(policy.choose(name, value, 4096)).toBe(expected);
  });

  it("leaves out entries over a quarter of the table", () => {
    expect(policy.choose("x", "v".repeat(991), 4096)).toBe(Incremental);
    expect(policy.choose("x", "v".repeat(992), 4096)).toBe(None);
    expect(policy.choose("x", "", 0)).toBe(None);
  });

  it("takes more sensitive and unindexed names from the caller", () => {
    const custom = new IndexingPolicy({ sensitiveNames: ["x-api-key"], unindexedNames: ["x-request-id"] });
    expect(custom.choose("x-api-key", "k", 4096)).toBe(Never);
    expect(custom.choose("x-request-id", "42", 4096)).toBe(None);
    expect(custom.choose("authorization", "t", 4096)).toBe(Never);
    expect(custom.choose("x-other", "1", 4096)).toBe(Incremental);
  });

  it("lets the caller decide indexing, but not for credentials", () => {
    const everything = new IndexingPolicy({ shouldIndex: () => true });
    expect(everything.choose("date", "today", 256)).toBe(Incremental);
    expect(everything.choose("x", "v".repeat(1000), 256)).toBe(Incremental);
    expect(everything.choose("authorization", "t", 256)).toBe(Never);
    const nothing = new IndexingPolicy({ shouldIndex: () => false });
    expect(nothing.choose(":path", "/a", 4096)).toBe(None);
  });
});
