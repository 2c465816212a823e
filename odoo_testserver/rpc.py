"""The deprecated-but-working RPC protocols: XML-RPC (``/xmlrpc/2/*``, legacy
``/xmlrpc/*``) and JSON-RPC (``/jsonrpc``). Both answer HTTP 200 even for errors.

XML-RPC faults (API_FACTS-odoo18.md section e): 3 AccessDenied ("Access Denied"),
4 AccessError, 2 the UserError family (message only), 1 anything else (a traceback whose
last line names the class). Results are marshalled with ``allow_none=False`` like Odoo,
so a method returning None commits and then fails with
"TypeError: cannot marshal None unless allow_none is enabled". The envelope text is
byte-for-byte Odoo's (``<?xml version="1.0"?>`` and its blank line before the end tag).
"""

from __future__ import annotations

import json
import xmlrpc.client
from dataclasses import dataclass, field

from .errors import (
    AccessDenied,
    AccessError,
    BadRequest,
    MissingError,
    UserError,
    exception_arguments,
    exception_message,
    exception_name,
    traceback_text,
)
from .faults import Call

XML_HEAD = '<?xml version="1.0"?>\n<methodResponse>\n'
XML_TAIL = "\n</methodResponse>\n"


@dataclass
class Response:
    status: int
    body: bytes
    content_type: str
    headers: dict = field(default_factory=dict)
    outcome: str = "ok"  # ok | error
    error: str | None = None


class RpcDispatcher:
    """service/method/params -> result, for both RPC protocols."""

    def __init__(self, service):
        self.service = service

    def dispatch(self, service_name, method, params, protocol):
        svc = self.service
        if service_name == "common":
            if method == "version":
                return svc.version()
            if method == "login":
                return svc.login(*params)
            if method == "authenticate":
                return svc.authenticate(*params)
            if method == "about":
                return "See http://openerp.com"
            raise KeyError(f"exp_{method}")
        if service_name == "object":
            if method == "execute_kw":
                return svc.execute_kw(*params, protocol=protocol)
            if method == "execute":
                return svc.execute(*params, protocol=protocol)
            raise NameError(f"Method not available {method}")
        if service_name == "db":
            if method == "list":
                return [svc.auth.db]
            if method == "server_version":
                return svc.store.dialect.server_version
            raise KeyError(f"exp_{method}")
        raise KeyError(service_name)


def describe_rpc_call(protocol, path, service_name, method, params):
    call = Call(protocol, path, service_name, None, method, rpc_method=method)
    if service_name == "object" and method in ("execute_kw", "execute") and len(params) >= 5:
        call.uid = params[1] if isinstance(params[1], int) else None
        call.model, call.method = str(params[3]), str(params[4])
    return call


# ------------------------------------------------------------------- XML-RPC
class XmlRpcProtocol:
    name = "xmlrpc"

    def __init__(self, service, legacy=False):
        self.dispatcher = RpcDispatcher(service)
        self.legacy = legacy

    def parse(self, path, body):
        service_name = path.rstrip("/").rsplit("/", 1)[-1]
        try:
            params, method = xmlrpc.client.loads(body.decode("utf-8"))
        except Exception as exc:  # noqa: BLE001 - reported as an Odoo fault 1
            return Call(self.name, path, service_name, None, None), exc
        return describe_rpc_call(self.name, path, service_name, method, list(params)), list(params)

    def run(self, call, params, injected=None):
        if isinstance(params, Exception):
            return self.fault(params)
        try:
            if injected is not None:
                raise injected
            result = self.dispatcher.dispatch(call.service, call.rpc_method, params, self.name)
        except Exception as exc:  # noqa: BLE001 - every error becomes a fault
            return self.fault(exc)
        try:
            text = xmlrpc.client.Marshaller(allow_none=False).dumps((result,))
        except Exception as exc:  # noqa: BLE001 - e.g. None: committed, then this fault
            return self.fault(exc)
        return Response(200, (XML_HEAD + text + XML_TAIL).encode("utf-8"), "text/xml; charset=utf-8")

    def fault(self, exc):
        if self.legacy:
            fault = self._legacy_fault(exc)
        elif isinstance(exc, AccessError):
            fault = xmlrpc.client.Fault(4, exception_message(exc))
        elif isinstance(exc, AccessDenied):
            fault = xmlrpc.client.Fault(3, exception_message(exc))
        elif isinstance(exc, UserError):
            fault = xmlrpc.client.Fault(2, exception_message(exc))
        else:
            fault = xmlrpc.client.Fault(1, traceback_text(exc))
        text = xmlrpc.client.Marshaller(allow_none=False).dumps(fault)
        return Response(200, (XML_HEAD + text + XML_TAIL).encode("utf-8"), "text/xml; charset=utf-8",
                        outcome="error", error=exception_name(exc))

    @staticmethod
    def _legacy_fault(exc):
        """The legacy /xmlrpc endpoint puts the class in a string faultCode."""
        if isinstance(exc, MissingError):
            return xmlrpc.client.Fault(f"warning -- MissingError\n\n{exc}", "")
        if isinstance(exc, AccessError):
            return xmlrpc.client.Fault(f"warning -- AccessError\n\n{exc}", "")
        if isinstance(exc, AccessDenied):
            return xmlrpc.client.Fault("AccessDenied", str(exc))
        if isinstance(exc, UserError):
            return xmlrpc.client.Fault(f"warning -- UserError\n\n{exc}", "")
        return xmlrpc.client.Fault(str(exc), traceback_text(exc))


# ------------------------------------------------------------------ JSON-RPC
class JsonRpcProtocol:
    name = "jsonrpc"

    def __init__(self, service):
        self.service = service
        self.dispatcher = RpcDispatcher(service)

    def parse(self, path, body):
        try:
            request = json.loads(body.decode("utf-8") or "null")
            if not isinstance(request, dict):
                raise TypeError("a JSON-RPC request must be an object")
            params = request.get("params") or {}
            payload = (request.get("id"), params.get("service"), params.get("method"), list(params.get("args") or []))
        except Exception as exc:  # noqa: BLE001
            return Call(self.name, path), BadRequest(f"Invalid JSON data: {exc}")
        return describe_rpc_call(self.name, path, payload[1], payload[2], payload[3]), payload

    def run(self, call, payload, injected=None):
        if isinstance(payload, Exception):
            return self.error(None, payload)
        req_id, service_name, method, args = payload
        try:
            if injected is not None:
                raise injected
            result = self.dispatcher.dispatch(service_name, method, args, self.name)
        except Exception as exc:  # noqa: BLE001
            return self.error(req_id, exc)
        body = {"jsonrpc": "2.0", "id": req_id}
        if result is not None:  # Odoo leaves "result" out for None
            body["result"] = result
        return Response(200, json.dumps(body).encode("utf-8"), "application/json")

    def error(self, req_id, exc):
        dialect = self.service.store.dialect
        frames = not (isinstance(exc, AccessDenied) and not dialect.access_denied_traceback)
        data = {"name": exception_name(exc), "debug": traceback_text(exc, frames=frames),
                "message": exception_message(exc), "arguments": exception_arguments(exc), "context": {}}
        error = {"code": dialect.jsonrpc_error_code, "message": "Odoo Server Error",
                 "data": {key: data[key] for key in dialect.jsonrpc_data_order}}
        body = {"jsonrpc": "2.0", "id": req_id, "error": error}
        return Response(200, json.dumps(body).encode("utf-8"), "application/json",
                        outcome="error", error=exception_name(exc))
