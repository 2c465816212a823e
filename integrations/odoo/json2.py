"""JSON-2 (Odoo 19+): ``POST /json/2/<model>/<method>`` with named arguments only,
``Authorization: bearer <api key>`` and ``X-Odoo-Database``. The answer is the bare
result; errors use real HTTP status codes (see API_FACTS-odoo19.md section 3)."""

from __future__ import annotations

import json
from urllib.parse import quote

from .errors import OdooAuthError, OdooProgrammingError
from .faults import error_from_http_status, error_from_json2


class Json2Protocol:
    name = "json2"

    def __init__(self, transport, config):
        self._transport = transport
        self._config = config

    def version(self):
        # No JSON-2 method for this: /web/version is public (no key, no database).
        response = self._transport.request(
            "GET", "/web/version", None, {}, idempotent=True
        )
        if response.status != 200:
            raise error_from_http_status(response.status, response.body)
        info = self._decode(response.body, idempotent=True)
        # Same keys as common.version() so callers need not care about the protocol.
        info.setdefault("server_version_info", info.get("version_info"))
        info.setdefault("server_version", info.get("version"))
        return info

    def authenticate(self):
        """No login: the key is sent with every call. context_get checks the key
        cheaply and carries the uid; older builds without it: search by login."""
        context = self.execute(
            None, "res.users", "context_get", None, {}, None, idempotent=True
        )
        uid = context.get("uid") if isinstance(context, dict) else None
        if not uid and self._config.user:
            found = self.execute(
                None,
                "res.users",
                "search",
                None,
                {"domain": [["login", "=", self._config.user]], "limit": 1},
                None,
                idempotent=True,
            )
            uid = found[0] if found else None
        if not uid:
            raise OdooAuthError(
                f"the API key is valid but user {self._config.user!r} was not found"
            )
        return uid

    def execute(self, uid, model, method, ids, params, context, *, idempotent):
        body = {} if ids is None else {"ids": ids}
        body.update(params)
        if context is not None:
            body["context"] = context
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"bearer {self._config.api_key}",
        }
        if self._config.db:
            headers["X-Odoo-Database"] = self._config.db
        path = f"/json/2/{quote(model, safe='.')}/{quote(method, safe='')}"
        response = self._transport.request(
            "POST",
            path,
            json.dumps(body).encode("utf-8"),
            headers,
            idempotent=idempotent,
        )
        if response.status != 200:
            raise error_from_json2(
                response.status, response.body, response.content_type
            )
        return self._decode(response.body, idempotent=idempotent)

    @staticmethod
    def _decode(body, *, idempotent):
        try:
            return json.loads(body)  # "null" for a method returning None
        except (ValueError, UnicodeDecodeError):
            raise OdooProgrammingError(
                "not a JSON answer from Odoo (check ODOO_URL)",
                maybe_applied=not idempotent,
            ) from None
