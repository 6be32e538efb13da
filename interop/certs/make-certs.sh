#!/bin/sh
# Makes the interop programs' test-only certificates (never use them for
# anything else): a CA (ca.pem) and a server certificate (server1.pem,
# server1.key) it signed, valid for 100 years. The server certificate names
# the hosts the gRPC interop tests use with --server_host_override
# (*.test.google.fr, as the interop descriptions' own server1.pem does) plus
# localhost, 127.0.0.1 and ::1. The CA key is deleted once it has signed.
#   sh interop/certs/make-certs.sh
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
days=36500
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/ca.key"
openssl req -x509 -new -key "$tmp/ca.key" -sha256 -days "$days" -subj "/CN=wiregrpc interop test CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/server1.ec"
# PKCS#8, which node:tls, grpc-js and grpcio all read.
openssl pkcs8 -topk8 -nocrypt -in "$tmp/server1.ec" -out server1.key
openssl req -new -key server1.key -subj "/CN=*.test.google.fr" -out "$tmp/server1.csr"
cat > "$tmp/ext.cnf" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:*.test.google.fr,DNS:waterzooi.test.google.be,DNS:*.test.youtube.com,DNS:localhost,IP:127.0.0.1,IP:::1
EXT
openssl x509 -req -in "$tmp/server1.csr" -CA ca.pem -CAkey "$tmp/ca.key" -CAcreateserial -CAserial "$tmp/ca.srl" \
  -sha256 -days "$days" -extfile "$tmp/ext.cnf" -out server1.pem
openssl verify -CAfile ca.pem server1.pem
