// What an embedder gets from `npm install wiregrpc`: the packed tarball,
// unpacked into a fresh project's node_modules (it has no dependencies to
// fetch), `npx wiregrpc gen` on a .proto importing a well-known type, the
// generated code compiled by tsc --strict against the package's .d.ts files,
// and a call from its client to its server.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { INSTALL, requirement } from "../requirements.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const built = requirement("dist/ (the build)", existsSync(join(root, "dist", "src", "index.js")), INSTALL.build);
const project = mkdtempSync(join(tmpdir(), "wiregrpc-embed-"));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe.skipIf(!built)("the npm package", () => {
  it("installs, generates, type-checks and runs a client and server", () => {
    const packed = execFileSync("npm", ["pack", "--silent", "--ignore-scripts", "--pack-destination", project], { cwd: root }).toString().trim().split("\n").pop()!;
    const pkgDir = join(project, "node_modules", "wiregrpc");
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "embed", private: true, type: "module" }));
    // As the README says: npm install of the tarball (it has no dependencies to fetch).
    execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", join(project, packed)], { cwd: project, stdio: "pipe" });
    expect(readdirSync(join(pkgDir))).not.toContain("node_modules");
    const shipped = execFileSync("tar", ["-tzf", join(project, packed)]).toString().split("\n").filter((f) => f !== "");
    // Tests and the interop-only protos are not shipped; LICENSE and CHANGELOG are.
    expect(shipped.filter((f) => /\.test\.(ts|js)\b/.test(f))).toEqual([]);
    expect(shipped.filter((f) => f.startsWith("package/proto/grpc/testing"))).toEqual([]);
    expect(shipped).toEqual(expect.arrayContaining(["package/LICENSE", "package/CHANGELOG.md", "package/README.md"]));
    // Every source map points at sources that are in the package.
    const maps = shipped.filter((f) => f.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const file = join(project, "node_modules", "wiregrpc", map.slice("package/".length));
      const { sources } = JSON.parse(readFileSync(file, "utf8")) as { sources: string[] };
      for (const source of sources) expect(existsSync(join(dirname(file), source)), `${map} -> ${source}`).toBe(true);
    }

    mkdirSync(join(project, "proto"));
    writeFileSync(
      join(project, "proto", "hello.proto"),
      'syntax = "proto3";\npackage demo;\nimport "google/protobuf/timestamp.proto";\n' +
        "message HelloRequest { string name = 1; google.protobuf.Timestamp at = 2; }\n" +
        "message HelloReply { string message = 1; }\n" +
        "service Greeter { rpc SayHello(HelloRequest) returns (HelloReply); }\n",
    );
    execFileSync(process.execPath, [join(pkgDir, "bin", "wiregrpc.js"), "gen", "-I", "proto", "--out", "gen", "proto/hello.proto"], { cwd: project });
    writeFileSync(
      join(project, "main.ts"),
      `import { connect, createClient, createServer } from "wiregrpc";
import { Greeter } from "./gen/hello.js";
const server = createServer();
server.add(Greeter, { async sayHello(req) { return { message: \`hello \${req.name} at \${req.at?.seconds}\` }; } });
const port = await server.listen("127.0.0.1:0");
const channel = connect(\`http://127.0.0.1:\${port}\`);
const res = await createClient(Greeter, channel).sayHello({ name: "embedder", at: { seconds: 42n } });
console.log(res.message);
await channel.close();
await server.close();
`,
    );
    writeFileSync(
      join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, outDir: "out", types: ["node"], typeRoots: [join(root, "node_modules", "@types")] },
        include: ["main.ts", "gen"],
      }),
    );
    execFileSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."], { cwd: project });
    const out = execFileSync(process.execPath, [join(project, "out", "main.js")], { cwd: project, timeout: 20_000 }).toString();
    expect(out.trim()).toBe("hello embedder at 42");
  });
});
