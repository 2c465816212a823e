"""Loopback HTTP servers for the Odoo client tests (no Django, no real Odoo).

``StubServer`` speaks HTTP/1.1 with keep-alive like Odoo's werkzeug server, counts
TCP connections, keeps every request, and lets a test script each answer, including
the failures a client must survive: never answering, closing the connection after
reading the request, closing an idle keep-alive connection.
"""

from __future__ import annotations

import json
import socket
import threading
import xmlrpc.client
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Request:
    method: str
    path: str
    headers: dict
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = b""
    content_type: str = "application/json; charset=utf-8"
    hang: bool = False  # read the request, never answer
    drop: bool = False  # read the request, close the connection without answering
    close_after: bool = (
        False  # answer (advertising keep-alive), then close the connection
    )
    headers: dict = field(default_factory=dict)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Odoo's threaded server
    timeout = 10  # ends idle keep-alive threads
    disable_nagle_algorithm = (
        True  # headers and body leave in two writes: avoid 40 ms ACK stalls
    )

    def setup(self):
        super().setup()
        with self.server.stub.lock:
            self.server.stub.connections += 1

    def _serve(self):
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        request = Request(
            self.command, self.path, {k: v for k, v in self.headers.items()}, body
        )
        with stub.lock:
            stub.requests.append(request)
        reply = stub.responder(request)
        if reply.hang:
            stub.release.wait(10)
            self.close_connection = True
            return
        if reply.drop:
            self.close_connection = True
            return
        data = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)
        self.wfile.flush()
        if reply.close_after:
            self.close_connection = True

    do_GET = do_POST = _serve

    def log_message(self, *args):
        pass


class StubServer:
    def __init__(self, responder):
        self.responder = responder
        self.requests: list[Request] = []
        self.connections = 0
        self.lock = threading.Lock()
        self.release = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
        )

    @property
    def url(self):
        host, port = self._server.server_address
        return f"http://{host}:{port}"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self._server.shutdown()
        self._server.server_close()


def ok_reply(protocol, result, request=None):
    """A successful answer in the protocol's own envelope."""
    if protocol == "xmlrpc":
        body = xmlrpc.client.dumps((result,), methodresponse=True, allow_none=True)
        return Reply(body=body, content_type="text/xml; charset=utf-8")
    if protocol == "jsonrpc":
        rpc_id = json.loads(request.body).get("id") if request is not None else 1
        return Reply(
            body=json.dumps({"jsonrpc": "2.0", "id": rpc_id, "result": result})
        )
    return Reply(body=json.dumps(result))


def closed_port():
    """A loopback port nobody listens on: connecting is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FullBacklogListener:
    """A loopback listener whose accept queue is full, so new SYNs are dropped and a
    connect hangs: the only way to exercise a connect timeout without leaving the host."""

    def __init__(self):
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(0)
        self.port = self._sock.getsockname()[1]
        self._fillers = []
        for _ in range(4):
            filler = socket.socket()
            filler.setblocking(False)
            try:
                filler.connect(("127.0.0.1", self.port))
            except BlockingIOError:
                pass
            self._fillers.append(filler)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        for sock in [*self._fillers, self._sock]:
            sock.close()
