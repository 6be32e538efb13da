import type { ServiceDescriptorProto } from "../schema/descriptor.js";
import { lowerFirst } from "../codec/names.js";
import type { MethodKind } from "../codec/message-type.js";
import { RUNTIME } from "./codec-source.js";
import type { FileContext } from "./file-context.js";
import type { Printer } from "./printer.js";
import { propertyKey, typeIdentifier } from "./ts-names.js";

function kindOf(clientStreaming: boolean, serverStreaming: boolean): MethodKind {
  if (clientStreaming) return serverStreaming ? "bidi_streaming" : "client_streaming";
  return serverStreaming ? "server_streaming" : "unary";
}

/**
 * A service -> a ServiceDefinition: for each method its path
 * ("/pkg.Service/Method", gRPC over HTTP/2 spec), kind and message codecs.
 * The RPC layer turns it into a typed client and typed handlers.
 */
export function emitService(p: Printer, ctx: FileContext, pkg: string, s: ServiceDescriptorProto): void {
  const name = s.name ?? "";
  const fullName = pkg ? `${pkg}.${name}` : name;
  p.line(`/** service ${fullName} */`);
  p.block(`export const ${typeIdentifier(name)} = {`, () => {
    p.line(`typeName: ${JSON.stringify(fullName)},`);
    p.line(`fileName: ${JSON.stringify(ctx.file.name ?? "")},`);
    p.line(`files: ${RUNTIME.filesOf}($file),`);
    p.block("methods: {", () => {
      for (const m of s.method) {
        const methodName = m.name ?? "";
        const kind = kindOf(m.clientStreaming ?? false, m.serverStreaming ?? false);
        const input = ctx.typeRef(m.inputType!.replace(/^\./, ""));
        const output = ctx.typeRef(m.outputType!.replace(/^\./, ""));
        p.line(`/** rpc ${methodName}(${m.clientStreaming ? "stream " : ""}${m.inputType!.replace(/^\./, "")}) returns (${m.serverStreaming ? "stream " : ""}${m.outputType!.replace(/^\./, "")}) */`);
        p.block(`${propertyKey(lowerFirst(methodName))}: {`, () => {
          p.line(`name: ${JSON.stringify(methodName)},`);
          p.line(`localName: ${JSON.stringify(lowerFirst(methodName))},`);
          p.line(`path: ${JSON.stringify(`/${fullName}/${methodName}`)},`);
          p.line(`kind: ${JSON.stringify(kind)},`);
          p.line(`input: ${input},`);
          p.line(`output: ${output},`);
        }, "},");
      }
    }, "},");
  }, `} as const satisfies ${RUNTIME.ServiceDefinition};`);
  p.line();
}
