"""XML-RPC: ``/xmlrpc/2/common`` (version, authenticate) and ``/xmlrpc/2/object``
(``execute_kw``). Works unchanged on Odoo 17, 18 and 19 (deprecated in 19)."""

from __future__ import annotations

import xmlrpc.client
from xml.parsers.expat import ExpatError

from .errors import OdooProgrammingError
from .faults import MARSHAL_NONE, error_from_http_status, error_from_xmlrpc_fault
from .rpc_base import RpcProtocol

HEADERS = {"Content-Type": "text/xml"}


class XmlRpcProtocol(RpcProtocol):
    name = "xmlrpc"

    def _call(self, service, method, params, *, idempotent):
        # allow_none: a None inside a context or value is legal for Odoo's parser.
        body = xmlrpc.client.dumps(
            tuple(params), methodname=method, allow_none=True, encoding="utf-8"
        )
        response = self._transport.request(
            "POST",
            f"/xmlrpc/2/{service}",
            body.encode("utf-8"),
            HEADERS,
            idempotent=idempotent,
        )
        if response.status != 200:
            raise error_from_http_status(response.status, response.body)
        try:
            (result,), _ = xmlrpc.client.loads(response.body, use_builtin_types=True)
        except xmlrpc.client.Fault as fault:
            if MARSHAL_NONE in (fault.faultString or ""):
                # The method ran and committed; only its None result could not be sent.
                return None
            raise error_from_xmlrpc_fault(fault.faultCode, fault.faultString) from None
        except (ExpatError, ValueError, TypeError) as exc:
            raise OdooProgrammingError(
                f"not an XML-RPC answer from Odoo (check ODOO_URL): {exc}",
                maybe_applied=not idempotent,
            ) from exc
        return result
