#!/bin/sh
# Regenerates the protoc outputs the schema conformance test compares against
# (src/schema/conformance.test.ts). Needs protoc (Debian protobuf-compiler),
# libprotobuf-dev (/usr/include/google/protobuf) and grpc-proto
# (/usr/share/grpc-proto). Each fixture is a FileDescriptorSet written with
# --include_imports and without source info.
set -eu
cd "$(dirname "$0")/.."
out=test/schema/fixtures
mkdir -p "$out"
wkt=/usr/include
grpc=/usr/share/grpc-proto

protoc --version

# The seed's service.
protoc -I proto --include_imports --descriptor_set_out="$out/reco.binpb" reco.proto

# Every well-known type Debian's libprotobuf-dev installs (plus compiler/plugin.proto if present).
wkt_files=$(cd "$wkt" && ls google/protobuf/*.proto google/protobuf/compiler/*.proto 2>/dev/null || true)
protoc -I "$wkt" --include_imports --descriptor_set_out="$out/wkt.binpb" $wkt_files

# The googleapis files shipped in proto/google/rpc (from Debian's libgoogle-common-protos-java).
protoc -I proto --include_imports --descriptor_set_out="$out/google-rpc.binpb" $(cd proto && ls google/rpc/*.proto)

# Every grpc-proto file whose imports resolve. grpc/tls/provider/meshca/experimental/config.proto
# imports envoy/config/core/v3/config_source.proto, which no Debian package ships; the test
# checks that we report that import as missing, at its line and column.
grpc_files=$(cd "$grpc" && find grpc -name '*.proto' | LC_ALL=C sort | grep -v 'meshca/experimental/config.proto')
protoc -I "$grpc" -I proto --include_imports --descriptor_set_out="$out/grpc.binpb" $grpc_files

# Our own test protos, one set per file so each can use the constructs it tests.
for f in $(cd test/schema/protos && ls *.proto); do
  protoc -I test/schema/protos -I proto --include_imports --descriptor_set_out="$out/test-${f%.proto}.binpb" "$f"
done
echo "fixtures written to $out"
