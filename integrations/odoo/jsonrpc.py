"""JSON-RPC: ``POST /jsonrpc`` with ``{"service", "method", "args"}``. Same calls as
XML-RPC, but errors name their exception class and None needs no workaround."""

from __future__ import annotations

import itertools
import json

from .errors import OdooAuthError, OdooProgrammingError
from .faults import error_from_http_status, error_from_jsonrpc, parse_json_object
from .shapes import execute_kw_arguments

HEADERS = {"Content-Type": "application/json"}


class JsonRpcProtocol:
    name = "jsonrpc"

    def __init__(self, transport, config):
        self._transport = transport
        self._config = config
        self._ids = itertools.count(1)

    def version(self):
        return self._call("common", "version", [], idempotent=True)

    def authenticate(self):
        cfg = self._config
        uid = self._call(
            "common",
            "authenticate",
            [cfg.db, cfg.user, cfg.api_key, {}],
            idempotent=True,
        )
        if not uid:
            raise OdooAuthError(
                f"Odoo rejected user {cfg.user!r} on database {cfg.db!r}"
            )
        return uid

    def execute(self, uid, model, method, ids, params, context, *, idempotent):
        args, kwargs = execute_kw_arguments(method, ids, params, context)
        cfg = self._config
        params = [cfg.db, uid, cfg.api_key, model, method, args, kwargs]
        return self._call("object", "execute_kw", params, idempotent=idempotent)

    def _call(self, service, method, args, *, idempotent):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
            "id": next(self._ids),
        }
        response = self._transport.request(
            "POST",
            "/jsonrpc",
            json.dumps(payload).encode("utf-8"),
            HEADERS,
            idempotent=idempotent,
        )
        if response.status != 200:
            raise error_from_http_status(response.status, response.body)
        answer = parse_json_object(response.body)
        if answer is None:
            raise OdooProgrammingError(
                "not a JSON-RPC answer from Odoo (check ODOO_URL)",
                maybe_applied=not idempotent,
            )
        if answer.get("error"):
            raise error_from_jsonrpc(answer["error"])
        # A method returning None is answered without a "result" key.
        return answer.get("result")
