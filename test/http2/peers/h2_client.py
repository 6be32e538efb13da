"""A client built on python-hyper's h2 (Debian python3-h2): sends N POST
requests with the given body on one connection, all at once, and prints one
JSON line per stream: its response headers, body (hex) and trailers.

usage: h2_client.py PORT PATH BODY_HEX N
"""
import json
import socket
import sys

import h2.config
import h2.connection
import h2.events

port, path, body, count = int(sys.argv[1]), sys.argv[2], bytes.fromhex(sys.argv[3]), int(sys.argv[4])
sock = socket.create_connection(("127.0.0.1", port), timeout=10)
conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
conn.initiate_connection()
results = {}
for _ in range(count):
    sid = conn.get_next_available_stream_id()
    conn.send_headers(sid, [(":method", "POST"), (":scheme", "http"), (":authority", f"127.0.0.1:{port}"), (":path", path),
                            ("content-type", "application/grpc"), ("te", "trailers")])
    conn.send_data(sid, body, end_stream=True)
    results[sid] = {"headers": None, "data": b"", "trailers": None}
sock.sendall(conn.data_to_send())
open_streams = set(results)
while open_streams:
    chunk = sock.recv(65536)
    if not chunk:
        break
    for event in conn.receive_data(chunk):
        if isinstance(event, h2.events.ResponseReceived):
            results[event.stream_id]["headers"] = dict(event.headers)
        elif isinstance(event, h2.events.DataReceived):
            results[event.stream_id]["data"] += event.data
            conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
        elif isinstance(event, h2.events.TrailersReceived):
            results[event.stream_id]["trailers"] = dict(event.headers)
        elif isinstance(event, (h2.events.StreamEnded, h2.events.StreamReset)):
            open_streams.discard(event.stream_id)
    sock.sendall(conn.data_to_send())
conn.close_connection()
sock.sendall(conn.data_to_send())
sock.close()
for sid, r in sorted(results.items()):
    print(json.dumps({"stream": sid, "headers": r["headers"], "data": r["data"].hex(), "trailers": r["trailers"]}))
