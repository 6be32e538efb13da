// The seed's UserRecommend server, in TypeScript on wiregrpc.
//
//   npm start                      # 127.0.0.1:8000, like the seed's server_rpc.py
//   npm start -- --port 9000       # another address
//
// It runs until Ctrl-C (or SIGTERM), printing one line per call, as the
// seed's server does: the request's channel_id, user_id and article_num.
import { Code, createServer, RpcError } from "../../src/rpc/index.js";
import { addHealth, addReflection } from "../../src/services/index.js";
import { parseAddress, UsageError } from "./args.js";
import { UserRecommend, type UserRequest, type UserResponse_Article } from "./gen/reco.js";

/**
 * The most articles one call may ask for. The seed has no limit, but it
 * builds the whole list at once: article_num = 2147483647 would hold up every
 * other caller and exhaust memory. The seed's client asks for 10.
 */
export const MAX_ARTICLE_NUM = 10_000;

/**
 * The seed's logic: article_num articles with ids 1..n and fixed track
 * parameters (none for zero or a negative number, as in the seed's loop).
 * Above MAX_ARTICLE_NUM: INVALID_ARGUMENT.
 */
export function recommend(request: UserRequest): { exposer: string; timeStamp: bigint; recommends: UserResponse_Article[] } {
  if (request.articleNum > MAX_ARTICLE_NUM) {
    throw new RpcError(Code.InvalidArgument, `article_num ${request.articleNum} is above the limit of ${MAX_ARTICLE_NUM}`);
  }
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
export function createRecoServer(options: { quiet?: boolean } = {}) {
  const server = createServer();
  addReflection(server);
  const health = addHealth(server);
  server.add(UserRecommend, {
    async userRecommend(request) {
      // The seed prints the request's fields, in this order.
      if (!options.quiet) console.log(request.channelId, String(request.userId), request.articleNum);
      return recommend(request);
    },
  });
  health.setStatus(UserRecommend.typeName, "SERVING");
  return server;
}

/** `npm start`: serves until SIGINT or SIGTERM. Mistakes print one line and exit 1 (usage: 2). */
async function main(argv: readonly string[]): Promise<void> {
  const { host, port } = parseAddress(argv);
  const server = createRecoServer();
  let bound: number;
  try {
    bound = await server.listen(`${host}:${port}`);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === "EADDRINUSE"
        ? "the address is already in use (is another server running there? pick another with --port)"
        : code === "EADDRNOTAVAIL" || code === "ENOTFOUND"
          ? `${host} is not an address of this machine`
          : code === "EACCES"
            ? "permission denied (ports below 1024 need privileges)"
            : e instanceof Error ? e.message : String(e);
    throw new Error(`cannot listen on ${host}:${port}: ${why}`);
  }
  console.log(`UserRecommend server listening on ${host}:${bound} (Ctrl-C to stop; one line per call: channel_id user_id article_num)`);
  const stop = (): void => {
    console.log("shutting down");
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`server: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof UsageError ? 2 : 1);
  });
}
