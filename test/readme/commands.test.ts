// Every command the README shows is checked here, word for word where it can
// be run in a test: the README's ```sh blocks and the commands quoted in its
// prose are collected, and each must have an entry in CHECKS below (a new
// command in the README fails this test until it gets one, and an entry whose
// command left the README fails too). Commands that take minutes or are CI
// itself are "covered" by what runs them and are checked for what can be
// checked quickly (the script exists and parses).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufBinary } from "../interop/peers.js";
import { inCI, INSTALL, requirement } from "../requirements.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(join(root, "README.md"), "utf8");
const scripts = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const built = requirement("dist/ (the build)", existsSync(join(root, "dist", "examples", "reco", "server.js")), INSTALL.build);
const haveBuf = requirement("buf (test/interop)", existsSync(bufBinary), INSTALL.interopPeers);

/** The README's commands: every line of its sh blocks, and inline code that starts like a command. */
function readmeCommands(): Set<string> {
  const commands = new Set<string>();
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split("\n")) {
      const command = line.replace(/\s+#.*$/, "").trim();
      if (command !== "") commands.add(command);
    }
  }
  const prose = readme.replace(/```[\s\S]*?```/g, "");
  for (const code of prose.matchAll(/`([^`\n]+)`/g)) {
    if (/^(npm|npx|node|bash|wiregrpc|\(cd) /.test(code[1]!)) commands.add(code[1]!);
  }
  return commands;
}

interface Result {
  status: number | null;
  out: string;
}

/** Runs a README command as written, through sh, as a user would type it. */
function sh(command: string, cwd = root, timeout = 60_000): Result {
  const r = spawnSync("sh", ["-c", command], { cwd, encoding: "utf8", timeout, env: { ...process.env, npm_config_update_notifier: "false" } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function expectRun(command: string, output: RegExp, cwd = root): void {
  const r = sh(command, cwd);
  expect(r.status, r.out).toBe(0);
  expect(r.out).toMatch(output);
}

/** Starts a long-running README command; resolves once its output matches `ready`. */
function serve(command: string, ready: RegExp): Promise<ChildProcess> {
  const child = spawn("sh", ["-c", `exec ${command}`], { cwd: root, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (ready.test(out)) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${command} exited with ${code}:\n${out}`)));
  });
}

/** Stops a served command and everything it started (npm runs node as a child). */
function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    process.kill(-child.pid!, "SIGTERM");
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createTcpServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/** A command that is covered elsewhere: `why` says where, `check` tests what can be tested here. */
interface Covered {
  covered: string;
  check: () => void;
}
/** A command run here, word for word; `needsServer`: with `npm start` serving on 127.0.0.1:8000. */
interface Run {
  run: () => void | Promise<void>;
  needsServer?: boolean;
}
type Check = Covered | Run;

const scriptIs = (name: string, body: string) => () => expect(scripts[name]).toBe(body);
const parses = (...files: string[]) => () => {
  for (const file of files) {
    const r = /\.m?js$/.test(file) ? spawnSync(process.execPath, ["--check", join(root, file)]) : spawnSync("bash", ["-n", join(root, file)]);
    expect(r.status, `${file}: ${r.stderr}`).toBe(0);
  }
};

// The embedder's project for the install commands, in a folder next to a "clone" of wiregrpc
// (a copy of this work tree without its build, sharing node_modules).
const sandbox = mkdtempSync(join(tmpdir(), "wiregrpc-readme-"));
const project = join(sandbox, "project");
const clone = join(sandbox, "wiregrpc");
mkdirSync(project);
cpSync(root, clone, { recursive: true, filter: (src) => !/\/(node_modules|dist|\.git)$/.test(src) });
symlinkSync(join(root, "node_modules"), join(clone, "node_modules"));
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "my-app", private: true, type: "module" }));
const BUF_CURL = "npm run buf -- curl --protocol grpc --http2-prior-knowledge";

const CHECKS: Record<string, Check> = {
  "npm install && npm start": {
    covered: "CI's npm ci (which builds through the prepare script) and `npm start`, run below",
    check: () => {
      expect(scripts["prepare"]).toBe("npm run build");
      expect(scripts["start"]).toBe("node dist/examples/reco/server.js");
    },
  },
  "npm test": { covered: "this very run", check: scriptIs("test", "vitest run") },
  "bash .ci/run": { covered: "CI runs it on every submission", check: parses(".ci/run") },
  "npm start": { needsServer: true, run: () => expect(server?.exitCode).toBe(null) },
  "npm start -- --port 9000": {
    run: async () => {
      if (!(await portFree(9000)) && !inCI) return console.warn("skipping `npm start -- --port 9000`: port 9000 is in use");
      await stop(await serve("npm start -- --port 9000", /listening on 127\.0\.0\.1:9000/));
    },
  },
  "npm run client": { needsServer: true, run: () => expectRun("npm run client", /exposer: 'exposure'[\s\S]*articleId: 10n/) },
  "npm run annotate": { run: () => expectRun("npm run annotate", /tag \| value[\s\S]*article_num/) },
  "npm pack": {
    run: () => {
      // In "your clone": a copy of this work tree next to the project (npm pack rebuilds dist/
      // through the prepare script, which must not pull dist/ from under tests running here).
      expectRun("npm pack", /wiregrpc-0\.1\.0\.tgz/, clone);
      expect(existsSync(join(clone, "wiregrpc-0.1.0.tgz"))).toBe(true);
    },
  },
  "npm install ../wiregrpc/wiregrpc-0.1.0.tgz": {
    run: () => {
      expectRun("npm install ../wiregrpc/wiregrpc-0.1.0.tgz", /added 1 package|up to date/, project);
      expect(existsSync(join(project, "node_modules", "wiregrpc", "dist", "src", "index.js"))).toBe(true);
    },
  },
  "npx wiregrpc gen -I proto --out gen proto/reco.proto": {
    run: () => {
      cpSync(join(root, "proto", "reco.proto"), join(project, "proto", "reco.proto"));
      expectRun("npx wiregrpc gen -I proto --out gen proto/reco.proto", /wrote 1 file to gen/, project);
      expect(readFileSync(join(project, "gen", "reco.ts"), "utf8")).toContain("export const UserRecommend");
    },
  },
  "wiregrpc gen --help": { run: () => expectRun("npx wiregrpc gen --help", /^Usage: wiregrpc gen/m, project) },
  "npx wiregrpc gen": { covered: "a mention of the command run in full above", check: () => expect(CHECKS["npx wiregrpc gen -I proto --out gen proto/reco.proto"]).toBeDefined() },
  "wiregrpc gen": { covered: "a mention of the command run in full above", check: () => expect(CHECKS["wiregrpc gen --help"]).toBeDefined() },
  "npm install git+<the repository's URL>": {
    run: () => {
      // The repository's URL, here: this clone, as a git+file URL (npm clones it and builds it).
      const dir = join(sandbox, "from-git");
      mkdirSync(dir);
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "from-git", private: true }));
      const r = sh(`npm install --no-audit --no-fund git+file://${root}`, dir, 240_000);
      expect(r.status, r.out).toBe(0);
      expect(existsSync(join(dir, "node_modules", "wiregrpc", "dist", "src", "index.js"))).toBe(true);
    },
  },
  "npm run peers": {
    covered: ".ci/run runs it to install test/interop",
    check: () => {
      expect(scripts["peers"]).toBe("npm install --prefix test/interop --no-audit --no-fund");
      expect(readFileSync(join(root, ".ci", "run"), "utf8")).toContain("npm run peers");
    },
  },
  [`${BUF_CURL} --list-services http://127.0.0.1:8000`]: {
    needsServer: true,
    run: () => {
      if (!haveBuf) return;
      expectRun(`${BUF_CURL} --list-services http://127.0.0.1:8000`, /^UserRecommend$[\s\S]*^grpc\.health\.v1\.Health$/m);
    },
  },
  [`${BUF_CURL} -d '{"user_id": 1, "article_num": 2}' http://127.0.0.1:8000/UserRecommend/UserRecommend`]: {
    needsServer: true,
    run: () => {
      if (!haveBuf) return;
      expectRun(`${BUF_CURL} -d '{"user_id": 1, "article_num": 2}' http://127.0.0.1:8000/UserRecommend/UserRecommend`, /"exposer": "exposure"[\s\S]*"articleId": "2"/);
    },
  },
  [`${BUF_CURL} -d '{}' http://127.0.0.1:8000/grpc.health.v1.Health/Check`]: {
    needsServer: true,
    run: () => {
      if (!haveBuf) return;
      expectRun(`${BUF_CURL} -d '{}' http://127.0.0.1:8000/grpc.health.v1.Health/Check`, /"status": "SERVING"/);
    },
  },
  "npm run buf -- ...": { covered: "a mention of the three buf curl commands run above", check: scriptIs("buf", "node scripts/buf.mjs") },
  "npm run interop-server -- --port=10000": {
    run: async () => {
      if (!(await portFree(10000)) && !inCI) return console.warn("skipping the interop commands: port 10000 is in use");
      const interopServer = await serve("npm run interop-server -- --port=10000", /listening on port 10000/);
      try {
        expectRun("npm run interop-client -- --server_port=10000 --test_case=all", /PASS large_unary/);
      } finally {
        await stop(interopServer);
      }
    },
  },
  "npm run interop-client -- --server_port=10000 --test_case=all": {
    covered: "run against the interop server in the check of npm run interop-server",
    check: scriptIs("interop-client", "node dist/interop/client.js"),
  },
  "npm run gen": {
    covered: "test/codegen/up-to-date.test.ts, the same test without the write flag",
    check: scriptIs("gen", "WIREGRPC_GEN_WRITE=1 vitest run test/codegen/up-to-date.test.ts"),
  },
  "npm run vectors": { covered: ".ci/run runs it before the tests", check: parses("scripts/vectors.mjs") },
  "npm run schema-fixtures": {
    covered: "src/schema/conformance.test.ts compares against the fixtures it writes",
    check: () => {
      expect(scripts["schema-fixtures"]).toBe("sh scripts/schema-fixtures.sh");
      parses("scripts/schema-fixtures.sh")();
    },
  },
  // The benchmarks run for minutes each and need a quiet machine; they are run by hand (bench/README.md).
  "npm run build && bash bench/setup.sh": { covered: "run by hand before benchmarking", check: parses("bench/setup.sh") },
  "node bench/codec.bench.mjs": { covered: "run by hand (bench/README.md)", check: parses("bench/codec.bench.mjs") },
  "node bench/rpc.bench.mjs": { covered: "run by hand (bench/README.md)", check: parses("bench/rpc.bench.mjs") },
  "node bench/soak.bench.mjs": { covered: "run by hand (bench/README.md)", check: parses("bench/soak.bench.mjs") },
  "node bench/overload.bench.mjs": { covered: "run by hand (bench/README.md)", check: parses("bench/overload.bench.mjs") },
  "(cd bench && npm run parse)": { covered: "run by hand (bench/README.md)", check: parses("bench/parse.bench.mjs") },
};
mkdirSync(join(project, "proto"));

let server: ChildProcess | undefined;

describe("the README's commands", () => {
  beforeAll(async () => {
    if (!built) return;
    if (!(await portFree(8000)) && !inCI) return console.warn("skipping the README's commands that need `npm start` on 127.0.0.1:8000: the port is in use");
    server = await serve("npm start", /listening on 127\.0\.0\.1:8000/);
  });
  afterAll(async () => {
    await stop(server);
    rmSync(sandbox, { recursive: true, force: true });
  });

  it("has a check for every command, and every check is for a command in the README", () => {
    expect([...readmeCommands()].sort()).toEqual(Object.keys(CHECKS).sort());
  });

  for (const [command, check] of Object.entries(CHECKS)) {
    if ("covered" in check) {
      it(`${command} (covered: ${check.covered})`, () => check.check());
    } else {
      it.skipIf(!built)(command, async () => {
        if (check.needsServer && server === undefined) return; // the port was in use: warned above
        await check.run();
      }, 300_000);
    }
  }
});
