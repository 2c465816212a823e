"""Map what Odoo (or a proxy in front of it) answers onto the typed errors.

The shapes come from real Odoo 18/19 servers (see API_FACTS-odoo18.md section e and
API_FACTS-odoo19.md section 3):

- XML-RPC ``/xmlrpc/2``: faultCode 3 AccessDenied, 4 AccessError (incl. private
  methods), 2 UserError family (message only, MissingError recognisable by its text),
  1 anything else with a full traceback whose exception line names the class.
- JSON-RPC: HTTP 200 with ``error.data.name`` = exception class path.
- JSON-2: real HTTP status with a body ``{"name", "message", "debug", ...}``.
"""

from __future__ import annotations

import json
import re

from .errors import (
    OdooAccessError,
    OdooAuthError,
    OdooBusinessError,
    OdooMissingRecord,
    OdooProgrammingError,
    OdooTimeout,
    OdooTransientError,
)

# A method returning None still commits, then Odoo fails to marshal the answer.
MARSHAL_NONE = "cannot marshal None unless allow_none is enabled"
MISSING_RECORD_PREFIX = "Record does not exist or has been deleted"

# PostgreSQL conflicts that Odoo retried on its side and gave up on; the transaction
# was rolled back, so running the call again is safe.
_CONFLICT_MARKERS = (
    "SerializationFailure",
    "could not serialize access",
    "concurrent update",
    "DeadlockDetected",
    "deadlock detected",
    "LockNotAvailable",
)
_AUTH_NAMES = {"AccessDenied", "Unauthorized", "SessionExpiredException"}
_ACCESS_NAMES = {"AccessError", "Forbidden"}
_TRANSIENT_NAMES = {
    "LockError",
    "ConcurrencyError",
    "OperationalError",
    "InterfaceError",
}
# Class names used without a module by the legacy /xmlrpc endpoint ("warning -- UserError").
_BUSINESS_NAMES = {
    "UserError",
    "ValidationError",
    "RedirectWarning",
    "Warning",
    "except_orm",
}
# An exception line at the end of a traceback: "ValueError: ..." or "psycopg2.errors.X: ...".
_EXC_LINE = re.compile(
    r"^([A-Za-z_][\w.]*(?:Error|Exception|Failure|Denied|Warning|Violation|Exit)|[A-Za-z_]\w*(?:\.\w+)+): ?(.*)$"
)


def is_conflict(text):
    return any(marker in (text or "") for marker in _CONFLICT_MARKERS)


def error_from_name(name, message, *, code=None, debug=None):
    """Classify by the server's exception class path (JSON-RPC, JSON-2, tracebacks)."""
    name = name or ""
    message = message or name or "Odoo error"
    short = name.rsplit(".", 1)[-1]
    kwargs = {"code": code, "odoo_name": name or None, "debug": debug}
    if is_conflict(name) or is_conflict(message):
        return OdooTransientError(message, **kwargs)
    if short in _AUTH_NAMES:
        return OdooAuthError(message, **kwargs)
    if short in _ACCESS_NAMES:
        return OdooAccessError(message, **kwargs)
    if short == "MissingError":
        return OdooMissingRecord(message, **kwargs)
    if "does not exist" in message and "database" in message:
        # psycopg2.OperationalError for a wrong db name: configuration, not an outage.
        return OdooProgrammingError(message, **kwargs)
    if short in _TRANSIENT_NAMES:
        return OdooTransientError(message, **kwargs)
    if name.startswith("odoo.exceptions.") or short in _BUSINESS_NAMES:
        return OdooBusinessError(message, **kwargs)
    return OdooProgrammingError(message, **kwargs)


def error_from_xmlrpc_fault(code, text):
    text = text or ""
    if isinstance(code, str):
        # Legacy /xmlrpc/object: faultCode "warning -- MissingError\n\n<msg>" or "AccessDenied".
        head, _, rest = code.partition("\n\n")
        name = head.replace("warning --", "").strip()
        return error_from_name(
            name, rest.strip() or text or name, code=code, debug=text or None
        )
    if code == 3:
        return OdooAuthError(
            f"Odoo rejected the credentials: {text}",
            code=code,
            odoo_name="AccessDenied",
        )
    if code == 4:
        return OdooAccessError(text, code=code, odoo_name="AccessError")
    if code == 2:
        # faultCode 2 carries only the message; "Record does not exist" is MissingError.
        if is_conflict(text):
            return OdooTransientError(text, code=code)
        if text.startswith(MISSING_RECORD_PREFIX):
            return OdooMissingRecord(text, code=code, odoo_name="MissingError")
        return OdooBusinessError(text, code=code)
    name, message = traceback_exception(text)
    return error_from_name(name, message, code=code, debug=text)


def traceback_exception(text):
    """(class name, message) from the exception line of a Python traceback."""
    lines = (text or "").splitlines()
    for index in range(len(lines) - 1, -1, -1):
        match = _EXC_LINE.match(lines[index])
        if match and match.group(1) != "Traceback":
            rest = "\n".join([match.group(2), *lines[index + 1 :]]).strip()
            return match.group(1), rest
    return "", (text or "").strip() or "Odoo fault"


def error_from_jsonrpc(error):
    data = error.get("data") or {}
    message = data.get("message") or error.get("message") or "Odoo Server Error"
    return error_from_name(
        data.get("name"), message, code=error.get("code"), debug=data.get("debug")
    )


def error_from_json2(status, body, content_type=""):
    """JSON-2 answers errors with a real status and a JSON body; proxies answer HTML."""
    payload = (
        parse_json_object(body)
        if "json" in (content_type or "").lower() or body[:1] == b"{"
        else None
    )
    if not payload or "name" not in payload:
        return error_from_http_status(status, body)
    name, message = payload.get("name"), payload.get("message")
    if status == 409:
        return OdooTransientError(
            message or "lock conflict", code=status, odoo_name=name
        )
    err = error_from_name(name, message, code=status, debug=payload.get("debug"))
    if status == 401 and not isinstance(err, OdooAuthError):
        return OdooAuthError(err.message, code=status, odoo_name=name)
    return err


def error_from_http_status(status, body=b""):
    """A non-Odoo answer (proxy page, missing endpoint); ``maybe_applied`` when the
    request may have reached Odoo and its verdict is unknown."""
    snippet = _snippet(body)
    message = f"HTTP {status} from Odoo" + (f": {snippet}" if snippet else "")
    if status == 401:
        return OdooAuthError(message, code=status)
    if status == 403:
        return OdooAccessError(message, code=status)
    if status == 404:
        return OdooProgrammingError(
            message + " (wrong URL, database or a removed endpoint?)", code=status
        )
    if status in (408, 504):
        return OdooTimeout(message, code=status, maybe_applied=True)
    if status in (409, 423, 425, 429, 503):
        # Refused before any work was done (lock, rate limit, no upstream).
        return OdooTransientError(message, code=status)
    if status >= 500:
        return OdooTransientError(message, code=status, maybe_applied=True)
    return OdooProgrammingError(message, code=status)


def parse_json_object(body):
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None


def _snippet(body, limit=200):
    text = (
        body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body or "")
    )
    text = re.sub(r"<[^>]+>", " ", text)  # proxies answer HTML pages
    return " ".join(text.split())[:limit]
