/**
 * gRPC server reflection, grpc.reflection.v1.ServerReflection and the
 * older grpc.reflection.v1alpha.ServerReflection (same messages, same field
 * numbers; many clients still only know v1alpha). The protocol is
 * proto/grpc/reflection/v1/reflection.proto, described in grpc/grpc's
 * doc/server-reflection.md: one bidi stream, one response per request, in
 * order, each echoing its request.
 *
 *   addReflection(server);                          // the registered services
 *   addReflection(server, { files: loaded.all });   // plus files of the dynamic path
 *
 * Built only on the public server API: the services come from
 * server.serviceDefinitions(), their schema from the FileDescriptorProtos
 * generated code embeds in each ServiceDefinition (`files`, keyed by import
 * path, transitively), so the bytes served are protoc's.
 */
import { Code } from "../grpc/code.js";
import type { Server } from "../rpc/server.js";
import type { DescriptorPool } from "../schema/pool.js";
import * as v1 from "../gen/grpc/reflection/v1/reflection.js";
import * as v1alpha from "../gen/grpc/reflection/v1alpha/reflection.js";
import { ReflectionIndex, type ReflectionFile } from "./reflection-index.js";

export type ReflectionVersion = "v1" | "v1alpha";

export interface ReflectionOptions {
  /**
   * Files to serve besides those the registered services carry: descriptors
   * (or their serialized bytes) from the dynamic path, e.g.
   * `loadProtoFiles(...).all`, or a DescriptorPool (read again on each
   * request, so files added to it later are served too). Include the files
   * they import, well-known types too, or strict clients will reject them.
   */
  readonly files?: Iterable<ReflectionFile> | DescriptorPool;
  /** Which versions of the service to register. Default both. */
  readonly versions?: readonly ReflectionVersion[];
}

type Request = v1.ServerReflectionRequest;
type Response = v1.ServerReflectionResponse;

/** Answers reflection requests for one server. */
export class ReflectionService {
  private readonly index = new ReflectionIndex();
  /** How many of server.serviceDefinitions() have had their files indexed (services are only ever added). */
  private indexedServices = 0;
  private readonly pools: DescriptorPool[] = [];

  constructor(
    private readonly server: Server,
    options: ReflectionOptions = {},
  ) {
    if (options.files !== undefined) this.addFiles(options.files);
  }

  /** Serves more files (see ReflectionOptions.files). */
  addFiles(files: Iterable<ReflectionFile> | DescriptorPool): void {
    if (isPool(files)) this.pools.push(files);
    else for (const f of files) this.index.add(f);
  }

  /** The handlers of ServerReflectionInfo, for v1 and v1alpha alike. */
  readonly handlers = {
    serverReflectionInfo: (requests: AsyncIterable<Request>): AsyncIterable<Response> => this.info(requests),
  };

  /** The answer to one request (what the stream sends back for it). */
  answer(request: Request): Response {
    this.sync();
    const base = { validHost: request.host, originalRequest: request };
    const r = request.messageRequest;
    switch (r.case) {
      case "listServices":
        // "The content will not be checked."
        return { ...base, messageResponse: { case: "listServicesResponse", value: { service: this.server.services().map((name) => ({ name })) } } };
      case "fileByFilename":
        return this.files(base, this.index.withDependencies(r.value), `file ${JSON.stringify(r.value)} not found`);
      case "fileContainingSymbol": {
        const file = this.index.fileOfSymbol(r.value);
        return this.files(base, file === undefined ? undefined : this.index.withDependencies(file), `symbol ${JSON.stringify(r.value)} not found`);
      }
      case "fileContainingExtension": {
        const { containingType, extensionNumber } = r.value;
        const file = this.index.fileOfExtension(containingType, extensionNumber);
        return this.files(
          base,
          file === undefined ? undefined : this.index.withDependencies(file),
          `extension ${extensionNumber} of ${JSON.stringify(containingType)} not found`,
        );
      }
      case "allExtensionNumbersOfType": {
        const numbers = this.index.extensionNumbers(r.value);
        if (numbers === undefined) return error(base, Code.NotFound, `type ${JSON.stringify(r.value)} not found`);
        const baseTypeName = r.value.startsWith(".") ? r.value.slice(1) : r.value;
        return { ...base, messageResponse: { case: "allExtensionNumbersResponse", value: { baseTypeName, extensionNumber: numbers } } };
      }
      default:
        return error(base, Code.InvalidArgument, "the request sets none of the message_request fields");
    }
  }

  private async *info(requests: AsyncIterable<Request>): AsyncGenerator<Response> {
    // An unknown name is answered with an error_response and the stream goes on.
    for await (const request of requests) yield this.answer(request);
  }

  private files(base: Pick<Response, "validHost" | "originalRequest">, files: Uint8Array[] | undefined, notFound: string): Response {
    if (files === undefined) return error(base, Code.NotFound, notFound);
    return { ...base, messageResponse: { case: "fileDescriptorResponse", value: { fileDescriptorProto: files } } };
  }

  /** Indexes the files of services added since the last request, and of pools. */
  private sync(): void {
    const definitions = this.server.serviceDefinitions();
    for (; this.indexedServices < definitions.length; this.indexedServices++) {
      const files = definitions[this.indexedServices]!.files;
      if (files !== undefined) for (const bytes of files.values()) this.index.add(bytes);
    }
    for (const pool of this.pools) for (const fd of pool.files()) if (!this.index.has(fd.name ?? "")) this.index.add(fd);
  }
}

function error(base: Pick<Response, "validHost" | "originalRequest">, code: Code, message: string): Response {
  return { ...base, messageResponse: { case: "errorResponse", value: { errorCode: code, errorMessage: message } } };
}

function isPool(files: Iterable<ReflectionFile> | DescriptorPool): files is DescriptorPool {
  return !(Symbol.iterator in files);
}

/**
 * Registers server reflection on `server` (v1 and v1alpha unless `versions`
 * says otherwise). Services added to the server later are served too.
 */
export function addReflection(server: Server, options: ReflectionOptions = {}): ReflectionService {
  const service = new ReflectionService(server, options);
  const versions = options.versions ?? ["v1", "v1alpha"];
  if (versions.includes("v1")) server.add(v1.ServerReflection, service.handlers);
  if (versions.includes("v1alpha")) server.add(v1alpha.ServerReflection, service.handlers);
  return service;
}

export { ServerReflection } from "../gen/grpc/reflection/v1/reflection.js";
export { ServerReflection as ServerReflectionV1Alpha } from "../gen/grpc/reflection/v1alpha/reflection.js";
