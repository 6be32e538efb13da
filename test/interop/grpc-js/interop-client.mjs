// A grpc-js interop client for the interop matrix, with the standard interop
// client flags (doc/interop-test-descriptions.md, "Client"):
//   node interop-client.mjs --server_host=127.0.0.1 --server_port=N --test_case=all|a,b
//     [--use_tls=true --use_test_ca=true --server_host_override=foo.test.google.fr]
//     [--soak_iterations=10 ...]
// Prints one JSON line per case: {"case","result":"pass"|"fail"|"n/a","reason"?,"note"?}
// and exits 1 if any case failed.
import { setTimeout as sleep } from "node:timers/promises";
import { ECHO_INITIAL_KEY, ECHO_TRAILING_KEY, grpc, parseFlags, testCerts, TestService, UnimplementedService } from "./test-service.mjs";

const flags = parseFlags(process.argv.slice(2), {
  server_host: "string",
  server_port: "int",
  server_host_override: "string",
  test_case: "string",
  use_tls: "bool",
  use_test_ca: "bool",
  soak_iterations: "int",
  soak_max_failures: "int",
  soak_per_iteration_max_acceptable_latency_ms: "int",
  soak_overall_timeout_seconds: "int",
});

const target = `${flags.server_host ?? "localhost"}:${flags.server_port}`;
const credentials = flags.use_tls
  ? grpc.credentials.createSsl(flags.use_test_ca ? testCerts().ca : null)
  : grpc.credentials.createInsecure();
const override = flags.use_tls && flags.server_host_override ? { "grpc.ssl_target_name_override": flags.server_host_override, "grpc.default_authority": flags.server_host_override } : {};
/** A client with its own connection (no subchannel shared with other clients), optionally compressing with gzip. */
const newClient = (Service, { gzip = false } = {}) =>
  new Service(target, credentials, { ...override, "grpc.use_local_subchannel_pool": 1, ...(gzip ? { "grpc.default_compression_algorithm": 2 } : {}) });

class Failure extends Error {}
const check = (ok, message) => {
  if (!ok) throw new Failure(message);
};
const zeros = (n) => Buffer.alloc(n);
const checkPayload = (body, size, what = "response payload") => {
  check((body?.length ?? 0) === size, `${what} is ${body?.length ?? 0} bytes, expected ${size}`);
  check(body.every((b) => b === 0), `${what} is not all zeros`);
};
const LARGE = { responseSize: 314159, payload: { body: zeros(271828) } };

/** A unary call: resolves {res, header, trailer}, rejects with the grpc-js error. */
function unary(client, method, req, { metadata = new grpc.Metadata(), deadline } = {}) {
  return new Promise((resolve, reject) => {
    let header;
    let trailer;
    const call = client[method](req, metadata, deadline ? { deadline } : {}, (err, res) => {
      setImmediate(() => (err ? reject(err) : resolve({ res, header, trailer })));
    });
    call.on("metadata", (md) => (header = md));
    call.on("status", (s) => (trailer = s.metadata));
  });
}

/** Reads a response stream to its end: resolves {responses, header, trailer}, rejects with the error. */
function readAll(call) {
  return new Promise((resolve, reject) => {
    const responses = [];
    let header;
    call.on("metadata", (md) => (header = md));
    call.on("data", (m) => responses.push(m));
    call.on("error", reject);
    call.on("status", (s) => {
      if (s.code === grpc.status.OK) resolve({ responses, header, trailer: s.metadata });
    });
  });
}

/** A client-streaming call: writes each [message, flags] then half-closes. */
function clientStream(client, method, messages) {
  return new Promise((resolve, reject) => {
    const call = client[method]((err, res) => (err ? reject(err) : resolve(res)));
    for (const [m, writeFlags] of messages) {
      if (writeFlags === undefined) call.write(m);
      else call.write(m, writeFlags);
    }
    call.end();
  });
}

async function expectStatus(promise, code, message) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  check(error !== undefined, `expected status ${code}, got success`);
  check(error.code === code, `expected status ${code}, got ${error.code}: ${error.details}`);
  if (message !== undefined) check(error.details === message, `expected message ${JSON.stringify(message)}, got ${JSON.stringify(error.details)}`);
}

const checkSizes = (responses, sizes) => {
  check(responses.length === sizes.length, `got ${responses.length} responses, expected ${sizes.length}`);
  responses.forEach((r, i) => checkPayload(r.payload?.body, sizes[i], `response ${i + 1} payload`));
};

const FLAGS_NOTE = "grpc-js does not show a client the compressed flag of a response; sizes checked";
/** grpc-js reads a numeric `encoding` argument of write() as its WriteFlags; NoCompress is 2 (call-interface.d.ts). */
const NO_COMPRESS = 2;

const cases = {
  async empty_unary(c) {
    const { res } = await unary(c.test, "EmptyCall", {});
    check(res !== null && typeof res === "object", "no response");
  },
  async large_unary(c) {
    checkPayload((await unary(c.test, "UnaryCall", LARGE)).res.payload?.body, 314159);
  },
  async client_compressed_unary(c) {
    await expectStatus(unary(c.test, "UnaryCall", { ...LARGE, expectCompressed: { value: true } }), grpc.status.INVALID_ARGUMENT);
    checkPayload((await unary(c.gzipTest, "UnaryCall", { ...LARGE, expectCompressed: { value: true } })).res.payload?.body, 314159);
    checkPayload((await unary(c.test, "UnaryCall", { ...LARGE, expectCompressed: { value: false } })).res.payload?.body, 314159);
  },
  async server_compressed_unary(c) {
    for (const value of [true, false]) {
      checkPayload((await unary(c.test, "UnaryCall", { ...LARGE, responseCompressed: { value } })).res.payload?.body, 314159);
    }
    return FLAGS_NOTE;
  },
  async client_streaming(c) {
    const res = await clientStream(c.test, "StreamingInputCall", [27182, 8, 1828, 45904].map((n) => [{ payload: { body: zeros(n) } }]));
    check(res.aggregatedPayloadSize === 74922, `aggregated_payload_size ${res.aggregatedPayloadSize}`);
  },
  async client_compressed_streaming(c) {
    const first = { expectCompressed: { value: true }, payload: { body: zeros(27182) } };
    await expectStatus(clientStream(c.test, "StreamingInputCall", [[first]]), grpc.status.INVALID_ARGUMENT);
    const second = { expectCompressed: { value: false }, payload: { body: zeros(45904) } };
    const res = await clientStream(c.gzipTest, "StreamingInputCall", [[first], [second, NO_COMPRESS]]);
    check(res.aggregatedPayloadSize === 73086, `aggregated_payload_size ${res.aggregatedPayloadSize}`);
  },
  async server_streaming(c) {
    const sizes = [31415, 9, 2653, 58979];
    checkSizes((await readAll(c.test.StreamingOutputCall({ responseParameters: sizes.map((size) => ({ size })) }))).responses, sizes);
  },
  async server_compressed_streaming(c) {
    const req = { responseParameters: [{ compressed: { value: true }, size: 31415 }, { compressed: { value: false }, size: 92653 }] };
    checkSizes((await readAll(c.test.StreamingOutputCall(req))).responses, [31415, 92653]);
    return FLAGS_NOTE;
  },
  async ping_pong(c) {
    const exchanges = [[31415, 27182], [9, 8], [2653, 1828], [58979, 45904]];
    const call = c.test.FullDuplexCall();
    const done = readAll(call);
    let seen = 0;
    await new Promise((resolve, reject) => {
      call.on("error", reject);
      call.on("data", (m) => {
        try {
          checkPayload(m.payload?.body, exchanges[seen][0], `response ${seen + 1} payload`);
        } catch (e) {
          call.cancel();
          return reject(e);
        }
        if (++seen < exchanges.length) send();
        else resolve();
      });
      const send = () => call.write({ responseParameters: [{ size: exchanges[seen][0] }], payload: { body: zeros(exchanges[seen][1]) } });
      send();
    });
    call.end();
    const { responses } = await done;
    check(responses.length === 4, `got ${responses.length} responses, expected 4`);
  },
  async empty_stream(c) {
    const call = c.test.FullDuplexCall();
    call.end();
    const { responses } = await readAll(call);
    check(responses.length === 0, `got ${responses.length} responses`);
  },
  async custom_metadata(c) {
    const metadata = new grpc.Metadata();
    metadata.set(ECHO_INITIAL_KEY, "test_initial_metadata_value");
    metadata.set(ECHO_TRAILING_KEY, Buffer.from([0xab, 0xab, 0xab]));
    const checkEcho = (what, header, trailer) => {
      check(header?.get(ECHO_INITIAL_KEY)[0] === "test_initial_metadata_value", `${what}: initial metadata ${header?.get(ECHO_INITIAL_KEY)[0]}`);
      const t = trailer?.get(ECHO_TRAILING_KEY)[0];
      check(Buffer.isBuffer(t) && t.toString("hex") === "ababab", `${what}: trailing metadata ${t?.toString("hex")}`);
    };
    const u = await unary(c.test, "UnaryCall", LARGE, { metadata });
    checkPayload(u.res.payload?.body, 314159);
    checkEcho("UnaryCall", u.header, u.trailer);
    const call = c.test.FullDuplexCall(metadata);
    const done = readAll(call);
    call.write({ responseParameters: [{ size: 314159 }], payload: { body: zeros(271828) } });
    call.end();
    const d = await done;
    checkSizes(d.responses, [314159]);
    checkEcho("FullDuplexCall", d.header, d.trailer);
  },
  async status_code_and_message(c) {
    const responseStatus = { code: 2, message: "test status message" };
    await expectStatus(unary(c.test, "UnaryCall", { responseStatus }), 2, responseStatus.message);
    const call = c.test.FullDuplexCall();
    const done = readAll(call);
    call.write({ responseStatus });
    call.end();
    await expectStatus(done, 2, responseStatus.message);
  },
  async special_status_message(c) {
    const message = "\t\ntest with whitespace\r\nand Unicode BMP ☺ and non-BMP 😈\t\n";
    await expectStatus(unary(c.test, "UnaryCall", { responseStatus: { code: 2, message } }), 2, message);
  },
  async unimplemented_method(c) {
    await expectStatus(unary(c.test, "UnimplementedCall", {}), grpc.status.UNIMPLEMENTED);
  },
  async unimplemented_service(c) {
    await expectStatus(unary(c.unimplemented, "UnimplementedCall", {}), grpc.status.UNIMPLEMENTED);
  },
  async cancel_after_begin(c) {
    const result = new Promise((resolve, reject) => {
      const call = c.test.StreamingInputCall((err, res) => (err ? reject(err) : resolve(res)));
      call.cancel();
    });
    await expectStatus(result, grpc.status.CANCELLED);
  },
  async cancel_after_first_response(c) {
    const call = c.test.FullDuplexCall();
    const result = new Promise((resolve, reject) => {
      call.on("data", () => call.cancel());
      call.on("error", reject);
      call.on("end", resolve);
    });
    call.write({ responseParameters: [{ size: 31415 }], payload: { body: zeros(27182) } });
    await expectStatus(result, grpc.status.CANCELLED);
  },
  async timeout_on_sleeping_server(c) {
    const call = c.test.FullDuplexCall({ deadline: Date.now() + 1 });
    const done = readAll(call);
    call.write({ payload: { body: zeros(27182) } });
    await expectStatus(done, grpc.status.DEADLINE_EXCEEDED);
  },
  rpc_soak: (c) => soak(c, false),
  channel_soak: (c) => soak(c, true),
};

/** rpc_soak / channel_soak: large_unary calls in sequence, on one client or a new client (connection) each. */
async function soak(c, perIteration) {
  const iterations = flags.soak_iterations ?? 10;
  const maxFailures = flags.soak_max_failures ?? 0;
  const maxLatency = flags.soak_per_iteration_max_acceptable_latency_ms ?? 1000;
  const deadline = Date.now() + (flags.soak_overall_timeout_seconds ?? 10) * 1000;
  const failures = [];
  let done = 0;
  for (; done < iterations && Date.now() < deadline; done++) {
    const client = perIteration ? newClient(TestService) : c.test;
    const start = Date.now();
    try {
      const { res } = await unary(client, "UnaryCall", LARGE, { deadline: new Date(deadline) });
      checkPayload(res.payload?.body, 314159);
      if (Date.now() - start > maxLatency) failures.push(`iteration ${done + 1} took ${Date.now() - start} ms`);
    } catch (e) {
      failures.push(`iteration ${done + 1}: ${e.message}`);
    } finally {
      if (perIteration) client.close();
    }
  }
  check(done === iterations, `overall timeout after ${done} of ${iterations} iterations`);
  check(failures.length <= maxFailures, `${failures.length} iterations failed; first: ${failures[0]}`);
}

const names = (flags.test_case ?? "large_unary").split(",").flatMap((n) => (n === "all" ? Object.keys(cases) : [n]));
let failed = false;
for (const name of names) {
  const run = cases[name];
  if (!run) {
    console.log(JSON.stringify({ case: name, result: "fail", reason: "unknown test case" }));
    failed = true;
    continue;
  }
  const clients = { test: newClient(TestService), gzipTest: newClient(TestService, { gzip: true }), unimplemented: newClient(UnimplementedService) };
  const timer = new AbortController();
  try {
    const timeout = sleep(30_000, undefined, { signal: timer.signal }).then(() => Promise.reject(new Failure("timed out after 30 s")));
    timeout.catch(() => {});
    const note = await Promise.race([run(clients), timeout]);
    console.log(JSON.stringify({ case: name, result: "pass", ...(note ? { note } : {}) }));
  } catch (e) {
    failed = true;
    console.log(JSON.stringify({ case: name, result: "fail", reason: e instanceof Failure ? e.message : `${e.code ?? ""} ${e.message}` }));
  } finally {
    timer.abort();
    for (const client of Object.values(clients)) client.close();
  }
}
process.exit(failed ? 1 : 0);
