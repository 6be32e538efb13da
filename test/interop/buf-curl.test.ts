// buf curl (the real binary from npm @bufbuild/buf) calling our example server
// over gRPC with the schema from proto/reco.proto.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecoServer } from "../../examples/reco/server.js";
import { bufBinary, bufCurl, repoRoot } from "./peers.js";
import { run } from "./process-helpers.js";

const buf = bufCurl();

describe.skipIf(!buf.available)("buf curl --protocol grpc against our server", () => {
  const server = createRecoServer();
  let port = 0;
  beforeAll(async () => {
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close());

  function curl(body: string, path = "UserRecommend/UserRecommend") {
    return run(bufBinary, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--schema", join(repoRoot, "proto", "reco.proto"), "-d", body, `http://127.0.0.1:${port}/${path}`], { timeoutMs: 30_000 });
  }

  it("calls UserRecommend with JSON and gets the seed's answer as JSON", async () => {
    const r = await curl('{"user_id": 1, "channel_id": 2, "article_num": 3}');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { exposer: string; timeStamp: string; recommends: { articleId: string; track: Record<string, string> }[] };
    expect(out.exposer).toBe("exposure");
    expect(out.timeStamp).toMatch(/^\d{13}$/);
    expect(out.recommends.map((a) => a.articleId)).toEqual(["1", "2", "3"]);
    expect(out.recommends[0]!.track).toEqual({ click: "click param", collect: "collect param", read: "read param" });
  });

  it("gets an empty response for article_num 0 (proto3 defaults are not sent)", async () => {
    const r = await curl('{"user_id": 5}');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { exposer: string; recommends?: unknown[] };
    expect(out.exposer).toBe("exposure");
    expect(out.recommends).toBeUndefined();
  });

  it("reports UNIMPLEMENTED for a method the server does not have", async () => {
    const r = await run(bufBinary, ["curl", "--protocol", "grpc", "--http2-prior-knowledge", "--schema", join(repoRoot, "test", "interop", "protos", "unknown.proto"), "-d", "{}", `http://127.0.0.1:${port}/wiregrpc.interop.Nowhere/Nothing`], { timeoutMs: 30_000 });
    expect(r.code).not.toBe(0);
    expect(r.stderr.toLowerCase()).toContain("unimplemented");
  });
});
