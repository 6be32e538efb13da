// grpc-js client load for the RPC benchmarks; same modes and output as
// bench/wiregrpc/load.ts.
import { channelOptions, grpc, Streamer, UserRecommend } from "./services.mjs";

const [portArg, mode, a, b] = process.argv.slice(2);
const target = `127.0.0.1:${portArg}`;
const reco = new UserRecommend(target, grpc.credentials.createInsecure(), channelOptions);
const streamer = new Streamer(target, grpc.credentials.createInsecure(), channelOptions);
const request = { userId: 1, channelId: 2, articleNum: 10, timeStamp: 1645320060000 };
const call = () => new Promise((resolve, reject) => reco.UserRecommend(request, (err, res) => (err ? reject(err) : resolve(res))));

async function unary(seconds, inFlight) {
  await call();
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await call();
      calls++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { callsPerSecond: (calls * 1000) / (performance.now() - start) };
}

async function latency(seconds, rate) {
  await call();
  const samples = [];
  const pending = [];
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const wait = start + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    pending.push(call().then(() => void samples.push(performance.now() - t0)));
  }
  await Promise.all(pending);
  samples.sort((x, y) => x - y);
  const q = (p) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))];
  return { p50Ms: q(0.5), p99Ms: q(0.99), calls: samples.length };
}

function download(count, size) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let n = 0;
    const c = streamer.Download({ count, size });
    c.on("data", (m) => (n += m.data.length));
    c.on("error", reject);
    c.on("end", () => resolve({ messagesPerSecond: (count * 1000) / (performance.now() - start), bytes: n }));
  });
}

function echo(count, size) {
  return new Promise((resolve, reject) => {
    const data = Buffer.alloc(size, 121);
    const start = performance.now();
    let n = 0;
    const c = streamer.Echo();
    c.on("data", (m) => (n += m.data.length));
    c.on("error", reject);
    c.on("end", () => resolve({ messagesPerSecond: (count * 1000) / (performance.now() - start), bytes: n }));
    let i = 0;
    const pump = () => {
      while (i < count) {
        i++;
        if (!c.write({ data })) return void c.once("drain", pump);
      }
      c.end();
    };
    pump();
  });
}

async function mirror(count, size) {
  const data = Buffer.alloc(size, 122);
  const one = () => new Promise((resolve, reject) => streamer.Mirror({ data }, (err, res) => (err ? reject(err) : resolve(res))));
  await one();
  const start = performance.now();
  for (let i = 0; i < count; i++) await one();
  return { megabytesPerSecond: (2 * count * size) / 1e6 / ((performance.now() - start) / 1000) };
}

const runs = { unary, latency, download, echo, mirror };
console.log(JSON.stringify(await runs[mode](Number(a), Number(b))));
process.exit(0);
