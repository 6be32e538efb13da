// The seed's client, in TypeScript on wiregrpc: one UserRecommend call.
//
//   npm run client                 # calls 127.0.0.1:8000
//   npm run client -- --port 9000
import { inspect } from "node:util";
import { Code, codeName, connect, createClient, RpcError } from "../../src/rpc/index.js";
import { parseAddress, UsageError } from "./args.js";
import { UserRecommend } from "./gen/reco.js";

async function main(argv: readonly string[]): Promise<void> {
  const { host, port } = parseAddress(argv);
  const channel = connect(`http://${host}:${port}`);
  const client = createClient(UserRecommend, channel);
  try {
    // Like the seed: user_id 1, channel_id 2, article_num 10, time_stamp now.
    const response = await client.userRecommend({ userId: 1n, channelId: 2, articleNum: 10, timeStamp: BigInt(Date.now()) }, { timeoutMs: 5000 });
    console.log(inspect(response, { depth: null, colors: false }));
  } finally {
    await channel.close();
  }
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof RpcError) {
    const hint = e.code === Code.Unavailable ? " (is the server running? start it with `npm start` in another terminal)" : "";
    console.error(`client: the call failed with ${codeName(e.code)}: ${e.rawMessage}${hint}`);
  } else {
    console.error(`client: ${e instanceof Error ? e.message : String(e)}`);
  }
  process.exit(e instanceof UsageError ? 2 : 1);
});
