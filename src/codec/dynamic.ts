import { RUNTIME, type CodecContext } from "../codegen/codec-source.js";
import { emitCodec } from "../codegen/emit-message.js";
import { Printer } from "../codegen/printer.js";
import { Reader } from "../wire/reader.js";
import { Writer } from "../wire/writer.js";
import { unknownEnumValue, withFieldContext, withTagContext } from "./decode-context.js";
import type { MessageCodec, MessageType } from "./message-type.js";
import { planMessage, type MessagePlan, type TypeLookup } from "./message-plan.js";

/**
 * The dynamic codec: encodes and decodes messages from their descriptors at
 * run time, with no generated code (for reflection clients, the CLI and
 * tools). Messages have the same shape as generated ones — lowerCamelCase
 * properties, bigint for 64-bit integers, `Map` for maps, `{ case, value }`
 * for oneofs — but their prototype chain does not include Object.prototype,
 * so a field called `__proto__` or `constructor` is just a field.
 *
 * Each message type is compiled once, on first use, to the same code the
 * generator prints (src/codegen/emit-message.ts in its "js" mode), turned
 * into functions with `new Function`: an interpreter walking the plan for
 * every field costs several times more. Names from descriptors only ever
 * reach that source as JSON string literals.
 */
export type DynamicMessage = { [field: string]: unknown };

/** A oneof's value: which member is set, and its value. */
export interface OneofValue {
  case: string | undefined;
  value?: unknown;
}

/** Unknown fields, kept as their raw bytes and written back at the end. */
export const UNKNOWN_FIELDS = "$unknown";

/** A message type resolvable by name, with its file's syntax. */
export interface DynamicTypes extends TypeLookup {}

type Codec = MessageCodec<DynamicMessage>;

interface Compiled {
  plan: MessagePlan;
  /** Stable handle: other types' compiled code holds it before its methods exist. */
  codec: Codec;
}

/** An own property, or undefined: what the compiled encoder reads for names Object.prototype has too. */
function own(o: object, key: string): unknown {
  return Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** What the compiled source may refer to besides its own locals (the names generated modules import them as). */
const RUNTIME_NAMES = [RUNTIME.Reader, RUNTIME.Writer, RUNTIME.withFieldContext, RUNTIME.withTagContext, RUNTIME.unknownEnumValue, "$own", "$codec"];
const RUNTIME_VALUES = [Reader, Writer, withFieldContext, withTagContext, unknownEnumValue, own];

/**
 * Resolves the names the printer asks for into parameters of the compiled
 * function: `$T0`, `$T1`… for other message types, `$K0`… for closed enums.
 */
class JsContext implements CodecContext {
  readonly lang = "js";
  readonly names: string[] = [];
  readonly values: unknown[] = [];
  private readonly types = new Map<string, string>();

  constructor(private readonly resolve: (fullName: string) => Codec) {}

  typeRef(fullName: string): string {
    let name = this.types.get(fullName);
    if (name === undefined) {
      name = `$T${this.types.size}`;
      this.types.set(fullName, name);
      this.bind(name, this.resolve(fullName));
    }
    return name;
  }

  closedEnumSet(_fullName: string, values: ReadonlySet<number>): string {
    const name = `$K${this.names.length}`;
    this.bind(name, values);
    return name;
  }

  private bind(name: string, value: unknown): void {
    this.names.push(name);
    this.values.push(value);
  }
}

function compileSource(params: string[], body: string): (...args: unknown[]) => void {
  try {
    return new Function(...params, body) as (...args: unknown[]) => void;
  } catch (e) {
    if (e instanceof EvalError) {
      throw new Error("the dynamic codec compiles message types with new Function, which this process forbids (--disallow-code-generation-from-strings or a policy); use generated code instead", { cause: e });
    }
    throw e;
  }
}

export class DynamicCodec {
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly types: DynamicTypes) {}

  /** The MessageType for a fully-qualified message name (no leading dot). */
  messageType(fullName: string): MessageType<DynamicMessage> {
    return this.compile(fullName).codec;
  }

  /** The encoding plan of a message (fields in number order, oneofs). */
  plan(fullName: string): MessagePlan {
    return this.compile(fullName).plan;
  }

  private compile(fullName: string): Compiled {
    const known = this.compiled.get(fullName);
    if (known) return known;
    const found = this.types.message(fullName);
    if (!found) throw new Error(`unknown message type ${fullName}`);
    const plan = planMessage(fullName, found.descriptor, found.syntax, this.types);
    const compiled: Compiled = { plan, codec: { typeName: fullName } as Codec };
    // Registered before printing, so types that refer back to this one
    // (recursion, mutual recursion) get this handle instead of looping.
    this.compiled.set(fullName, compiled);
    try {
      const ctx = new JsContext((name) => this.compile(name).codec);
      const p = new Printer();
      emitCodec(p, ctx, "$codec", fullName, plan);
      const define = compileSource([...RUNTIME_NAMES, ...ctx.names], `"use strict";\n${p.toString()}`);
      define(...RUNTIME_VALUES, compiled.codec, ...ctx.values);
    } catch (e) {
      this.compiled.delete(fullName);
      throw e;
    }
    return compiled;
  }
}
