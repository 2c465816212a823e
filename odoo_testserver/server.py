"""The HTTP server: routes requests to the protocols, applies injected faults, logs.

``OdooTestServer`` runs in a background thread for pytest (``start()``/``stop()``) or in
the foreground for the CLI (``serve_forever()``). It is an *Odoo test sandbox*, not Odoo:
``GET /`` and the CLI banner say so, and the control API lives under ``/__testserver__``.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .dialects import get_dialect
from .errors import LockError, SerializationFailure
from .faults import Call, FaultInjector, RequestLog
from .json2 import Json2Protocol, html_page, not_found_page
from .rpc import JsonRpcProtocol, Response, XmlRpcProtocol
from .seed import build_store
from .service import Auth, Credential, Service

BANNER = "Odoo test sandbox (NOT a real Odoo)"
DEFAULT_API_KEY = "sandbox0admin0api0key00000000000000000000"
DEFAULT_DEMO_API_KEY = "sandbox0demo0api0key000000000000000000000"
CONTROL_PREFIX = "/__testserver__/"


class OdooTestServer:
    def __init__(self, version=18, *, host="127.0.0.1", port=0, db=None, login="admin", password="admin",
                 api_key=DEFAULT_API_KEY, demo_login="demo", demo_password="demo",
                 demo_api_key=DEFAULT_DEMO_API_KEY, demo_catalogue=False, seed_hooks=(), verbose=False):
        self.version = int(version)
        self.dialect = get_dialect(self.version)
        self.host, self.requested_port = host, int(port)
        self.db = db or self.dialect.default_db
        self.demo_catalogue = demo_catalogue
        self.verbose = verbose
        self.faults = FaultInjector()
        self.log = RequestLog()
        self._seed_hooks = list(seed_hooks)
        self._swap_lock = threading.Lock()
        self.store = self._new_store()
        fx = self.store.fixture
        self.auth = Auth(self.db, {
            fx["admin_uid"]: Credential(fx["admin_uid"], login, password, {api_key} if api_key else set(), True),
            fx["demo_uid"]: Credential(fx["demo_uid"], demo_login, demo_password,
                                       {demo_api_key} if demo_api_key else set(), False),
        })
        self.service = Service(self)
        self.protocols = {"xmlrpc": XmlRpcProtocol(self.service), "xmlrpc_legacy": XmlRpcProtocol(self.service, True),
                          "jsonrpc": JsonRpcProtocol(self.service), "json2": Json2Protocol(self.service)}
        self._httpd = None
        self._thread = None

    # ------------------------------------------------------------ lifecycle
    def _new_store(self):
        store = build_store(self.version, demo_catalogue=self.demo_catalogue)
        store.admin_uids = {store.fixture["admin_uid"]}
        for hook in self._seed_hooks:
            hook(store)
        return store

    def _bind(self):
        if self._httpd is None:
            self._httpd = _HTTPServer((self.host, self.requested_port), _Handler)
            self._httpd.sandbox = self
        return self._httpd

    def start(self):
        """Serve in a daemon thread; returns self (``srv.url`` is then usable)."""
        httpd = self._bind()
        self._thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"odoo-testserver-{self.version}", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self):
        self._bind().serve_forever(poll_interval=0.2)

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self):
        return self._httpd.server_address[1] if self._httpd else self.requested_port

    @property
    def url(self):
        return f"http://{self.host}:{self.port}"

    @property
    def fixture(self):
        return self.store.fixture

    # --------------------------------------------------------- test control
    def add_fault(self, mode, count=1, model=None, method=None, protocol=None, seconds=0.0, phase="before"):
        return self.faults.add(mode, count, model, method, protocol, seconds, phase)

    def clear_faults(self, rule_id=None):
        self.faults.clear(rule_id)

    def list_faults(self):
        return self.faults.rules()

    @property
    def request_log(self):
        return self.log.entries()

    def calls(self, model=None, method=None, protocol=None, outcome=None):
        return self.log.count(model, method, protocol, outcome)

    def clear_log(self):
        self.log.clear()

    def add_seed_hook(self, hook):
        """Run ``hook(store)`` now and after every reset (e.g. the app's demo catalogue)."""
        self._seed_hooks.append(hook)
        with self.store.lock:
            hook(self.store)

    def reset(self, data=True, log=True, faults=True):
        if data:
            new_store = self._new_store()
            with self._swap_lock, self.store.lock:
                self.store = new_store
        if log:
            self.log.clear()
        if faults:
            self.faults.clear()

    def state(self):
        return {"sandbox": BANNER, "version": self.version, "server_version": self.dialect.server_version,
                "db": self.db, "url": self.url, "requests": len(self.log.entries()), "calls": self.log.summary(),
                "faults": self.faults.rules(), "fixture": self.store.fixture}

    # -------------------------------------------------------------- routing
    def route(self, http_method, path, headers, body):
        """(protocol, Call, payload) where payload may already be a Response."""
        clean = path.split("?", 1)[0]
        if clean.startswith("/json/2"):
            proto = self.protocols["json2"]
            call, payload = proto.parse(http_method, clean, headers, body)
            return proto, call, payload
        if clean.startswith("/xmlrpc/") or clean == "/jsonrpc":
            if http_method != "POST":
                return None, Call("http", clean), html_page(405, "Method Not Allowed",
                                                            "The method is not allowed for the requested URL.")
            key = "jsonrpc" if clean == "/jsonrpc" else "xmlrpc" if clean.startswith("/xmlrpc/2/") else "xmlrpc_legacy"
            proto = self.protocols[key]
            call, payload = proto.parse(clean, body)
            return proto, call, payload
        if clean == "/web/version":
            body = {"version_info": self.dialect.version_info, "version": self.dialect.server_version}
            return None, Call("http", clean, method="version"), Response(
                200, json.dumps(body).encode(), "application/json; charset=utf-8")
        if clean == "/":
            return None, Call("http", clean), html_page(200, "Odoo test sandbox",
                                                        f"{BANNER}: Odoo {self.dialect.server_version}, db {self.db}")
        return None, Call("http", clean), not_found_page()

    def handle(self, http_method, path, headers, body):
        """Returns (Response or None to drop the connection, seconds to sleep before answering)."""
        proto, call, payload = self.route(http_method, path, headers, body)
        rule = self.faults.take(call)
        mode = rule.mode if rule else None
        if mode == "down":
            self.log.record(call, "dropped", None, "fault:down")
            return None, 0.0
        if mode == "slow" and rule.phase == "before":
            time.sleep(rule.seconds)
        if mode == "http500":
            self.log.record(call, "http500", 500, "fault:http500")
            return html_page(500, "Internal Server Error",
                             "The server encountered an internal error and was unable to complete your request. "
                             "Either the server is overloaded or there is an error in the application."), 0.0
        if isinstance(payload, Response):
            response = payload
        else:
            injected = {"serialization_failure": SerializationFailure, "lock_error": _lock_error}.get(mode)
            response = proto.run(call, payload, injected() if injected else None)
        if mode == "apply_then_drop":
            self.log.record(call, "dropped_after_apply", response.status, response.error)
            return None, 0.0
        self.log.record(call, response.outcome, response.status, response.error)
        return response, (rule.seconds if mode == "slow" and rule.phase == "after" else 0.0)

    def control(self, http_method, path, body):
        """The /__testserver__ API (JSON in, JSON out); never logged nor faulted."""
        name = path[len(CONTROL_PREFIX):].strip("/").split("?")[0]
        data = json.loads(body.decode() or "{}") if body else {}
        if name == "state" and http_method == "GET":
            return 200, self.state()
        if name == "log" and http_method == "GET":
            return 200, {"entries": self.log.entries()}
        if name == "faults":
            if http_method == "GET":
                return 200, {"faults": self.faults.rules()}
            if http_method == "DELETE" or data.get("clear"):
                self.faults.clear(data.get("id"))
                return 200, {"faults": self.faults.rules()}
            if http_method == "POST":
                try:
                    rule = self.add_fault(data.get("mode"), data.get("count", 1), data.get("model"),
                                          data.get("method"), data.get("protocol"), data.get("seconds", 0.0),
                                          data.get("phase", "before"))
                except (TypeError, ValueError) as exc:
                    return 400, {"error": str(exc)}
                return 200, {"rule": rule}
        if name == "reset" and http_method == "POST":
            self.reset(data.get("data", True), data.get("log", True), data.get("faults", True))
            return 200, {"reset": True, "state": self.state()}
        return 404, {"error": f"unknown control endpoint {http_method} {path}"}


def _lock_error():
    return LockError("Cannot lock the records: another transaction is modifying them. Please try again.")


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    sandbox = None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like Odoo's werkzeug server
    server_version = "OdooTestSandbox/1.0"
    timeout = 60  # idle keep-alive connections end after this
    # Headers and body leave in one segment (buffered writer flushed per response) and
    # without Nagle, so a client never waits for a delayed ACK (~40 ms per call).
    wbufsize = -1
    disable_nagle_algorithm = True

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _dispatch(self, http_method):
        sandbox = self.server.sandbox
        body = self._body()
        if self.path.startswith(CONTROL_PREFIX):
            try:
                status, data = sandbox.control(http_method, self.path, body)
            except ValueError as exc:
                status, data = 400, {"error": str(exc)}
            return self._send(Response(status, json.dumps(data).encode(), "application/json"))
        try:
            response, delay = sandbox.handle(http_method, self.path, self.headers, body)
        except Exception as exc:  # noqa: BLE001 - a bug in the sandbox: say so, do not hang
            response, delay = html_page(500, "Internal Server Error", f"sandbox error: {exc!r}"), 0.0
        if response is None:
            self.close_connection = True  # drop: no status line, no body
            return None
        if delay:
            time.sleep(delay)
        return self._send(response)

    def _send(self, response):
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(response.body)

    def do_POST(self):
        self._dispatch("POST")

    def do_GET(self):
        self._dispatch("GET")

    def do_DELETE(self):
        self._dispatch("DELETE")

    def do_PUT(self):
        self._dispatch("PUT")

    def log_message(self, fmt, *args):
        if getattr(self.server.sandbox, "verbose", False):
            sys.stderr.write(f"[odoo-sandbox] {self.address_string()} - {fmt % args}\n")
