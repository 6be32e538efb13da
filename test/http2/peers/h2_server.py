"""A server built on python-hyper's h2 (Debian python3-h2): on one
connection at a time, answers each request with :status 200, the request
body echoed back in DATA frames, and trailers `x-echo-length`. Prints
"listening PORT" once ready; serves until killed.

usage: h2_server.py
"""
import socket

import h2.config
import h2.connection
import h2.events

listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(("127.0.0.1", 0))
listener.listen(8)
print("listening", listener.getsockname()[1], flush=True)


def serve(sock):
    conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=False, header_encoding="utf-8"))
    conn.initiate_connection()
    sock.sendall(conn.data_to_send())
    bodies = {}
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return
        for event in conn.receive_data(chunk):
            if isinstance(event, h2.events.RequestReceived):
                bodies[event.stream_id] = b""
            elif isinstance(event, h2.events.DataReceived):
                bodies[event.stream_id] += event.data
                conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            elif isinstance(event, h2.events.StreamEnded):
                body = bodies.pop(event.stream_id)
                conn.send_headers(event.stream_id, [(":status", "200"), ("content-type", "application/octet-stream")])
                # Within our client's flow-control window (the tests send small bodies), in frames no
                # larger than our client allows.
                size = conn.max_outbound_frame_size
                for at in range(0, len(body), size):
                    conn.send_data(event.stream_id, body[at:at + size])
                conn.send_headers(event.stream_id, [("x-echo-length", str(len(body)))], end_stream=True)
            elif isinstance(event, h2.events.ConnectionTerminated):
                sock.sendall(conn.data_to_send())
                return
        sock.sendall(conn.data_to_send())


while True:
    client, _ = listener.accept()
    try:
        serve(client)
    except (ConnectionError, OSError):
        pass
    finally:
        client.close()
