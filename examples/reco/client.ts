// The seed's client, in TypeScript on wiregrpc: one UserRecommend call.
//
//   npm run client                 # calls 127.0.0.1:8000
//   npm run client -- --port 9000
import { connect, createClient } from "../../src/rpc/index.js";
import { inspect } from "node:util";
import { parseAddress } from "./args.js";
import { UserRecommend } from "./gen/reco.js";

const { host, port } = parseAddress(process.argv.slice(2));
const channel = connect(`http://${host}:${port}`);
const client = createClient(UserRecommend, channel);

// Like the seed: user_id 1, channel_id 2, article_num 10, time_stamp now.
const response = await client.userRecommend({ userId: 1n, channelId: 2, articleNum: 10, timeStamp: BigInt(Date.now()) }, { timeoutMs: 5000 });
console.log(inspect(response, { depth: null, colors: false }));
channel.close();
