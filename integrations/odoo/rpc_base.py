"""What the two legacy RPC protocols (XML-RPC and JSON-RPC) share: the same services, the same
login and the same ``execute_kw`` shapes; only the envelope (``_call``) differs."""

from __future__ import annotations

from .errors import OdooAuthError
from .shapes import execute_kw_arguments


class RpcProtocol:
    name = ""

    def __init__(self, transport, config):
        self._transport = transport
        self._config = config

    def version(self):
        return self._call("common", "version", [], idempotent=True)

    def authenticate(self):
        cfg = self._config
        uid = self._call("common", "authenticate", [cfg.db, cfg.user, cfg.api_key, {}], idempotent=True)
        if not uid:  # Odoo answers False, not a fault, for a bad login
            raise OdooAuthError(f"Odoo rejected user {cfg.user!r} on database {cfg.db!r}")
        return uid

    def execute(self, uid, model, method, ids, params, context, *, idempotent):
        args, kwargs = execute_kw_arguments(method, ids, params, context)
        cfg = self._config
        params = [cfg.db, uid, cfg.api_key, model, method, args, kwargs]
        return self._call("object", "execute_kw", params, idempotent=idempotent)

    def _call(self, service, method, args, *, idempotent):
        raise NotImplementedError
