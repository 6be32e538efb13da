"""A Python grpcio grpc.testing.TestService server for the interop matrix.

Standard interop server flags (doc/interop-test-descriptions.md, "Server"):
    /usr/bin/python3 interop_server.py --port=0 [--use_tls=true] [--host=127.0.0.1]
Prints "listening on port N". Implements every method and feature grpcio
lets a servicer express: CompressedResponse through set_compression and
disable_next_message_compression, but not CompressedRequest (a servicer
cannot tell whether a request message arrived compressed). UnimplementedCall
is left to the generated base class (UNIMPLEMENTED); UnimplementedService is
not served.
"""
import signal
import sys
import threading
import time
from concurrent import futures

import grpc

from testing_stubs import ECHO_INITIAL_KEY, ECHO_TRAILING_KEY, empty_pb2, messages_pb2, parse_flags, read_cert, test_pb2_grpc

STATUS_BY_NUMBER = {code.value[0]: code for code in grpc.StatusCode}


def echo_metadata(context):
    """Echo Metadata: the initial key back as a header, the trailing one as a trailer."""
    metadata = context.invocation_metadata()
    initial = [(k, v) for k, v in metadata if k == ECHO_INITIAL_KEY]
    trailing = [(k, v) for k, v in metadata if k == ECHO_TRAILING_KEY]
    if initial:
        context.send_initial_metadata(initial)
    if trailing:
        context.set_trailing_metadata(trailing)


def echo_status(request, context):
    """Echo Status: end the call with response_status when it is set."""
    if request.HasField("response_status") and request.response_status.code != 0:
        code = STATUS_BY_NUMBER.get(request.response_status.code, grpc.StatusCode.UNKNOWN)
        context.abort(code, request.response_status.message)


def payload(size):
    return messages_pb2.Payload(type=messages_pb2.COMPRESSABLE, body=bytes(size))


def responses(request, context):
    """The responses one StreamingOutputCallRequest asks for, each after its interval_us."""
    for params in request.response_parameters:
        if params.interval_us > 0:
            time.sleep(params.interval_us / 1e6)
        if params.HasField("compressed") and not params.compressed.value:
            context.disable_next_message_compression()
        yield messages_pb2.StreamingOutputCallResponse(payload=payload(params.size))


def wants_compression(request):
    return any(p.HasField("compressed") and p.compressed.value for p in request.response_parameters)


class TestService(test_pb2_grpc.TestServiceServicer):
    def EmptyCall(self, request, context):
        return empty_pb2.Empty()

    def UnaryCall(self, request, context):
        echo_metadata(context)
        echo_status(request, context)
        if request.HasField("response_compressed"):
            if request.response_compressed.value:
                context.set_compression(grpc.Compression.Gzip)
            else:
                context.disable_next_message_compression()
        return messages_pb2.SimpleResponse(payload=payload(request.response_size))

    def CacheableUnaryCall(self, request, context):
        context.send_initial_metadata([("cache-control", "max-age=60, public")])
        return messages_pb2.SimpleResponse(payload=messages_pb2.Payload(body=str(time.time_ns()).encode()))

    def StreamingOutputCall(self, request, context):
        echo_metadata(context)
        echo_status(request, context)
        if wants_compression(request):
            context.set_compression(grpc.Compression.Gzip)
        yield from responses(request, context)

    def StreamingInputCall(self, request_iterator, context):
        echo_metadata(context)
        total = sum(len(r.payload.body) for r in request_iterator)
        return messages_pb2.StreamingInputCallResponse(aggregated_payload_size=total)

    def FullDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        for request in request_iterator:
            echo_status(request, context)
            yield from responses(request, context)

    def HalfDuplexCall(self, request_iterator, context):
        echo_metadata(context)
        requests = list(request_iterator)
        for request in requests:
            echo_status(request, context)
            yield from responses(request, context)


def main():
    flags = parse_flags(sys.argv[1:], {"port": "int", "use_tls": "bool", "host": "string"})
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    test_pb2_grpc.add_TestServiceServicer_to_server(TestService(), server)
    address = "%s:%d" % (flags.get("host", "[::]"), flags.get("port", 0))
    if flags.get("use_tls"):
        credentials = grpc.ssl_server_credentials([(read_cert("server1.key"), read_cert("server1.pem"))])
        port = server.add_secure_port(address, credentials)
    else:
        port = server.add_insecure_port(address)
    server.start()
    print("listening on port %d" % port, flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    while not stopped.wait(0.5):
        pass
    server.stop(grace=1).wait()


if __name__ == "__main__":
    main()
