"""Tiny stdlib clients for the sandbox tests (the app's real client lives elsewhere)."""

from __future__ import annotations

import http.client
import json
import xmlrpc.client

from odoo_testserver import DEFAULT_API_KEY


class XmlRpcClient:
    def __init__(self, server, password="admin", uid=None):
        self.server = server
        self.db = server.db
        self.password = password
        self.uid = uid or server.fixture["admin_uid"]
        self.common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
        self.models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object")

    def __call__(self, model, method, *args, **kwargs):
        return self.models.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)

    def fault(self, model, method, *args, **kwargs):
        try:
            result = self(model, method, *args, **kwargs)
        except xmlrpc.client.Fault as fault:
            return fault
        raise AssertionError(f"expected a fault, got {result!r}")

    def fname(self, canonical, model="sale.order.line"):
        return self.server.dialect.fname(model, canonical)

    @property
    def fx(self):
        return self.server.fixture


class JsonRpcClient:
    def __init__(self, server, password="admin"):
        self.server = server
        self.password = password
        self.ids = 0

    def call(self, service, method, *args):
        self.ids += 1
        payload = {"jsonrpc": "2.0", "method": "call",
                   "params": {"service": service, "method": method, "args": list(args)}, "id": self.ids}
        status, _headers, body = http_post(self.server, "/jsonrpc", json.dumps(payload),
                                           {"Content-Type": "application/json"})
        assert status == 200
        return json.loads(body)

    def __call__(self, model, method, *args, **kwargs):
        return self.call("object", "execute_kw", self.server.db, self.server.fixture["admin_uid"], self.password,
                         model, method, list(args), kwargs)


class Json2Client:
    def __init__(self, server, key=DEFAULT_API_KEY):
        self.server = server
        self.key = key

    def post(self, model, method, body=None, *, key=None, headers=None, raw=None):
        hdrs = {"Content-Type": "application/json", "Authorization": f"bearer {key or self.key}",
                "X-Odoo-Database": self.server.db}
        hdrs.update(headers or {})
        hdrs = {k: v for k, v in hdrs.items() if v is not None}
        status, rheaders, text = http_post(self.server, f"/json/2/{model}/{method}",
                                           raw if raw is not None else json.dumps(body or {}), hdrs)
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        return status, rheaders, data, text

    def __call__(self, model, method, **body):
        status, _headers, data, text = self.post(model, method, body)
        assert status == 200, f"{status}: {text[:500]}"
        return data


def http_post(server, path, body, headers, method="POST"):
    conn = http.client.HTTPConnection(server.host, server.port, timeout=30)
    try:
        conn.request(method, path, body=body.encode("utf-8") if isinstance(body, str) else body, headers=headers)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        conn.close()
