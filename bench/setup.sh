#!/usr/bin/env bash
# Installs the benchmark competitors (bench/package.json) and generates their
# code for proto/reco.proto into bench/gen/ (not committed).
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund
mkdir -p gen
# protobuf.js static code (CommonJS), as `pbjs -t static-module` writes it.
npx pbjs -t static-module -w commonjs --force-number -o gen/reco.pbjs.cjs ../proto/reco.proto
# @bufbuild/protobuf code from protoc-gen-es.
protoc -I ../proto --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es --es_out=gen --es_opt=target=js,import_extension=js reco.proto
echo "bench: competitors ready in bench/gen"
