import { FieldType } from "../schema/descriptor.js";
import { DecodeError } from "../wire/decode-error.js";
import { Reader } from "../wire/reader.js";
import { Writer } from "../wire/writer.js";
import { readScalar, isDefaultScalar, writeScalar, zeroScalar } from "./dynamic-scalars.js";
import type { MessageType } from "./message-type.js";
import { planMessage, type FieldPlan, type MessagePlan, type TypeLookup } from "./message-plan.js";

/**
 * The dynamic codec: encodes and decodes messages from their descriptors at
 * run time, with no generated code (for reflection clients, the CLI and
 * tools). Messages have the same shape as generated ones — lowerCamelCase
 * properties, bigint for 64-bit integers, `Map` for maps, `{ case, value }`
 * for oneofs — but their prototype chain does not include Object.prototype,
 * so a field called `__proto__` or `constructor` is just a field.
 */
export type DynamicMessage = { [field: string]: unknown };

/** A oneof's value: which member is set, and its value. */
export interface OneofValue {
  case: string | undefined;
  value?: unknown;
}

/** Unknown fields, kept as their raw bytes and written back at the end. */
export const UNKNOWN_FIELDS = "$unknown";

interface Compiled {
  plan: MessagePlan;
  /**
   * Instances start with the same properties in the same order, so V8 gives
   * them one hidden class; the prototype has no prototype of its own.
   */
  construct: new () => DynamicMessage;
  /** Decode actions by tag value; both packed and unpacked tags of a field point to it. */
  byTag: Map<number, FieldPlan>;
  type: MessageType<DynamicMessage>;
}

/** A message type resolvable by name, with its file's syntax. */
export interface DynamicTypes extends TypeLookup {}

export class DynamicCodec {
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly types: DynamicTypes) {}

  /** The MessageType for a fully-qualified message name (no leading dot). */
  messageType(fullName: string): MessageType<DynamicMessage> {
    return this.compile(fullName).type;
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
    const byTag = new Map<number, FieldPlan>();
    for (const f of plan.fields) {
      byTag.set(f.unpackedTag, f);
      if (f.packedTag !== undefined) byTag.set(f.packedTag, f);
    }
    const codec = this;
    const construct = function DynamicMessage() {} as unknown as new () => DynamicMessage;
    construct.prototype = Object.create(null) as object;
    const compiled: Compiled = {
      plan,
      construct,
      byTag,
      type: {
        typeName: fullName,
        create: (partial) => codec.create(compiled, partial),
        encode(message) {
          const w = new Writer();
          codec.write(compiled, message, w);
          return w.finish();
        },
        decode(bytes) {
          const r = new Reader(bytes);
          return codec.read(compiled, r, undefined, undefined);
        },
      },
    };
    this.compiled.set(fullName, compiled);
    return compiled;
  }

  // ---- create ---------------------------------------------------------------

  private create(c: Compiled, partial?: Partial<DynamicMessage>): DynamicMessage {
    const m = new c.construct();
    for (const f of c.plan.fields) {
      if (f.oneofIndex !== undefined) continue;
      if (f.map) m[f.localName] = new Map();
      else if (f.repeated) m[f.localName] = [];
      else if (f.presence === "implicit") m[f.localName] = zeroScalar(f.type);
      else if (f.presence === "required") m[f.localName] = f.type === FieldType.Enum ? f.enumDefault : f.scalar ? zeroScalar(f.type) : undefined;
    }
    for (const o of c.plan.oneofs) m[o.localName] = { case: undefined } satisfies OneofValue;
    if (partial) for (const key of Object.keys(partial)) m[key] = partial[key];
    return m;
  }

  // ---- encode ---------------------------------------------------------------

  private write(c: Compiled, m: DynamicMessage, w: Writer): void {
    const { plan } = c;
    for (const f of plan.fields) {
      if (f.oneofIndex !== undefined) {
        const o = m[plan.oneofs[f.oneofIndex]!.localName] as OneofValue | undefined;
        if (o?.case === f.localName) this.writeValue(f, o.value, w);
        continue;
      }
      const v = m[f.localName];
      if (v === undefined || v === null) continue;
      if (f.map) {
        for (const [key, value] of v as Map<unknown, unknown>) {
          w.uint32(f.tag).fork();
          this.writeValue(f.map.key, key, w);
          this.writeValue(f.map.value, value ?? this.defaultOf(f.map.value), w);
          w.join();
        }
      } else if (f.repeated) {
        const list = v as unknown[];
        if (f.packed) {
          if (list.length === 0) continue;
          w.uint32(f.tag).fork();
          for (const item of list) writeScalar(w, f.type, item);
          w.join();
        } else {
          for (const item of list) this.writeValue(f, item, w);
        }
      } else if (f.presence !== "implicit" || !f.scalar || !isDefaultScalar(f.type, v)) {
        this.writeValue(f, v, w);
      }
    }
    const unknown = m[UNKNOWN_FIELDS] as Uint8Array[] | undefined;
    if (unknown) for (const u of unknown) w.raw(u);
  }

  /** Writes one value with its (unpacked) tag. */
  private writeValue(f: FieldPlan, v: unknown, w: Writer): void {
    if (f.scalar) {
      w.uint32(f.unpackedTag);
      writeScalar(w, f.type, v);
    } else if (f.type === FieldType.Group) {
      w.uint32(f.unpackedTag);
      this.write(this.compile(f.typeName!), v as DynamicMessage, w);
      w.uint32(f.endGroupTag!);
    } else {
      w.uint32(f.unpackedTag).fork();
      this.write(this.compile(f.typeName!), v as DynamicMessage, w);
      w.join();
    }
  }

  private defaultOf(f: FieldPlan): unknown {
    if (f.scalar) return f.type === FieldType.Enum ? f.enumDefault : zeroScalar(f.type);
    return this.create(this.compile(f.typeName!));
  }

  // ---- decode ---------------------------------------------------------------

  /**
   * Reads fields until the end of the current message (or the end-group tag
   * for groups), merging into `into` when given, as the spec requires for a
   * message field that appears more than once.
   */
  private read(c: Compiled, r: Reader, into: DynamicMessage | undefined, endGroupTag: number | undefined): DynamicMessage {
    const m = into ?? this.create(c);
    const { plan, byTag } = c;
    let f: FieldPlan | undefined;
    try {
      while (r.pos < r.end) {
        const tag = r.tag();
        if (tag === endGroupTag) return m;
        f = byTag.get(tag);
        if (f === undefined) {
          this.keepUnknown(m, r.unknown(tag));
          continue;
        }
        if (f.map) this.readMapEntry(f, m[f.localName] as Map<unknown, unknown>, r);
        else if (f.repeated) this.readRepeated(f, tag, m, r);
        else if (f.oneofIndex !== undefined) {
          const key = plan.oneofs[f.oneofIndex]!.localName;
          const current = m[key] as OneofValue;
          const merged = current.case === f.localName ? current.value : undefined;
          const value = this.readOne(f, r, merged, m);
          if (value !== SKIPPED) m[key] = { case: f.localName, value } satisfies OneofValue;
        } else {
          const value = this.readOne(f, r, m[f.localName], m);
          if (value !== SKIPPED) m[f.localName] = value;
        }
        f = undefined;
      }
      if (endGroupTag !== undefined) throw r.error(`group ${endGroupTag >>> 3} has no end-group tag`);
      return m;
    } catch (e) {
      if (e instanceof DecodeError && f !== undefined) throw e.withContext(`${plan.fullName}.${f.protoName}`);
      throw e;
    }
  }

  private keepUnknown(m: DynamicMessage, raw: Uint8Array): void {
    const list = m[UNKNOWN_FIELDS] as Uint8Array[] | undefined;
    if (list) list.push(raw);
    else m[UNKNOWN_FIELDS] = [raw];
  }

  /** Reads one value of a singular field; messages merge into `existing`. */
  private readOne(f: FieldPlan, r: Reader, existing: unknown, owner: DynamicMessage): unknown {
    if (f.scalar) {
      const start = r.tagStart;
      const v = readScalar(r, f.type, f.validateUtf8);
      if (f.closedEnumValues && !f.closedEnumValues.has(v as number)) {
        // proto2 enums are closed: an unknown number is kept as an unknown field.
        this.keepUnknown(owner, r.buf.slice(start, r.pos));
        return SKIPPED;
      }
      return v;
    }
    const sub = this.compile(f.typeName!);
    if (f.type === FieldType.Group) {
      r.beginGroup();
      const v = this.read(sub, r, existing as DynamicMessage | undefined, f.endGroupTag);
      r.endGroup();
      return v;
    }
    const outer = r.beginMessage();
    const v = this.read(sub, r, existing as DynamicMessage | undefined, undefined);
    r.endMessage(outer);
    return v;
  }

  private readRepeated(f: FieldPlan, tag: number, m: DynamicMessage, r: Reader): void {
    const list = m[f.localName] as unknown[];
    if (tag === f.packedTag && f.packedTag !== f.unpackedTag) {
      const values = r.packed<unknown>([], (rr) => readScalar(rr, f.type, false));
      if (f.closedEnumValues) {
        const unknown = new Writer();
        for (const v of values) {
          if (f.closedEnumValues.has(v as number)) list.push(v);
          else unknown.uint32(f.unpackedTag).int32(v as number);
        }
        if (unknown.length > 0) this.keepUnknown(m, unknown.finish().slice());
      } else {
        for (const v of values) list.push(v);
      }
      return;
    }
    const v = this.readOne(f, r, undefined, m);
    if (v !== SKIPPED) list.push(v);
  }

  private readMapEntry(f: FieldPlan, map: Map<unknown, unknown>, r: Reader): void {
    const { key: kf, value: vf } = f.map!;
    const outer = r.beginMessage();
    let key: unknown = kf.scalar ? zeroScalar(kf.type) : undefined;
    let value: unknown;
    while (r.pos < r.end) {
      const tag = r.tag();
      if (tag === kf.unpackedTag) key = readScalar(r, kf.type, kf.validateUtf8);
      else if (tag === vf.unpackedTag) {
        if (vf.scalar) value = readScalar(r, vf.type, vf.validateUtf8);
        else {
          const inner = r.beginMessage();
          value = this.read(this.compile(vf.typeName!), r, value as DynamicMessage | undefined, undefined);
          r.endMessage(inner);
        }
      } else r.skip(tag);
    }
    r.endMessage(outer);
    map.set(key, value ?? this.defaultOf(vf));
  }
}

const SKIPPED: unique symbol = Symbol("skipped");
