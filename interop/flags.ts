/**
 * Command-line flags as the standard gRPC interop binaries take them
 * (doc/interop-test-descriptions.md, "Client" and "Server"): `--name=value`,
 * `--name value`, and for booleans a bare `--name` (true) or
 * `--name=true|false`. Unknown flags are errors, so a typo is never silently
 * ignored.
 */

export type FlagKind = "string" | "int" | "bool";

export interface FlagSpec {
  readonly kind: FlagKind;
  readonly help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** The parsed value of each flag kind. */
type ValueOf<K extends FlagKind> = K extends "int" ? number : K extends "bool" ? boolean : string;

/** Flags given on the command line, by name; flags not given are absent. */
export type ParsedFlags<S extends FlagSpecs> = { [N in keyof S]?: ValueOf<S[N]["kind"]> };

export class FlagError extends Error {}

export function parseFlags<S extends FlagSpecs>(argv: readonly string[], specs: S): ParsedFlags<S> {
  const out = new Map<string, string | number | boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) throw new FlagError(`unexpected argument ${JSON.stringify(arg)}`);
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
    if (spec === undefined) throw new FlagError(`unknown flag --${name}`);
    let text: string;
    if (eq >= 0) {
      text = arg.slice(eq + 1);
    } else if (spec.kind === "bool") {
      text = "true";
    } else {
      const next = argv[++i];
      if (next === undefined) throw new FlagError(`--${name} needs a value`);
      text = next;
    }
    out.set(name, convert(name, spec.kind, text));
  }
  return Object.fromEntries(out) as ParsedFlags<S>;
}

function convert(name: string, kind: FlagKind, text: string): string | number | boolean {
  switch (kind) {
    case "string":
      return text;
    case "int": {
      if (!/^-?\d+$/.test(text)) throw new FlagError(`--${name} must be an integer, got ${JSON.stringify(text)}`);
      return Number(text);
    }
    case "bool": {
      const lower = text.toLowerCase();
      if (lower === "true" || lower === "1") return true;
      if (lower === "false" || lower === "0") return false;
      throw new FlagError(`--${name} must be true or false, got ${JSON.stringify(text)}`);
    }
  }
}

/** One line per flag, for usage messages. */
export function usage(program: string, specs: FlagSpecs): string {
  const lines = Object.entries(specs).map(([name, spec]) => {
    const value = spec.kind === "bool" ? "[=true|false]" : spec.kind === "int" ? "=N" : "=VALUE";
    return `  --${name}${value}`.padEnd(50) + spec.help;
  });
  return [`usage: ${program} [flags]`, ...lines].join("\n");
}
