"""Odoo 19's JSON-2 API: ``POST /json/2/<model>/<method>`` with a bearer API key.

Named arguments only, the bare JSON result, and real HTTP statuses with a JSON error
body ``{"name", "message", "arguments", "context", "debug"}`` (API_FACTS-odoo19.md
section 3): 401 bad/missing key (with ``WWW-Authenticate: Bearer``), 403 AccessError,
404 MissingError or unknown model/method (werkzeug NotFound), 409 LockError, 422
UserError/ValidationError or bad arguments (werkzeug UnprocessableEntity), 500 any other
exception, 415 (HTML) for a non-JSON content type, 404 (HTML) for a rejected database.
Odoo 18 has no JSON-2: every ``/json/2`` path is a plain 404 page there.
"""

from __future__ import annotations

import json

from .errors import (
    BadRequest,
    HTTPException,
    NotFound,
    OdooException,
    Unauthorized,
    UnprocessableEntity,
    exception_arguments,
    exception_message,
    exception_name,
    traceback_text,
)
from .faults import Call
from .rpc import Response

JSON_TYPE = "application/json; charset=utf-8"
NO_AUTH = "User not authenticated, use an API Key with a Bearer Authorization header."


def html_page(status, title, text):
    body = (f"<!doctype html>\n<html lang=en>\n<title>{status} {title}</title>\n"
            f"<h1>{title}</h1>\n<p>{text}</p>\n")
    return Response(status, body.encode("utf-8"), "text/html; charset=utf-8", outcome="error", error=title)


def not_found_page():
    return html_page(404, "Not Found", "The requested URL was not found on the server. If you entered the URL "
                                       "manually please check your spelling and try again.")


def error_response(exc):
    """A JSON-2 error answer for any exception."""
    if isinstance(exc, HTTPException):
        status = exc.code
    elif isinstance(exc, OdooException):
        status = exc.http_status
    else:
        status = 500
    body = {"name": exception_name(exc), "message": exception_message(exc),
            "arguments": exception_arguments(exc), "context": {}, "debug": traceback_text(exc)}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return Response(status, json.dumps(body).encode("utf-8"), JSON_TYPE, headers=headers,
                    outcome="error", error=exception_name(exc))


class Json2Protocol:
    name = "json2"

    def __init__(self, service):
        self.service = service

    def parse(self, http_method, path, headers, body):
        """Returns (Call, payload) where payload is a dict, or a ready Response."""
        parts = path.split("?", 1)[0].strip("/").split("/")
        model, method = (parts[2], parts[3]) if len(parts) == 4 else (None, None)
        call = Call(self.name, path, None, model, method)
        if not self.service.store.dialect.has_json2 or model is None:
            return call, not_found_page()
        database = headers.get("X-Odoo-Database")
        if database and database != self.service.auth.db:
            return call, html_page(404, "Not Found", "No database is selected or the database does not exist.")
        if http_method != "POST":
            return call, error_response(NotFound("Did you mean POST /json/2/<model>/<method>?"))
        mimetype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if mimetype != "application/json":
            return call, html_page(415, "Unsupported Media Type",
                                   "The server does not support the media type transmitted in the request.")
        scheme, _, key = (headers.get("Authorization") or "").strip().partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return call, error_response(Unauthorized(NO_AUTH))
        uid = self.service.uid_for_api_key(key.strip())
        if uid is None:
            return call, error_response(Unauthorized("Invalid apikey"))
        call.uid = uid
        try:
            payload = json.loads(body.decode("utf-8") or "{}")
        except ValueError as exc:
            return call, error_response(BadRequest(f"Invalid JSON data: {exc}"))
        if not isinstance(payload, dict):
            return call, error_response(UnprocessableEntity("The request body must be a JSON object"))
        return call, payload

    def run(self, call, payload, injected=None):
        try:
            if injected is not None:
                raise injected
            result = self.service.call_json2(call.uid, call.model, call.method, payload)
        except Exception as exc:  # noqa: BLE001 - every error becomes a JSON-2 error body
            return error_response(exc)
        return Response(200, json.dumps(result).encode("utf-8"), JSON_TYPE)
