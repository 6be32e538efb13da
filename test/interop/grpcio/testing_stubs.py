"""grpc.testing stubs for the grpcio interop peers.

The stubs are generated at run time by grpc_tools.protoc from Debian's
grpc-proto files (/usr/share/grpc-proto/grpc/testing/*.proto): into the
directory named by $GRPC_TESTING_STUBS when set (the test suite generates
them there once), else into a fresh temporary directory.

protoc names the generated package grpc.testing, inside the grpc package
that grpcio itself owns; the generated folder is added to grpc.__path__ so
`from grpc.testing import ...` finds it.
"""
import atexit
import os
import shutil
import sys
import tempfile

import grpc

GRPC_PROTO = "/usr/share/grpc-proto"
PROTOS = ["grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto"]

ECHO_INITIAL_KEY = "x-grpc-test-echo-initial"
ECHO_TRAILING_KEY = "x-grpc-test-echo-trailing-bin"

CERTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "interop", "certs")


def _stubs_dir():
    given = os.environ.get("GRPC_TESTING_STUBS")
    if given and os.path.exists(os.path.join(given, "grpc", "testing", "test_pb2_grpc.py")):
        return given
    from grpc_tools import protoc  # imported only when generating

    out = given
    if not out:
        out = tempfile.mkdtemp(prefix="grpc-testing-stubs-")
        atexit.register(shutil.rmtree, out, True)
    args = ["grpc_tools.protoc", "-I" + GRPC_PROTO, "--python_out=" + out, "--grpc_python_out=" + out] + PROTOS
    if protoc.main(args) != 0:
        sys.exit("grpc_tools.protoc failed")
    return out


grpc.__path__.append(os.path.join(_stubs_dir(), "grpc"))

from grpc.testing import empty_pb2, messages_pb2, test_pb2_grpc  # noqa: E402


def read_cert(name):
    with open(os.path.join(CERTS, name), "rb") as f:
        return f.read()


def parse_flags(argv, spec):
    """--name=value, --name value, bare --name for booleans; unknown flags are errors."""
    out = {}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if not arg.startswith("--"):
            sys.exit("unexpected argument " + arg)
        name, eq, text = arg[2:].partition("=")
        if name not in spec:
            sys.exit("unknown flag --" + name)
        kind = spec[name]
        if not eq:
            if kind == "bool":
                text = "true"
            else:
                i += 1
                if i >= len(argv):
                    sys.exit("--%s needs a value" % name)
                text = argv[i]
        out[name] = text.lower() in ("true", "1") if kind == "bool" else int(text) if kind == "int" else text
        i += 1
    return out


__all__ = ["empty_pb2", "messages_pb2", "test_pb2_grpc", "read_cert", "parse_flags", "ECHO_INITIAL_KEY", "ECHO_TRAILING_KEY"]
