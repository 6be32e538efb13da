// reco.proto and streamer.proto loaded with @grpc/proto-loader, as grpc-js users do.
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const options = { longs: String, enums: String, defaults: true, oneofs: true };
const reco = protoLoader.loadSync(fileURLToPath(new URL("../../proto/reco.proto", import.meta.url)), options);
const streamer = protoLoader.loadSync(fileURLToPath(new URL("../protos/streamer.proto", import.meta.url)), options);
export const UserRecommend = grpc.loadPackageDefinition(reco).UserRecommend;
export const Streamer = grpc.loadPackageDefinition(streamer).bench.Streamer;
export { grpc };
export const channelOptions = { "grpc.max_receive_message_length": 64 * 1024 * 1024, "grpc.max_send_message_length": 64 * 1024 * 1024 };
