// How long the encoder takes for a gRPC client's request headers once its
// dynamic table is warm (every field but grpc-timeout a one-octet
// reference), and the decoder for the same block. Not a test: numbers vary
// with the machine and its load. Prints the median of several rounds.
//
//   npm run build && node test/vectors/hpack/measure-encode.mjs
import { HpackDecoder, HpackEncoder } from "../../../dist/src/http2/hpack/index.js";

const ROUNDS = 15;
const PER_ROUND = 200_000;

const timeouts = ["99m", "98m", "97m", "96m"];
const request = (i) => [
  ":method", "POST",
  ":scheme", "http",
  ":path", "/helloworld.Greeter/SayHello",
  ":authority", "localhost:50051",
  "content-type", "application/grpc",
  "te", "trailers",
  "grpc-accept-encoding", "identity,deflate,gzip",
  "user-agent", "grpc-node-js/1.10.0",
  "grpc-timeout", timeouts[i & 3],
];
const lists = [0, 1, 2, 3].map(request);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Nanoseconds per call of `fn(i)`, median over rounds. */
function measure(fn) {
  for (let i = 0; i < PER_ROUND; i++) fn(i); // warm-up
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < PER_ROUND; i++) fn(i);
    rounds.push(Number(process.hrtime.bigint() - start) / PER_ROUND);
  }
  return median(rounds);
}

const encoder = new HpackEncoder();
let octets = 0;
const encodeNs = measure((i) => {
  octets = encoder.encode(lists[i & 3]).length;
});

// The decoder sees the steady-state blocks, in the order they were made.
const source = new HpackEncoder();
const decoder = new HpackDecoder();
for (let i = 0; i < 4; i++) decoder.decode(source.encode(lists[i]));
const steady = [0, 1, 2, 3].map((i) => source.encode(lists[i]).slice());
for (const block of steady) decoder.decode(block);
const decodeNs = measure((i) => decoder.decode(steady[i & 3]));

console.log(`gRPC request headers: ${lists[0].length / 2} fields, ${octets}-octet block once warm`);
console.log(`encode: ${encodeNs.toFixed(0)} ns per block (median of ${ROUNDS} rounds of ${PER_ROUND})`);
console.log(`decode: ${decodeNs.toFixed(0)} ns per block`);
