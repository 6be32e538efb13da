# A Python grpcio health client for test/interop/health-python.test.ts,
# using stubs generated at test time from Debian's grpc-proto health.proto
# (python3 -m grpc_tools.protoc -I /usr/share/grpc-proto/grpc/health/v1
# health.proto: top-level modules, since the `grpc` package is grpcio's).
# Prints one JSON line per event; the test changes statuses and closes the
# server as the lines come in.
#   python3 python_client.py <port> <service>
import json
import sys

import grpc
import health_pb2
import health_pb2_grpc

port, service = sys.argv[1], sys.argv[2]
STATUS = health_pb2.HealthCheckResponse.ServingStatus


def emit(event):
    print(json.dumps(event), flush=True)


def check(stub, name):
    try:
        res = stub.Check(health_pb2.HealthCheckRequest(service=name), timeout=10)
        emit({"check": name, "status": STATUS.Name(res.status)})
    except grpc.RpcError as e:
        emit({"check": name, "code": e.code().value[0]})


def watch(stub, key, name, cancel_on):
    call = stub.Watch(health_pb2.HealthCheckRequest(service=name))
    try:
        for res in call:
            status = STATUS.Name(res.status)
            emit({key: status})
            if status == cancel_on:
                call.cancel()
        emit({key + "End": call.code().value[0]})
    except grpc.RpcError as e:
        emit({key + "End": e.code().value[0]})


with grpc.insecure_channel("127.0.0.1:" + port) as channel:
    stub = health_pb2_grpc.HealthStub(channel)
    check(stub, "")
    check(stub, service)
    check(stub, "nope.Nothing")
    watch(stub, "watch", service, "NOT_SERVING")
    watch(stub, "watchUnknown", "nope.Nothing", "SERVICE_UNKNOWN")
    # The test closes the server once this watch has its first status.
    watch(stub, "watchAll", "", "never")
