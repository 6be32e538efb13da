// Generated modules, the library they import, and the consumer code in
// consumer.ts compile with exactOptionalPropertyTypes off and on: the types
// match what the README promises (partial messages in, whole messages out,
// `field: undefined` allowed for optional fields) under either setting.
// Generated modules are compiled as part of an application, so they must
// also pass noUnusedLocals and noUnusedParameters.
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { generateTarget, loadTargets, repoRoot } from "../codegen/targets.js";

/** "is declared but never used" and its variants: checked in generated modules only. */
const UNUSED = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205]);

function compilerOptions(exactOptionalPropertyTypes: boolean): ts.CompilerOptions {
  const configPath = join(repoRoot, "tsconfig.json");
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, repoRoot, undefined, configPath);
  return { ...parsed.options, exactOptionalPropertyTypes, noUnusedLocals: true, noUnusedParameters: true, noEmit: true };
}

function diagnostics(exactOptionalPropertyTypes: boolean): string[] {
  const generated = new Set(loadTargets().flatMap((t) => generateTarget(t).map((f) => join(repoRoot, f.path))));
  const roots = [join(repoRoot, "test", "types", "consumer.ts"), ...generated];
  const program = ts.createProgram(roots, compilerOptions(exactOptionalPropertyTypes));
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !UNUSED.has(d.code) || (d.file !== undefined && generated.has(join(d.file.fileName))))
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (d.file === undefined || d.start === undefined) return text;
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      return `${d.file.fileName.slice(repoRoot.length)}:${line + 1}:${character + 1}: ${text}`;
    });
}

describe("generated code and its consumers type-check", () => {
  it.each([false, true])("with exactOptionalPropertyTypes %s", (exact) => {
    expect(diagnostics(exact)).toEqual([]);
  }, 120_000);
});
