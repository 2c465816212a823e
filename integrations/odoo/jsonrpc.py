"""JSON-RPC: ``POST /jsonrpc`` with ``{"service", "method", "args"}``. Same calls as
XML-RPC, but errors name their exception class and None needs no workaround."""

from __future__ import annotations

import itertools
import json

from .errors import OdooProgrammingError
from .faults import error_from_http_status, error_from_jsonrpc, parse_json_object
from .rpc_base import RpcProtocol

HEADERS = {"Content-Type": "application/json"}


class JsonRpcProtocol(RpcProtocol):
    name = "jsonrpc"

    def __init__(self, transport, config):
        super().__init__(transport, config)
        self._ids = itertools.count(1)

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
