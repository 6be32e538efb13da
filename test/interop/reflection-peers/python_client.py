# A strict reflection client for test/interop/reflection-python.test.ts:
# Python grpcio with protobuf's C++ implementation (Debian python3-protobuf),
# whose DescriptorPool is protoc's own and checks every served file as protoc
# would (names, imports, map entries, json_name, options). Stubs for
# reflection.proto are generated at test time from Debian's grpc-proto
# (python3 -m grpc_tools.protoc -I /usr/share/grpc-proto/grpc/reflection
# v1/reflection.proto v1alpha/reflection.proto).
#   python3 python_client.py <port> <v1|v1alpha>
# Prints one JSON object with what it found and what it called.
import json
import sys

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

port, version = sys.argv[1], sys.argv[2]
if version == "v1":
    from v1 import reflection_pb2 as pb, reflection_pb2_grpc as pb_grpc
else:
    from v1alpha import reflection_pb2 as pb, reflection_pb2_grpc as pb_grpc

PKG = "wiregrpc.reflectiontest.v1"
channel = grpc.insecure_channel("127.0.0.1:" + port)
stub = pb_grpc.ServerReflectionStub(channel)


def ask(requests):
    """Sends the requests on one stream; returns the responses in order."""
    return list(stub.ServerReflectionInfo(iter(requests), timeout=20))


def files_of(response):
    if response.WhichOneof("message_response") != "file_descriptor_response":
        raise RuntimeError("expected files, got " + str(response))
    return [descriptor_pb2.FileDescriptorProto.FromString(b) for b in response.file_descriptor_response.file_descriptor_proto]


services = [s.name for s in ask([pb.ServerReflectionRequest(list_services="")])[0].list_services_response.service]
received = {}
for response in ask([pb.ServerReflectionRequest(file_containing_symbol=s) for s in services]):
    for fd in files_of(response):
        received.setdefault(fd.name, fd)

# Dependencies first: the pool refuses a file whose imports it lacks.
pool = descriptor_pool.DescriptorPool()
added = set()


def add(name):
    if name in added:
        return
    for dep in received[name].dependency:
        add(dep)
    pool.Add(received[name])
    added.add(name)


for name in sorted(received):
    add(name)

methods = {}
for s in services:
    service = pool.FindServiceByName(s)
    methods[s] = [m.full_name for m in service.methods]
    for m in service.methods:
        # Every request and response type resolves to a message class.
        message_factory.MessageFactory(pool).GetPrototype(m.input_type)
        message_factory.MessageFactory(pool).GetPrototype(m.output_type)

factory = message_factory.MessageFactory(pool)
shop = pool.FindServiceByName(PKG + ".Shop")
get_item = shop.methods_by_name["GetItem"]
Request = factory.GetPrototype(get_item.input_type)
Response = factory.GetPrototype(get_item.output_type)
call = channel.unary_unary("/" + shop.full_name + "/GetItem", request_serializer=Request.SerializeToString, response_deserializer=Response.FromString)
item = call(json_format.Parse('{"id": "42", "locale": "fr"}', Request()), timeout=10)

item_desc = pool.FindMessageTypeByName(PKG + ".Item")
ext_numbers = ask([pb.ServerReflectionRequest(all_extension_numbers_of_type=PKG + ".Extendable")])[0].all_extension_numbers_response
ext_file = files_of(ask([pb.ServerReflectionRequest(file_containing_extension=pb.ExtensionRequest(containing_type=PKG + ".Extendable", extension_number=101))])[0])[0].name
unknown = ask([pb.ServerReflectionRequest(file_containing_symbol=PKG + ".Nope"), pb.ServerReflectionRequest(list_services="")])

print(json.dumps({
    "services": services,
    "files": sorted(received),
    "methods": methods,
    "getItem": json_format.MessageToDict(item),
    "mapEntries": [n.name for n in item_desc.nested_types if n.GetOptions().map_entry],
    "oneofs": [o.name for o in item_desc.oneofs],
    "jsonNames": {f.name: f.json_name for f in item_desc.fields},
    "extension": pool.FindExtensionByName(PKG + ".Holder.nested_number").containing_type.full_name,
    "extensionNumbers": sorted(ext_numbers.extension_number),
    "extensionFile": ext_file,
    "unknown": [unknown[0].error_response.error_code, unknown[1].WhichOneof("message_response")],
}))
