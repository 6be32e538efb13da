// Loads echo.proto with @grpc/proto-loader, as grpc-js users do.
import { fileURLToPath } from "node:url";
import grpc from "@grpc/grpc-js";
import protoLoader from "@grpc/proto-loader";

const protoPath = fileURLToPath(new URL("../protos/echo.proto", import.meta.url));
const definition = protoLoader.loadSync(protoPath, { longs: String, enums: String, defaults: true, oneofs: true });
export const EchoService = grpc.loadPackageDefinition(definition).wiregrpc.interop.Echo;
export { grpc };
