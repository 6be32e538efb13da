"""A Python grpcio interop client for the interop matrix.

Standard interop client flags (doc/interop-test-descriptions.md, "Client"):
    /usr/bin/python3 interop_client.py --server_host=127.0.0.1 --server_port=N --test_case=all|a,b
        [--use_tls=true --use_test_ca=true --server_host_override=foo.test.google.fr]
        [--soak_iterations=10 ...]
Prints one JSON line per case: {"case", "result": "pass"|"fail"|"n/a", "reason"?, "note"?}
and exits 1 if any case failed.
"""
import json
import queue
import sys
import time

import grpc

from testing_stubs import ECHO_INITIAL_KEY, ECHO_TRAILING_KEY, empty_pb2, messages_pb2, parse_flags, read_cert, test_pb2_grpc

FLAGS = parse_flags(
    sys.argv[1:],
    {
        "server_host": "string",
        "server_port": "int",
        "server_host_override": "string",
        "test_case": "string",
        "use_tls": "bool",
        "use_test_ca": "bool",
        "soak_iterations": "int",
        "soak_max_failures": "int",
        "soak_per_iteration_max_acceptable_latency_ms": "int",
        "soak_overall_timeout_seconds": "int",
    },
)
TARGET = "%s:%d" % (FLAGS.get("server_host", "localhost"), FLAGS["server_port"])
TIMEOUT = 30  # seconds, for calls that should answer at once
FLAGS_NOTE = "grpcio does not show a client the compressed flag of a response; sizes checked"


class Failure(Exception):
    pass


class NotExpressible(Exception):
    pass


def new_channel():
    """A channel with its own connection (no subchannel shared with other channels)."""
    options = [("grpc.use_local_subchannel_pool", 1)]
    if not FLAGS.get("use_tls"):
        return grpc.insecure_channel(TARGET, options=options)
    if FLAGS.get("server_host_override"):
        options.append(("grpc.ssl_target_name_override", FLAGS["server_host_override"]))
    roots = read_cert("ca.pem") if FLAGS.get("use_test_ca") else None
    return grpc.secure_channel(TARGET, grpc.ssl_channel_credentials(root_certificates=roots), options=options)


def check(ok, message):
    if not ok:
        raise Failure(message)


def check_payload(payload, size, what="response payload"):
    check(len(payload.body) == size, "%s is %d bytes, expected %d" % (what, len(payload.body), size))
    check(payload.body == bytes(size), "%s is not all zeros" % what)


def check_sizes(responses, sizes):
    check(len(responses) == len(sizes), "got %d responses, expected %d" % (len(responses), len(sizes)))
    for i, (r, size) in enumerate(zip(responses, sizes)):
        check_payload(r.payload, size, "response %d payload" % (i + 1))


def expect_status(call, code, message=None):
    """Runs `call` (a function), which must fail with `code` (and `message`)."""
    try:
        call()
    except grpc.RpcError as e:
        check(e.code() == code, "expected %s, got %s: %s" % (code, e.code(), e.details()))
        if message is not None:
            check(e.details() == message, "expected message %r, got %r" % (message, e.details()))
        return
    raise Failure("expected %s, got success" % code)


class Pipe:
    """A request iterator the case writes to as it goes; close() half-closes."""

    def __init__(self):
        self._queue = queue.Queue()

    def add(self, value):
        self._queue.put(value)

    def close(self):
        self._queue.put(None)

    def __iter__(self):
        return self

    def __next__(self):
        value = self._queue.get()
        if value is None:
            raise StopIteration
        return value


def zeros(n):
    return messages_pb2.Payload(body=bytes(n))


def large(**fields):
    return messages_pb2.SimpleRequest(response_size=314159, payload=zeros(271828), **fields)


def empty_unary(stub, _):
    check(isinstance(stub.EmptyCall(empty_pb2.Empty(), timeout=TIMEOUT), empty_pb2.Empty), "no response")


def large_unary(stub, _):
    check_payload(stub.UnaryCall(large(), timeout=TIMEOUT).payload, 314159)


def client_compressed_unary(stub, _):
    probe = large(expect_compressed=messages_pb2.BoolValue(value=True))
    expect_status(lambda: stub.UnaryCall(probe, timeout=TIMEOUT), grpc.StatusCode.INVALID_ARGUMENT)
    res = stub.UnaryCall(probe, timeout=TIMEOUT, compression=grpc.Compression.Gzip)
    check_payload(res.payload, 314159)
    res = stub.UnaryCall(large(expect_compressed=messages_pb2.BoolValue(value=False)), timeout=TIMEOUT)
    check_payload(res.payload, 314159)


def server_compressed_unary(stub, _):
    for value in (True, False):
        res = stub.UnaryCall(large(response_compressed=messages_pb2.BoolValue(value=value)), timeout=TIMEOUT)
        check_payload(res.payload, 314159)
    return FLAGS_NOTE


def client_streaming(stub, _):
    requests = [messages_pb2.StreamingInputCallRequest(payload=zeros(n)) for n in (27182, 8, 1828, 45904)]
    res = stub.StreamingInputCall(iter(requests), timeout=TIMEOUT)
    check(res.aggregated_payload_size == 74922, "aggregated_payload_size %d" % res.aggregated_payload_size)


def client_compressed_streaming(stub, _):
    raise NotExpressible("grpcio cannot leave one message of a compressed request stream uncompressed")


def server_streaming(stub, _):
    sizes = [31415, 9, 2653, 58979]
    req = messages_pb2.StreamingOutputCallRequest(response_parameters=[messages_pb2.ResponseParameters(size=s) for s in sizes])
    check_sizes(list(stub.StreamingOutputCall(req, timeout=TIMEOUT)), sizes)


def server_compressed_streaming(stub, _):
    params = [
        messages_pb2.ResponseParameters(size=31415, compressed=messages_pb2.BoolValue(value=True)),
        messages_pb2.ResponseParameters(size=92653, compressed=messages_pb2.BoolValue(value=False)),
    ]
    req = messages_pb2.StreamingOutputCallRequest(response_parameters=params)
    check_sizes(list(stub.StreamingOutputCall(req, timeout=TIMEOUT)), [31415, 92653])
    return FLAGS_NOTE


def duplex_request(size, body):
    return messages_pb2.StreamingOutputCallRequest(response_parameters=[messages_pb2.ResponseParameters(size=size)], payload=zeros(body))


def ping_pong(stub, _):
    pipe = Pipe()
    responses = stub.FullDuplexCall(pipe, timeout=TIMEOUT)
    try:
        for i, (size, body) in enumerate([(31415, 27182), (9, 8), (2653, 1828), (58979, 45904)]):
            pipe.add(duplex_request(size, body))
            check_payload(next(responses).payload, size, "response %d payload" % (i + 1))
        pipe.close()
        check(next(responses, None) is None, "more than 4 responses")
    finally:
        pipe.close()


def empty_stream(stub, _):
    responses = list(stub.FullDuplexCall(iter([]), timeout=TIMEOUT))
    check(len(responses) == 0, "got %d responses" % len(responses))


def custom_metadata(stub, _):
    metadata = ((ECHO_INITIAL_KEY, "test_initial_metadata_value"), (ECHO_TRAILING_KEY, b"\xab\xab\xab"))

    def check_echo(what, call):
        initial = dict(call.initial_metadata()).get(ECHO_INITIAL_KEY)
        check(initial == "test_initial_metadata_value", "%s: initial metadata %r" % (what, initial))
        trailing = dict(call.trailing_metadata()).get(ECHO_TRAILING_KEY)
        check(trailing == b"\xab\xab\xab", "%s: trailing metadata %r" % (what, trailing))

    res, call = stub.UnaryCall.with_call(large(), metadata=metadata, timeout=TIMEOUT)
    check_payload(res.payload, 314159)
    check_echo("UnaryCall", call)
    call = stub.FullDuplexCall(iter([duplex_request(314159, 271828)]), metadata=metadata, timeout=TIMEOUT)
    check_sizes(list(call), [314159])
    check_echo("FullDuplexCall", call)


def echo_status(stub, message, duplex):
    status = messages_pb2.EchoStatus(code=2, message=message)
    expect_status(lambda: stub.UnaryCall(messages_pb2.SimpleRequest(response_status=status), timeout=TIMEOUT), grpc.StatusCode.UNKNOWN, message)
    if duplex:
        req = messages_pb2.StreamingOutputCallRequest(response_status=status)
        expect_status(lambda: list(stub.FullDuplexCall(iter([req]), timeout=TIMEOUT)), grpc.StatusCode.UNKNOWN, message)


def status_code_and_message(stub, _):
    echo_status(stub, "test status message", True)


def special_status_message(stub, _):
    echo_status(stub, "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n", False)


def unimplemented_method(stub, _):
    expect_status(lambda: stub.UnimplementedCall(empty_pb2.Empty(), timeout=TIMEOUT), grpc.StatusCode.UNIMPLEMENTED)


def unimplemented_service(_, channel):
    stub = test_pb2_grpc.UnimplementedServiceStub(channel)
    expect_status(lambda: stub.UnimplementedCall(empty_pb2.Empty(), timeout=TIMEOUT), grpc.StatusCode.UNIMPLEMENTED)


def cancel_after_begin(stub, _):
    pipe = Pipe()
    future = stub.StreamingInputCall.future(pipe)
    try:
        future.cancel()
        check(future.cancelled(), "the call was not cancelled")
        check(future.code() == grpc.StatusCode.CANCELLED, "status %s" % future.code())
    finally:
        pipe.close()


def cancel_after_first_response(stub, _):
    pipe = Pipe()
    responses = stub.FullDuplexCall(pipe, timeout=TIMEOUT)
    try:
        pipe.add(duplex_request(31415, 27182))
        check_payload(next(responses).payload, 31415)
        responses.cancel()
        expect_status(lambda: next(responses), grpc.StatusCode.CANCELLED)
    finally:
        pipe.close()


def timeout_on_sleeping_server(stub, _):
    pipe = Pipe()
    try:
        responses = stub.FullDuplexCall(pipe, timeout=0.001)
        pipe.add(messages_pb2.StreamingOutputCallRequest(payload=zeros(27182)))
        expect_status(lambda: next(responses), grpc.StatusCode.DEADLINE_EXCEEDED)
    finally:
        pipe.close()


def soak(stub, per_iteration):
    """rpc_soak / channel_soak: large_unary calls in sequence, on one channel or a new one each."""
    iterations = FLAGS.get("soak_iterations", 10)
    max_failures = FLAGS.get("soak_max_failures", 0)
    max_latency = FLAGS.get("soak_per_iteration_max_acceptable_latency_ms", 1000) / 1000
    deadline = time.monotonic() + FLAGS.get("soak_overall_timeout_seconds", 10)
    failures = []
    done = 0
    while done < iterations and time.monotonic() < deadline:
        channel = new_channel() if per_iteration else None
        client = test_pb2_grpc.TestServiceStub(channel) if channel else stub
        start = time.monotonic()
        try:
            check_payload(client.UnaryCall(large(), timeout=max(0.001, deadline - start)).payload, 314159)
            if time.monotonic() - start > max_latency:
                failures.append("iteration %d took %.0f ms" % (done + 1, (time.monotonic() - start) * 1000))
        except (grpc.RpcError, Failure) as e:
            failures.append("iteration %d: %s" % (done + 1, e))
        finally:
            if channel:
                channel.close()
        done += 1
    check(done == iterations, "overall timeout after %d of %d iterations" % (done, iterations))
    check(len(failures) <= max_failures, "%d iterations failed; first: %s" % (len(failures), failures[0] if failures else ""))


CASES = {
    "empty_unary": empty_unary,
    "large_unary": large_unary,
    "client_compressed_unary": client_compressed_unary,
    "server_compressed_unary": server_compressed_unary,
    "client_streaming": client_streaming,
    "client_compressed_streaming": client_compressed_streaming,
    "server_streaming": server_streaming,
    "server_compressed_streaming": server_compressed_streaming,
    "ping_pong": ping_pong,
    "empty_stream": empty_stream,
    "custom_metadata": custom_metadata,
    "status_code_and_message": status_code_and_message,
    "special_status_message": special_status_message,
    "unimplemented_method": unimplemented_method,
    "unimplemented_service": unimplemented_service,
    "cancel_after_begin": cancel_after_begin,
    "cancel_after_first_response": cancel_after_first_response,
    "timeout_on_sleeping_server": timeout_on_sleeping_server,
    "rpc_soak": lambda stub, _: soak(stub, False),
    "channel_soak": lambda stub, _: soak(stub, True),
}


def main():
    names = []
    for name in FLAGS.get("test_case", "large_unary").split(","):
        names.extend(CASES.keys() if name == "all" else [name])
    failed = False
    for name in names:
        result = {"case": name}
        channel = new_channel()
        try:
            if name not in CASES:
                raise Failure("unknown test case")
            note = CASES[name](test_pb2_grpc.TestServiceStub(channel), channel)
            result["result"] = "pass"
            if note:
                result["note"] = note
        except NotExpressible as e:
            result.update(result="n/a", reason=str(e))
        except Failure as e:
            result.update(result="fail", reason=str(e))
        except grpc.RpcError as e:
            result.update(result="fail", reason="unexpected %s: %s" % (e.code(), e.details()))
        except Exception as e:  # noqa: BLE001 - any other failure is reported, not raised
            result.update(result="fail", reason="%s: %s" % (type(e).__name__, e))
        finally:
            channel.close()
        failed = failed or result["result"] == "fail"
        print(json.dumps(result), flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
