/**
 * A client for gRPC server reflection: asks a server for its services and
 * the FileDescriptorProtos behind them, and decodes them with the schema
 * layer, the way grpcurl or buf curl do before they can call a method.
 *
 *   const reflection = new ReflectionClient(connect("http://127.0.0.1:50051"));
 *   const { services, pool } = await reflection.loadServices();
 *   const codec = new DynamicCodec(typeLookup(pool));
 */
import type { Channel } from "../rpc/channel.js";
import type { CallOptions } from "../rpc/call-options.js";
import { createClient } from "../rpc/client.js";
import type { PartialMessage } from "../rpc/message-init.js";
import { RpcError } from "../rpc/rpc-error.js";
import { decodeFileDescriptorProto } from "../schema/descriptor-codec.js";
import type { FileDescriptorProto } from "../schema/descriptor.js";
import { DescriptorPool } from "../schema/pool.js";
import * as v1 from "../gen/grpc/reflection/v1/reflection.js";
import * as v1alpha from "../gen/grpc/reflection/v1alpha/reflection.js";
import type { ReflectionVersion } from "./reflection.js";

type Request = v1.ServerReflectionRequest;
type Response = v1.ServerReflectionResponse;

export interface ReflectionClientOptions {
  /** Which service to ask. Default "v1". */
  readonly version?: ReflectionVersion;
  /** Options for each reflection call (timeoutMs, metadata, signal...). */
  readonly callOptions?: CallOptions;
}

export class ReflectionClient {
  private readonly call: (requests: Iterable<PartialMessage<Request>>, options?: CallOptions) => AsyncIterable<Response>;
  private readonly callOptions: CallOptions;

  constructor(channel: Channel, options: ReflectionClientOptions = {}) {
    const service = options.version === "v1alpha" ? v1alpha.ServerReflection : v1.ServerReflection;
    this.call = createClient(service, channel).serverReflectionInfo;
    this.callOptions = options.callOptions ?? {};
  }

  /** Sends the requests on one stream and returns the responses, in order (error_responses included). */
  async exchange(requests: readonly PartialMessage<Request>[]): Promise<Response[]> {
    const out: Response[] = [];
    for await (const response of this.call(requests, this.callOptions)) out.push(response);
    return out;
  }

  /** The fully qualified names of the server's services. */
  async listServices(): Promise<string[]> {
    const r = expect(await this.ask({ messageRequest: { case: "listServices", value: "" } }), "listServicesResponse");
    return r.service.map((s) => s.name);
  }

  /** A file and everything it imports, serialized, as the server sent them (the file first). */
  async fileBytesByFilename(fileName: string): Promise<Uint8Array[]> {
    return expect(await this.ask({ messageRequest: { case: "fileByFilename", value: fileName } }), "fileDescriptorResponse").fileDescriptorProto;
  }

  /** The file declaring a symbol and everything it imports, serialized (the file first). */
  async fileBytesContainingSymbol(symbol: string): Promise<Uint8Array[]> {
    return expect(await this.ask({ messageRequest: { case: "fileContainingSymbol", value: symbol } }), "fileDescriptorResponse").fileDescriptorProto;
  }

  async fileByFilename(fileName: string): Promise<FileDescriptorProto[]> {
    return (await this.fileBytesByFilename(fileName)).map(decodeFileDescriptorProto);
  }

  async fileContainingSymbol(symbol: string): Promise<FileDescriptorProto[]> {
    return (await this.fileBytesContainingSymbol(symbol)).map(decodeFileDescriptorProto);
  }

  /** The file declaring extension `extensionNumber` of `containingType`, and its imports. */
  async fileContainingExtension(containingType: string, extensionNumber: number): Promise<FileDescriptorProto[]> {
    const r = await this.ask({ messageRequest: { case: "fileContainingExtension", value: { containingType, extensionNumber } } });
    return expect(r, "fileDescriptorResponse").fileDescriptorProto.map(decodeFileDescriptorProto);
  }

  /** The numbers of the extensions of a message type the server knows. */
  async allExtensionNumbersOfType(messageType: string): Promise<number[]> {
    const r = await this.ask({ messageRequest: { case: "allExtensionNumbersOfType", value: messageType } });
    return expect(r, "allExtensionNumbersResponse").extensionNumber;
  }

  /**
   * Every service of the server and a pool of the files describing them
   * (what grpcurl's `describe` needs). Services the server cannot describe
   * are left out of `pool` and listed in `missing`.
   */
  async loadServices(): Promise<{ services: string[]; pool: DescriptorPool; missing: string[] }> {
    const services = await this.listServices();
    const responses = await this.exchange(services.map((s) => ({ messageRequest: { case: "fileContainingSymbol", value: s } })));
    const files = new Map<string, FileDescriptorProto>();
    const missing: string[] = [];
    responses.forEach((r, i) => {
      if (r.messageResponse.case !== "fileDescriptorResponse") {
        missing.push(services[i]!);
        return;
      }
      for (const bytes of r.messageResponse.value.fileDescriptorProto) {
        const fd = decodeFileDescriptorProto(bytes);
        if (!files.has(fd.name ?? "")) files.set(fd.name ?? "", fd);
      }
    });
    return { services, pool: poolOf([...files.values()]), missing };
  }

  private async ask(request: PartialMessage<Request>): Promise<Response> {
    const [response] = await this.exchange([request]);
    if (response === undefined) throw new Error("the reflection stream ended without a response");
    return response;
  }
}

type ResponseCase = Exclude<Response["messageResponse"]["case"], undefined>;
type ResponseValue<C extends ResponseCase> = Extract<Response["messageResponse"], { case: C }>["value"];

/** The response's value of the expected kind; an error_response is thrown as an RpcError. */
function expect<C extends ResponseCase>(response: Response, kind: C): ResponseValue<C> {
  const r = response.messageResponse;
  if (r.case === "errorResponse") throw new RpcError(r.value.errorCode, r.value.errorMessage);
  if (r.case !== kind) throw new Error(`expected ${kind} from the reflection service, got ${r.case ?? "nothing"}`);
  return r.value as ResponseValue<C>;
}

/**
 * A DescriptorPool of files received in any order (each added after its
 * imports). Throws if a file imports one that is not among them.
 */
export function poolOf(files: readonly FileDescriptorProto[]): DescriptorPool {
  const byName = new Map(files.map((f) => [f.name ?? "", f]));
  const pool = new DescriptorPool();
  const added = new Set<string>();
  const add = (f: FileDescriptorProto, path: readonly string[]): void => {
    const name = f.name ?? "";
    if (added.has(name)) return;
    if (path.includes(name)) throw new Error(`import cycle: ${[...path, name].join(" -> ")}`);
    for (const dep of f.dependency) {
      const d = byName.get(dep);
      if (d === undefined) throw new Error(`${name} imports ${dep}, which the server did not send`);
      add(d, [...path, name]);
    }
    pool.add(f);
    added.add(name);
  };
  for (const f of files) add(f, []);
  return pool;
}
