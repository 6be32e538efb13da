// The grpc-js server the RPC benchmarks compare with: the same logic as
// bench/wiregrpc/server.ts. Prints "listening <port>".
import { channelOptions, grpc, Streamer, UserRecommend } from "./services.mjs";

const server = new grpc.Server(channelOptions);
server.addService(UserRecommend.service, {
  UserRecommend(call, callback) {
    const recommends = [];
    for (let i = 0; i < call.request.articleNum; i++) {
      recommends.push({ articleId: i + 1, track: { click: "click param", collect: "collect param", read: "read param" } });
    }
    callback(null, { exposer: "exposure", timeStamp: Date.now(), recommends });
  },
});
server.addService(Streamer.service, {
  Download(call) {
    const data = Buffer.alloc(call.request.size, 120);
    let i = 0;
    const pump = () => {
      while (i < call.request.count) {
        i++;
        if (!call.write({ data })) return void call.once("drain", pump);
      }
      call.end();
    };
    pump();
  },
  Echo(call) {
    call.on("data", (c) => call.write(c));
    call.on("end", () => call.end());
  },
  Mirror(call, callback) {
    callback(null, call.request);
  },
});
server.bindAsync(`127.0.0.1:${process.argv[2] ?? 0}`, grpc.ServerCredentials.createInsecure(), (err, port) => {
  if (err) throw err;
  console.log(`listening ${port}`);
});
process.on("SIGTERM", () => server.forceShutdown() ?? process.exit(0));
