// A grpc-js Echo client for the interop tests: runs every scenario against
// a server and prints one JSON object: { scenario: result | { error } }.
//   node client.mjs <port>
import { EchoService, grpc } from "./echo-service.mjs";

const port = Number(process.argv[2]);
const plain = new EchoService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
const gzip = new EchoService(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), { "grpc.default_compression_algorithm": 2 });

function unary(client, method, req, metadata = new grpc.Metadata(), options = {}) {
  return new Promise((resolve) => {
    let header;
    let trailer;
    const call = client[method](req, metadata, options, (err, res) =>
      setImmediate(() => resolve(err ? { error: { code: err.code, details: err.details, trailer: metadataObject(err.metadata) } } : { res, header, trailer })),
    );
    call.on("metadata", (md) => (header = metadataObject(md)));
    call.on("status", (s) => (trailer = metadataObject(s.metadata)));
  });
}

function metadataObject(md) {
  if (!md) return undefined;
  const out = {};
  for (const [k, v] of Object.entries(md.getMap())) out[k] = Buffer.isBuffer(v) ? `base64:${v.toString("base64")}` : v;
  return out;
}

function readAll(call) {
  return new Promise((resolve) => {
    const out = [];
    call.on("data", (m) => out.push(m));
    call.on("error", (err) => resolve({ error: { code: err.code, details: err.details }, received: out }));
    call.on("end", () => resolve({ res: out }));
  });
}

const scenarios = {
  unary: () => unary(plain, "Unary", { message: "hello" }),
  unary_large: () => unary(plain, "Unary", { message: "big", payload: Buffer.alloc(1024 * 1024, 7) }).then((r) => ({ size: r.res?.payload?.length, error: r.error })),
  server_stream: () => readAll(plain.ServerStream({ message: "s", count: 5 })),
  client_stream: () =>
    new Promise((resolve) => {
      const call = plain.ClientStream((err, res) => resolve(err ? { error: { code: err.code } } : { res }));
      for (const m of ["a", "b", "c"]) call.write({ message: m });
      call.end();
    }),
  bidi: () =>
    new Promise((resolve) => {
      const call = plain.Bidi();
      const out = [];
      call.on("data", (m) => {
        out.push(m);
        if (out.length < 3) call.write({ message: `m${out.length}` });
        else call.end();
      });
      call.on("error", (err) => resolve({ error: { code: err.code } }));
      call.on("end", () => resolve({ res: out }));
      call.write({ message: "m0" });
    }),
  metadata: () => {
    const md = new grpc.Metadata();
    md.add("x-echo-initial", "initial value");
    md.add("x-echo-trailing-bin", Buffer.from([0, 1, 2, 253, 254, 255]));
    return unary(plain, "Unary", { message: "md" }, md);
  },
  status: () => unary(plain, "Unary", { message: "x", statusCode: 9, statusMessage: "précondition: 100% échouée\nline two" }),
  deadline: () => unary(plain, "Unary", { message: "slow", delayMs: 2000 }, new grpc.Metadata(), { deadline: Date.now() + 200 }),
  gzip: () => unary(gzip, "Unary", { message: "compressed", payload: Buffer.alloc(4096, 1) }).then((r) => ({ size: r.res?.payload?.length, message: r.res?.message, error: r.error })),
  unimplemented: () =>
    new Promise((resolve) => {
      const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      client.makeUnaryRequest("/wiregrpc.interop.Echo/Missing", (x) => x, (x) => x, Buffer.alloc(0), (err) => resolve({ error: { code: err?.code } }));
    }),
};

const results = {};
for (const [name, fn] of Object.entries(scenarios)) {
  try {
    results[name] = await fn();
  } catch (e) {
    results[name] = { error: { thrown: String(e) } };
  }
}
console.log(JSON.stringify(results, (_k, v) => (v?.type === "Buffer" ? `bytes:${v.data.length}` : v)));
process.exit(0);
