/**
 * A ServiceDefinition built at run time from descriptors (the dynamic path:
 * no generated code), with the same shape generated code has, `files`
 * included, so server reflection describes it like a generated one.
 *
 *   const { all } = loadProtoFiles(["shop.proto"], { includePaths: ["protos"] });
 *   const pool = new DescriptorPool(); for (const f of all) pool.add(f);
 *   server.add(serviceFromPool(pool, "shop.v1.Shop"), handlers);
 */
import { DynamicCodec, type DynamicMessage } from "../codec/dynamic.js";
import { typeLookup } from "../codec/message-plan.js";
import type { MethodDefinition, MethodKind, ServiceDefinition } from "../codec/message-type.js";
import { lowerFirst } from "../codec/names.js";
import { encodeFileDescriptorProto } from "../schema/descriptor-codec.js";
import type { DescriptorPool } from "../schema/pool.js";

export type DynamicMethod = MethodDefinition<DynamicMessage, DynamicMessage>;

/**
 * The service `fullName` ("pkg.Service") of `pool`, its messages encoded
 * and decoded by `codec` (one DynamicCodec over the pool by default).
 */
export function serviceFromPool(
  pool: DescriptorPool,
  fullName: string,
  codec: DynamicCodec = new DynamicCodec(typeLookup(pool)),
): ServiceDefinition<Record<string, DynamicMethod>> {
  const found = pool.service(fullName);
  if (found === undefined) throw new Error(`no service ${fullName} in the pool`);
  const methods: Record<string, DynamicMethod> = Object.create(null) as Record<string, DynamicMethod>;
  for (const m of found.descriptor.method) {
    const name = m.name ?? "";
    methods[lowerFirst(name)] = {
      name,
      localName: lowerFirst(name),
      path: `/${fullName}/${name}`,
      kind: kindOf(m.clientStreaming ?? false, m.serverStreaming ?? false),
      input: codec.messageType(stripDot(m.inputType ?? "")),
      output: codec.messageType(stripDot(m.outputType ?? "")),
    };
  }
  const fileName = found.file.name ?? "";
  const files = new Map<string, Uint8Array>();
  for (const fd of pool.dependenciesOf(fileName)) files.set(fd.name ?? "", encodeFileDescriptorProto(fd));
  return { typeName: fullName, methods, files, fileName };
}

function kindOf(clientStreaming: boolean, serverStreaming: boolean): MethodKind {
  if (clientStreaming) return serverStreaming ? "bidi_streaming" : "client_streaming";
  return serverStreaming ? "server_streaming" : "unary";
}

function stripDot(name: string): string {
  return name.startsWith(".") ? name.slice(1) : name;
}
