// wiregrpc client load for the RPC benchmarks; prints one JSON line.
//   node dist/bench/wiregrpc/load.js <port> unary <seconds> <inFlight>
//   node dist/bench/wiregrpc/load.js <port> download <count> <size>
//   node dist/bench/wiregrpc/load.js <port> echo <count> <size>
//   node dist/bench/wiregrpc/load.js <port> mirror <count> <size>
//   node dist/bench/wiregrpc/load.js <port> latency <seconds> <ratePerSecond>
import { connect, createClient } from "../../src/rpc/index.js";
import { UserRecommend } from "../../examples/reco/gen/reco.js";
import { Streamer } from "./gen/streamer.js";

const [portArg, mode, a, b] = process.argv.slice(2);
const channel = connect(`http://127.0.0.1:${portArg}`, { maxReceiveMessageSize: 64 * 1024 * 1024 });
const reco = createClient(UserRecommend, channel);
const streamer = createClient(Streamer, channel);
const request = { userId: 1n, channelId: 2, articleNum: 10, timeStamp: 1645320060000n };

async function unary(seconds: number, inFlight: number): Promise<object> {
  const end = performance.now() + seconds * 1000;
  let calls = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < end) {
      await reco.userRecommend(request);
      calls++;
    }
  };
  await reco.userRecommend(request); // connect and warm up
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return { callsPerSecond: (calls * 1000) / (performance.now() - start) };
}

async function latency(seconds: number, rate: number): Promise<object> {
  await reco.userRecommend(request);
  const samples: number[] = [];
  const pending: Promise<void>[] = [];
  const interval = 1000 / rate;
  const start = performance.now();
  for (let i = 0; performance.now() - start < seconds * 1000; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t0 = performance.now();
    pending.push(reco.userRecommend(request).then(() => void samples.push(performance.now() - t0)));
  }
  await Promise.all(pending);
  samples.sort((x, y) => x - y);
  const q = (p: number): number => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
  return { p50Ms: q(0.5), p99Ms: q(0.99), calls: samples.length };
}

async function download(count: number, size: number): Promise<object> {
  const start = performance.now();
  let n = 0;
  for await (const c of streamer.download({ count, size })) n += c.data.length;
  return { messagesPerSecond: (count * 1000) / (performance.now() - start), bytes: n };
}

async function echo(count: number, size: number): Promise<object> {
  const data = new Uint8Array(size).fill(121);
  async function* chunks() {
    for (let i = 0; i < count; i++) yield { data };
  }
  const start = performance.now();
  let n = 0;
  for await (const c of streamer.echo(chunks())) n += c.data.length;
  return { messagesPerSecond: (count * 1000) / (performance.now() - start), bytes: n };
}

async function mirror(count: number, size: number): Promise<object> {
  const data = new Uint8Array(size).fill(122);
  await streamer.mirror({ data });
  const start = performance.now();
  for (let i = 0; i < count; i++) await streamer.mirror({ data });
  const seconds = (performance.now() - start) / 1000;
  return { megabytesPerSecond: (2 * count * size) / 1e6 / seconds };
}

const runs: Record<string, (x: number, y: number) => Promise<object>> = { unary, latency, download, echo, mirror };
const fn = runs[mode ?? ""];
if (!fn) throw new Error(`unknown mode ${mode}`);
console.log(JSON.stringify(await fn(Number(a), Number(b))));
await channel.close();
