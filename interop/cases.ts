/**
 * The interop client's test cases, one function each, named and specified
 * by gRPC's doc/interop-test-descriptions.md (quoted in the comments). A
 * case resolves when every "Client asserts" item holds and throws a
 * CaseFailure (one line) otherwise.
 */
import { Code, codeName, GZIP, Metadata, RpcError, type Channel, type Client, type PartialMessage } from "../src/rpc/index.js";
import type { SimpleRequest, StreamingOutputCallRequest, StreamingOutputCallResponse } from "./gen/grpc/testing/messages.js";
import type { TestService, UnimplementedService } from "./gen/grpc/testing/test.js";
import { Pipe } from "./pipe.js";
import { ECHO_INITIAL_KEY, ECHO_TRAILING_KEY } from "./test-service.js";

/** Settings of rpc_soak and channel_soak (the --soak_* flags of the standard clients). */
export interface SoakOptions {
  readonly iterations: number;
  /** Iterations allowed to fail (non-OK status, or slower than maxLatencyMs). */
  readonly maxFailures: number;
  readonly maxLatencyMs: number;
  /** The whole soak fails past this, whatever the iterations did. */
  readonly overallTimeoutSeconds: number;
  readonly minTimeMsBetweenRpcs: number;
  readonly requestSize: number;
  readonly responseSize: number;
}

/** A short soak by default: these run in every test run. */
export const DEFAULT_SOAK: SoakOptions = {
  iterations: 10,
  maxFailures: 0,
  maxLatencyMs: 1000,
  overallTimeoutSeconds: 10,
  minTimeMsBetweenRpcs: 0,
  requestSize: 271828,
  responseSize: 314159,
};

/** What a case runs against. */
export interface CaseEnv {
  readonly test: Client<typeof TestService>;
  readonly unimplemented: Client<typeof UnimplementedService>;
  /** A fresh channel to the same server, with the same settings (channel_soak); the case closes it. */
  newChannel(): Channel;
  /** Clients on a channel from newChannel. */
  clientsOn(channel: Channel): { test: Client<typeof TestService> };
  readonly soak: SoakOptions;
}

export class CaseFailure extends Error {}

export type Case = (env: CaseEnv) => Promise<void>;

// ---- assertions -------------------------------------------------------------

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new CaseFailure(message);
}

function zeros(size: number): Uint8Array {
  return new Uint8Array(size);
}

/** "response payload body is N bytes in size", and (as clients are free to check) all zeros. */
function checkPayload(body: Uint8Array | undefined, size: number, what = "response payload"): void {
  const got = body?.length ?? 0;
  check(got === size, `${what} is ${got} bytes, expected ${size}`);
  if (body !== undefined) check(body.every((b) => b === 0), `${what} is not all zeros`);
}

/** Awaits a call (or one step of a stream) that must fail with `code` (and `message`, when given). */
async function expectStatus(call: Promise<unknown>, code: Code, message?: string): Promise<void> {
  let outcome: unknown;
  try {
    await call;
    outcome = undefined;
  } catch (e) {
    outcome = e;
  }
  if (!(outcome instanceof RpcError)) {
    const got = outcome === undefined ? "success" : `${(outcome as Error).name}: ${(outcome as Error).message}`;
    throw new CaseFailure(`expected status ${codeName(code)}, got ${got}`);
  }
  check(outcome.code === code, `expected status ${codeName(code)}, got ${codeName(outcome.code)}: ${JSON.stringify(outcome.rawMessage)}`);
  if (message !== undefined) {
    check(outcome.rawMessage === message, `expected status message ${JSON.stringify(message)}, got ${JSON.stringify(outcome.rawMessage)}`);
  }
}

/** All responses of a stream, in order. */
async function collect(responses: AsyncIterable<StreamingOutputCallResponse>): Promise<StreamingOutputCallResponse[]> {
  const out: StreamingOutputCallResponse[] = [];
  for await (const r of responses) out.push(r);
  return out;
}

function checkSizes(responses: readonly StreamingOutputCallResponse[], sizes: readonly number[]): void {
  check(responses.length === sizes.length, `got ${responses.length} responses, expected exactly ${sizes.length}`);
  responses.forEach((r, i) => checkPayload(r.payload?.body, sizes[i]!, `response ${i + 1} payload`));
}

/** The large_unary request. */
const LARGE_REQUEST = { responseSize: 314159, payload: { body: zeros(271828) } } satisfies PartialMessage<SimpleRequest>;

// ---- the cases ----------------------------------------------------------------

/** empty_unary: "Client calls EmptyCall with the default Empty message"; "response is non-null". */
async function emptyUnary(env: CaseEnv): Promise<void> {
  const res = await env.test.emptyCall({});
  check(res !== null && typeof res === "object", "EmptyCall returned no message");
}

/** large_unary: 271828 bytes out, "response payload body is 314159 bytes in size". */
async function largeUnary(env: CaseEnv): Promise<void> {
  const res = await env.test.unaryCall(LARGE_REQUEST);
  checkPayload(res.payload?.body, 314159);
}

/**
 * client_compressed_unary: an uncompressed probe with expect_compressed must
 * fail with INVALID_ARGUMENT; then a compressed request expecting
 * compression and an uncompressed one not expecting it both succeed.
 */
async function clientCompressedUnary(env: CaseEnv): Promise<void> {
  const probe = env.test.unaryCall({ ...LARGE_REQUEST, expectCompressed: { value: true } }, { sendCompression: "identity" });
  await expectStatus(probe, Code.InvalidArgument).catch((e: unknown) => {
    throw new CaseFailure(`feature probe (uncompressed, expect_compressed=true): ${(e as Error).message}`);
  });
  for (const compressed of [true, false]) {
    const res = await env.test.unaryCall(
      { ...LARGE_REQUEST, expectCompressed: { value: compressed } },
      { sendCompression: compressed ? GZIP : "identity" },
    );
    checkPayload(res.payload?.body, 314159);
  }
}

/**
 * server_compressed_unary: the response "MUST have the compressed message
 * flag set" when response_compressed is true, and MUST NOT when false.
 */
async function serverCompressedUnary(env: CaseEnv): Promise<void> {
  for (const compressed of [true, false]) {
    const flags: boolean[] = [];
    const res = await env.test.unaryCall(
      { ...LARGE_REQUEST, responseCompressed: { value: compressed } },
      { onResponseMessage: (m) => flags.push(m.compressed) },
    );
    check(flags.length === 1 && flags[0] === compressed, `response_compressed=${compressed}: the response's compressed flag was ${flags[0]}`);
    checkPayload(res.payload?.body, 314159);
  }
}

/** client_streaming: four payloads, "response aggregated_payload_size is 74922". */
async function clientStreaming(env: CaseEnv): Promise<void> {
  const sizes = [27182, 8, 1828, 45904];
  const res = await env.test.streamingInputCall(sizes.map((n) => ({ payload: { body: zeros(n) } })));
  check(res.aggregatedPayloadSize === 74922, `aggregated_payload_size is ${res.aggregatedPayloadSize}, expected 74922`);
}

/**
 * client_compressed_streaming: an uncompressed probe expecting compression
 * fails with INVALID_ARGUMENT; then one call sends a compressed message
 * expecting compression and an uncompressed one not expecting it:
 * "Response aggregated payload size is 73086".
 */
async function clientCompressedStreaming(env: CaseEnv): Promise<void> {
  const first = { expectCompressed: { value: true }, payload: { body: zeros(27182) } };
  const probe = env.test.streamingInputCall([first], { sendCompression: "identity" });
  await expectStatus(probe, Code.InvalidArgument).catch((e: unknown) => {
    throw new CaseFailure(`feature probe (uncompressed, expect_compressed=true): ${(e as Error).message}`);
  });
  const second = { expectCompressed: { value: false }, payload: { body: zeros(45904) } };
  const res = await env.test.streamingInputCall([first, second], { sendCompression: GZIP, compressRequest: (i) => i === 0 });
  check(res.aggregatedPayloadSize === 73086, `aggregated_payload_size is ${res.aggregatedPayloadSize}, expected 73086`);
}

/** server_streaming: "exactly four responses" sized 31415, 9, 2653, 58979. */
async function serverStreaming(env: CaseEnv): Promise<void> {
  const sizes = [31415, 9, 2653, 58979];
  const responses = await collect(env.test.streamingOutputCall({ responseParameters: sizes.map((size) => ({ size })) }));
  checkSizes(responses, sizes);
}

/** server_compressed_streaming: two responses, the first with the compressed flag, the second without. */
async function serverCompressedStreaming(env: CaseEnv): Promise<void> {
  const flags: boolean[] = [];
  const responses = await collect(
    env.test.streamingOutputCall(
      {
        responseParameters: [
          { compressed: { value: true }, size: 31415 },
          { compressed: { value: false }, size: 92653 },
        ],
      },
      { onResponseMessage: (m) => flags.push(m.compressed) },
    ),
  );
  checkSizes(responses, [31415, 92653]);
  check(flags[0] === true, "response 1 (compressed=true) arrived without the compressed flag");
  check(flags[1] === false, "response 2 (compressed=false) arrived with the compressed flag");
}

/** ping_pong: each request is sent only after the previous reply; four replies sized 31415, 9, 2653, 58979. */
async function pingPong(env: CaseEnv): Promise<void> {
  const exchanges: [number, number][] = [
    [31415, 27182],
    [9, 8],
    [2653, 1828],
    [58979, 45904],
  ];
  const pipe = new Pipe<PartialMessage<StreamingOutputCallRequest>>();
  const responses = env.test.fullDuplexCall(pipe)[Symbol.asyncIterator]();
  try {
    for (const [i, [size, body]] of exchanges.entries()) {
      pipe.push({ responseParameters: [{ size }], payload: { body: zeros(body) } });
      const next = await responses.next();
      check(next.done !== true, `the stream ended after ${i} responses, expected 4`);
      checkPayload(next.value.payload?.body, size, `response ${i + 1} payload`);
    }
    pipe.end();
    const last = await responses.next();
    check(last.done === true, "more than 4 responses");
  } finally {
    pipe.end();
    await responses.return?.();
  }
}

/** empty_stream: FullDuplexCall, then half-close at once: "exactly zero responses". */
async function emptyStream(env: CaseEnv): Promise<void> {
  const responses = await collect(env.test.fullDuplexCall([]));
  check(responses.length === 0, `got ${responses.length} responses, expected none`);
}

const ECHO_INITIAL_VALUE = "test_initial_metadata_value";
const ECHO_TRAILING_VALUE = Uint8Array.from([0xab, 0xab, 0xab]);

/**
 * custom_metadata: x-grpc-test-echo-initial comes back in the initial
 * metadata and x-grpc-test-echo-trailing-bin (0xababab) in the trailing
 * metadata, for a UnaryCall and for a FullDuplexCall.
 */
async function customMetadata(env: CaseEnv): Promise<void> {
  const metadata = new Metadata().set(ECHO_INITIAL_KEY, ECHO_INITIAL_VALUE).set(ECHO_TRAILING_KEY, ECHO_TRAILING_VALUE);
  const checkEcho = (what: string, header: Metadata | undefined, trailer: Metadata | undefined): void => {
    const initial = header?.get(ECHO_INITIAL_KEY);
    check(initial === ECHO_INITIAL_VALUE, `${what}: initial metadata ${ECHO_INITIAL_KEY} is ${JSON.stringify(initial)}`);
    const trailing = trailer?.getBinary(ECHO_TRAILING_KEY);
    const hex = trailing === undefined ? "missing" : Buffer.from(trailing).toString("hex");
    check(hex === "ababab", `${what}: trailing metadata ${ECHO_TRAILING_KEY} is ${hex}, expected ababab`);
  };

  let header: Metadata | undefined;
  let trailer: Metadata | undefined;
  const res = await env.test.unaryCall(LARGE_REQUEST, { metadata, onHeader: (h) => (header = h), onTrailer: (t) => (trailer = t) });
  checkPayload(res.payload?.body, 314159);
  checkEcho("UnaryCall", header, trailer);

  header = undefined;
  trailer = undefined;
  const responses = await collect(
    env.test.fullDuplexCall([{ responseParameters: [{ size: 314159 }], payload: { body: zeros(271828) } }], {
      metadata,
      onHeader: (h) => (header = h),
      onTrailer: (t) => (trailer = t),
    }),
  );
  checkSizes(responses, [314159]);
  checkEcho("FullDuplexCall", header, trailer);
}

/** Echo Status for a UnaryCall and a FullDuplexCall (then half-closed): the code and message come back as sent. */
async function echoStatusBothWays(env: CaseEnv, message: string, duplex: boolean): Promise<void> {
  const responseStatus = { code: 2, message };
  await expectStatus(env.test.unaryCall({ responseStatus }), Code.Unknown, message).catch((e: unknown) => {
    throw new CaseFailure(`UnaryCall: ${(e as Error).message}`);
  });
  if (!duplex) return;
  await expectStatus(collect(env.test.fullDuplexCall([{ responseStatus }])), Code.Unknown, message).catch((e: unknown) => {
    throw new CaseFailure(`FullDuplexCall: ${(e as Error).message}`);
  });
}

/** status_code_and_message: code 2, "test status message", unary and full duplex. */
async function statusCodeAndMessage(env: CaseEnv): Promise<void> {
  await echoStatusBothWays(env, "test status message", true);
}

/** special_status_message: whitespace and Unicode in the message survive "including all whitespace characters". */
async function specialStatusMessage(env: CaseEnv): Promise<void> {
  await echoStatusBothWays(env, "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n", false);
}

/** unimplemented_method: TestService/UnimplementedCall answers "status code is 12 (UNIMPLEMENTED)". */
async function unimplementedMethod(env: CaseEnv): Promise<void> {
  await expectStatus(env.test.unimplementedCall({}), Code.Unimplemented);
}

/** unimplemented_service: UnimplementedService/UnimplementedCall answers UNIMPLEMENTED. */
async function unimplementedService(env: CaseEnv): Promise<void> {
  await expectStatus(env.unimplemented.unimplementedCall({}), Code.Unimplemented);
}

/** cancel_after_begin: StreamingInputCall started, then cancelled before any message: CANCELLED. */
async function cancelAfterBegin(env: CaseEnv): Promise<void> {
  const controller = new AbortController();
  const pipe = new Pipe<never>();
  const call = env.test.streamingInputCall(pipe, { signal: controller.signal });
  controller.abort();
  try {
    await expectStatus(call, Code.Cancelled);
  } finally {
    pipe.end();
  }
}

/** cancel_after_first_response: FullDuplexCall cancelled after its first response: CANCELLED. */
async function cancelAfterFirstResponse(env: CaseEnv): Promise<void> {
  const controller = new AbortController();
  const pipe = new Pipe<PartialMessage<StreamingOutputCallRequest>>();
  const responses = env.test.fullDuplexCall(pipe, { signal: controller.signal })[Symbol.asyncIterator]();
  try {
    pipe.push({ responseParameters: [{ size: 31415 }], payload: { body: zeros(27182) } });
    const first = await responses.next();
    check(first.done !== true, "the stream ended before its first response");
    checkPayload(first.value.payload?.body, 31415);
    controller.abort();
    await expectStatus(responses.next(), Code.Cancelled);
  } finally {
    pipe.end();
  }
}

/** timeout_on_sleeping_server: FullDuplexCall with a 1 ms timeout and one request, then wait: DEADLINE_EXCEEDED. */
async function timeoutOnSleepingServer(env: CaseEnv): Promise<void> {
  const pipe = new Pipe<PartialMessage<StreamingOutputCallRequest>>();
  pipe.push({ payload: { body: zeros(27182) } });
  try {
    await expectStatus(collect(env.test.fullDuplexCall(pipe, { timeoutMs: 1 })), Code.DeadlineExceeded);
  } finally {
    pipe.end();
  }
}

/**
 * rpc_soak / channel_soak ("Experimental Tests"): many large_unary-like
 * calls in sequence, on one channel or on a new channel each. An iteration
 * fails on a non-OK status or when slower than the acceptable latency; the
 * soak fails past maxFailures, or when the overall timeout ends it early.
 */
async function soak(env: CaseEnv, channelPerIteration: boolean): Promise<void> {
  const o = env.soak;
  const startedAt = performance.now();
  const deadline = startedAt + o.overallTimeoutSeconds * 1000;
  const request = { responseSize: o.responseSize, payload: { body: zeros(o.requestSize) } };
  const failures: string[] = [];
  let done = 0;
  for (; done < o.iterations; done++) {
    const iterationStart = performance.now();
    if (iterationStart >= deadline) break;
    const channel = channelPerIteration ? env.newChannel() : undefined;
    const test = channel === undefined ? env.test : env.clientsOn(channel).test;
    try {
      const res = await test.unaryCall(request, { deadline: Date.now() + (deadline - iterationStart) });
      checkPayload(res.payload?.body, o.responseSize);
      const latency = performance.now() - iterationStart;
      if (latency > o.maxLatencyMs) failures.push(`iteration ${done + 1} took ${latency.toFixed(0)} ms (max ${o.maxLatencyMs})`);
    } catch (e) {
      const reason = e instanceof RpcError ? `${codeName(e.code)}: ${e.rawMessage}` : (e as Error).message;
      failures.push(`iteration ${done + 1}: ${reason}`);
    } finally {
      await channel?.close();
    }
    const wait = iterationStart + o.minTimeMsBetweenRpcs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  check(done === o.iterations, `overall timeout of ${o.overallTimeoutSeconds} s reached after ${done} of ${o.iterations} iterations`);
  check(
    failures.length <= o.maxFailures,
    `${failures.length} of ${o.iterations} iterations failed (at most ${o.maxFailures} allowed); first: ${failures[0]}`,
  );
}

/** The cases, in the order `--test_case=all` runs them. */
export const CASES: ReadonlyMap<string, Case> = new Map<string, Case>([
  ["empty_unary", emptyUnary],
  ["large_unary", largeUnary],
  ["client_compressed_unary", clientCompressedUnary],
  ["server_compressed_unary", serverCompressedUnary],
  ["client_streaming", clientStreaming],
  ["client_compressed_streaming", clientCompressedStreaming],
  ["server_streaming", serverStreaming],
  ["server_compressed_streaming", serverCompressedStreaming],
  ["ping_pong", pingPong],
  ["empty_stream", emptyStream],
  ["custom_metadata", customMetadata],
  ["status_code_and_message", statusCodeAndMessage],
  ["special_status_message", specialStatusMessage],
  ["unimplemented_method", unimplementedMethod],
  ["unimplemented_service", unimplementedService],
  ["cancel_after_begin", cancelAfterBegin],
  ["cancel_after_first_response", cancelAfterFirstResponse],
  ["timeout_on_sleeping_server", timeoutOnSleepingServer],
  ["rpc_soak", (env) => soak(env, false)],
  ["channel_soak", (env) => soak(env, true)],
]);

/** Expands "all" and comma-separated lists; throws for an unknown name. */
export function selectCases(testCase: string): string[] {
  const names = testCase.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const out: string[] = [];
  for (const name of names) {
    if (name === "all") out.push(...CASES.keys());
    else if (CASES.has(name)) out.push(name);
    else throw new Error(`unknown test case ${JSON.stringify(name)}; known: all, ${[...CASES.keys()].join(", ")}`);
  }
  return out;
}
