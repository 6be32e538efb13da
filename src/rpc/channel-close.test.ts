// channel.close() must settle even when it is the last thing a program does:
// an idle session is unref'd, and a stream closing after the call's Promise
// resolved used to unref it again mid-close, so the process exited (code 13,
// "unsettled top-level await") before the session's 'close' event.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecoServer } from "../../examples/reco/server.js";

const dist = fileURLToPath(new URL("../../dist/src/rpc/index.js", import.meta.url));
const reco = fileURLToPath(new URL("../../dist/examples/reco/gen/reco.js", import.meta.url));

describe.skipIf(!existsSync(dist) && process.env["CI"] !== "true")("Channel.close at the end of a program", () => {
  const server = createRecoServer();
  let port = 0;
  beforeAll(async () => {
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close());

  it("resolves, and the program exits 0", () => {
    const program = `
      import { connect, createClient } from ${JSON.stringify(dist)};
      import { UserRecommend } from ${JSON.stringify(reco)};
      const channel = connect("http://127.0.0.1:${port}");
      await createClient(UserRecommend, channel).userRecommend({ articleNum: 1 });
      await channel.close();
      console.log("closed");`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", program], { timeout: 20_000 });
    expect(r.stderr.toString()).toBe("");
    expect(r.stdout.toString().trim()).toBe("closed");
    expect(r.status).toBe(0);
  });
});
