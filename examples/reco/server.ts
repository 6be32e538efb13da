// The seed's UserRecommend server, in TypeScript on wiregrpc.
//
//   npm start                      # 127.0.0.1:8000, like the seed's server_rpc.py
//   npm start -- --port 9000       # another address
import { createServer } from "../../src/rpc/index.js";
import { addHealth, addReflection } from "../../src/services/index.js";
import { parseAddress } from "./args.js";
import { UserRecommend, type UserRequest, type UserResponse_Article } from "./gen/reco.js";

/** The seed's logic: article_num articles with ids 1..n and fixed track parameters. */
export function recommend(request: UserRequest): { exposer: string; timeStamp: bigint; recommends: UserResponse_Article[] } {
  const recommends: UserResponse_Article[] = [];
  for (let i = 0; i < request.articleNum; i++) {
    recommends.push({
      articleId: BigInt(i + 1),
      track: { click: "click param", collect: "collect param", share: "", read: "read param" },
    });
  }
  return { exposer: "exposure", timeStamp: BigInt(Date.now()), recommends };
}

/**
 * The UserRecommend server, with server reflection (so grpcurl, buf curl and
 * Postman find its schema without the .proto file) and health checking.
 */
export function createRecoServer() {
  const server = createServer();
  addReflection(server);
  const health = addHealth(server);
  server.add(UserRecommend, {
    async userRecommend(request) {
      // The seed prints the request's fields, in this order.
      console.log(request.channelId, String(request.userId), request.articleNum);
      return recommend(request);
    },
  });
  health.setStatus(UserRecommend.typeName, "SERVING");
  return server;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { host, port } = parseAddress(process.argv.slice(2));
  const server = createRecoServer();
  const bound = await server.listen(`${host}:${port}`);
  console.log(`UserRecommend server listening on ${host}:${bound}`);
  const stop = (): void => {
    console.log("shutting down");
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
