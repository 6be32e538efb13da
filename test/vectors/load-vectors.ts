// Reads the committed conformance vectors: `<name>.txtpb` (text format, with
// "# proto:" and "# type:" headers) and `<name>.bin` (what protoc --encode made).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Vector {
  group: string;
  name: string;
  proto: string;
  type: string;
  text: string;
  bytes: Uint8Array;
}

export const vectorsDir = fileURLToPath(new URL(".", import.meta.url));

export function loadVectors(group: string): Vector[] {
  const dir = join(vectorsDir, group);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txtpb"))
    .sort()
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      const name = file.replace(/\.txtpb$/, "");
      return {
        group,
        name,
        proto: /^#\s*proto:\s*(\S+)/m.exec(text)?.[1] ?? "",
        type: /^#\s*type:\s*(\S+)/m.exec(text)?.[1] ?? "",
        text,
        bytes: new Uint8Array(readFileSync(join(dir, `${name}.bin`))),
      };
    });
}
