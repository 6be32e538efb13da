import { BUILTIN_COMPRESSIONS, IDENTITY, type Compression } from "../grpc/compression.js";

/**
 * The compression a sender uses for a choice given by name or object:
 * undefined for none ("identity" or nothing), else the named one from
 * `known` or the built-ins. Throws a TypeError for an unknown name.
 */
export function resolveSendCompression(choice: Compression | string | undefined, known: readonly Compression[]): Compression | undefined {
  if (choice === undefined || choice === IDENTITY) return undefined;
  if (typeof choice !== "string") return choice.name === IDENTITY ? undefined : choice;
  for (const c of known) if (c.name === choice) return c;
  for (const c of BUILTIN_COMPRESSIONS) if (c.name === choice) return c;
  throw new TypeError(`unknown compression ${JSON.stringify(choice)}`);
}
