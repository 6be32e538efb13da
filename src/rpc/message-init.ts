/**
 * What callers may pass where a message is expected: any subset of its
 * fields, nested messages included. Encoders fill in the defaults
 * (DESIGN.md: "encoders accept partial objects").
 */
export type PartialMessage<T> = T extends Uint8Array | bigint | string | number | boolean | null | undefined
  ? T
  : T extends readonly (infer E)[]
    ? PartialMessage<E>[]
    : T extends ReadonlyMap<infer K, infer V>
      ? Map<K, PartialMessage<V>>
      : T extends object
        ? { [K in keyof T]?: PartialMessage<T[K]> }
        : T;
