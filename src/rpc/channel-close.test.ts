// channel.close() must settle even when it is the last thing a program does:
// an idle session is unref'd, and a stream closing after the call's Promise
// resolved used to unref it again mid-close, so the process exited (code 13,
// "unsettled top-level await") before the session's 'close' event.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecoServer } from "../../examples/reco/server.js";
import { INSTALL, requirement } from "../../test/requirements.js";

const dist = fileURLToPath(new URL("../../dist/src/rpc/index.js", import.meta.url));
const reco = fileURLToPath(new URL("../../dist/examples/reco/gen/reco.js", import.meta.url));

describe.skipIf(!requirement("dist/ (the build)", existsSync(dist), INSTALL.build))("Channel.close at the end of a program", () => {
  const server = createRecoServer();
  let port = 0;
  beforeAll(async () => {
    port = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.close());

  it("resolves, and the program exits 0", async () => {
    const program = `
      import { connect, createClient } from ${JSON.stringify(dist)};
      import { UserRecommend } from ${JSON.stringify(reco)};
      const channel = connect("http://127.0.0.1:${port}");
      await createClient(UserRecommend, channel).userRecommend({ articleNum: 1 });
      await channel.close();
      console.log("closed");`;
    // Asynchronously: the server answering the child runs in this process.
    const child = spawn(process.execPath, ["--input-type=module", "-e", program], { timeout: 20_000 });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(err).toBe("");
    expect(out.trim()).toBe("closed");
    expect(code).toBe(0);
  });
});
