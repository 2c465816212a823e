"""One call API for Odoo over XML-RPC, JSON-RPC or JSON-2 (chosen by ``OdooConfig``).

Used by the outbox worker that posts return receipts, scraps and credit notes and by
the sale-order lookup. Pure Python: no Django import, so it can be tested alone.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import time
from decimal import Decimal

from .dialect import OdooDialect, major_from_version
from .errors import OdooMissingRecord, OdooTimeout, OdooTransientError
from .json2 import Json2Protocol
from .jsonrpc import JsonRpcProtocol
from .transport import HttpTransport
from .xmlrpc import XmlRpcProtocol

log = logging.getLogger(__name__)

PROTOCOL_CLASSES = {
    "xmlrpc": XmlRpcProtocol,
    "jsonrpc": JsonRpcProtocol,
    "json2": Json2Protocol,
}

# Calls that change nothing: safe to send again when a connection drops mid-call.
READ_ONLY_METHODS = frozenset(
    {
        "search",
        "search_read",
        "search_count",
        "read",
        "read_group",
        "fields_get",
        "name_search",
        "default_get",
        "check_object_reference",
        "context_get",
        "has_group",
        "check_access_rights",
    }
)


def is_wizard_action(result):
    """``button_validate`` / ``stock.scrap.action_validate`` answer True when done, or
    a window action (backorder, insufficient quantity) when Odoo wants a decision:
    then nothing was validated."""
    return (
        isinstance(result, dict)
        and result.get("type") == "ir.actions.act_window"
        and bool(result.get("res_model"))
    )


class OdooClient:
    """``retries``/``backoff``: automatic retries of transient errors, only where that
    cannot apply a write twice (read-only calls, or nothing reached / was committed).
    ``uid`` may be given to skip ``authenticate`` (it costs ~0.6 s on real Odoo)."""

    def __init__(
        self,
        config,
        *,
        retries=2,
        backoff=0.5,
        uid=None,
        transport=None,
        sleep=time.sleep,
    ):
        self.config = config
        self._transport = transport or HttpTransport(
            config.url,
            connect_timeout=config.connect_timeout,
            read_timeout=config.read_timeout,
        )
        self._protocol = PROTOCOL_CLASSES[config.protocol](self._transport, config)
        self._retries = retries
        self._backoff = backoff
        self._sleep = sleep
        self._uid = uid
        self._version = None

    # -- session -------------------------------------------------------------------
    @property
    def protocol(self):
        return self.config.protocol

    def version(self):
        info = self._retrying(self._protocol.version, idempotent=True)
        self._version = info
        return info

    @property
    def server_major(self):
        return major_from_version(self._version or self.version())

    @property
    def dialect(self):
        return OdooDialect(self.server_major)

    def authenticate(self):
        """The uid of ``config.user``; asked once per client, then cached."""
        if self._uid is None:
            self._uid = self._retrying(self._protocol.authenticate, idempotent=True)
        return self._uid

    @property
    def uid(self):
        return self.authenticate()

    def close(self):
        self._transport.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- calls ---------------------------------------------------------------------
    def call(self, model, method, /, ids=None, *, context=None, **params):
        """Call ``model.method`` with named parameters, e.g.
        ``call("stock.picking", "button_validate", [7], context={...})``.
        Pass ``ids`` for record methods, leave it out for model methods (create, search)."""
        if isinstance(ids, int):
            ids = [ids]
        ids = None if ids is None else _plain(list(ids))
        params = _plain(params)
        context = _plain(context)
        idempotent = method in READ_ONLY_METHODS
        # JSON-2 authenticates every request with the key; only the RPCs need a uid.
        uid = None if self.protocol == "json2" else self.authenticate()
        return self._retrying(
            lambda: self._protocol.execute(
                uid, model, method, ids, params, context, idempotent=idempotent
            ),
            idempotent=idempotent,
        )

    def search_read(
        self,
        model,
        domain,
        fields=None,
        limit=None,
        order=None,
        context=None,
        *,
        offset=None,
    ):
        params = _given(
            domain=domain, fields=fields, offset=offset, limit=limit, order=order
        )
        return self.call(model, "search_read", context=context, **params)

    def search(
        self, model, domain, limit=None, order=None, context=None, *, offset=None
    ):
        params = _given(domain=domain, offset=offset, limit=limit, order=order)
        return self.call(model, "search", context=context, **params)

    def search_count(self, model, domain, limit=None, context=None):
        return self.call(
            model, "search_count", context=context, **_given(domain=domain, limit=limit)
        )

    def read(self, model, ids, fields=None, context=None):
        """Missing ids are silently left out by Odoo (no error): see ``read_one``."""
        return self.call(model, "read", ids, context=context, **_given(fields=fields))

    def read_one(self, model, record_id, fields=None, context=None):
        rows = self.read(model, [record_id], fields, context=context)
        if not rows:
            raise OdooMissingRecord(
                f"{model}({record_id}) does not exist or has been deleted",
                odoo_name="MissingError",
            )
        return rows[0]

    def create(self, model, vals, context=None):
        """Create one record and return its id. JSON-2 takes ``vals_list`` and answers a
        list; XML-RPC/JSON-RPC send the dict positionally and answer an int."""
        payload = [vals] if self.protocol == "json2" else vals
        result = self.call(model, "create", context=context, vals_list=payload)
        return result[0] if isinstance(result, list) else result

    def write(self, model, ids, vals, context=None):
        return self.call(model, "write", ids, context=context, vals=vals)

    # -- internals -----------------------------------------------------------------
    def _retrying(self, func, *, idempotent):
        attempt = 0
        while True:
            try:
                return func()
            except OdooTransientError as err:
                # A timeout is not retried here: the server may still be working on it,
                # and for a write the caller must first check its idempotency reference.
                safe = not isinstance(err, OdooTimeout) and (
                    idempotent or not err.maybe_applied
                )
                if not safe or attempt >= self._retries:
                    raise
                delay = self._backoff * (2**attempt) * (1 + random.random() / 4)
                log.warning(
                    "Odoo transient error (%s), retry %d in %.2f s",
                    err,
                    attempt + 1,
                    delay,
                )
                self._sleep(delay)
                attempt += 1


def _given(**params):
    return {name: value for name, value in params.items() if value is not None}


def _plain(value):
    """Django hands over Decimal and date values; Odoo wants floats and its
    'YYYY-MM-DD[ HH:MM:SS]' UTC strings over every protocol."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
