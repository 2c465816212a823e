"""Exceptions that behave like Odoo's, and the text each protocol shows for them.

The classes carry the three things the protocols need (see API_FACTS-odoo18.md section e
and API_FACTS-odoo19.md section 3): the dotted class path shown by JSON-RPC/JSON-2
(``odoo.exceptions.UserError``), the XML-RPC faultCode and the JSON-2 HTTP status.
Python built-ins raised by the ORM (ValueError, TypeError, KeyError) keep their own
class and are reported as ``builtins.ValueError`` / faultCode 1, as Odoo does.
"""

from __future__ import annotations

import traceback


class OdooException(Exception):
    """Base of the odoo.exceptions family (message is the only argument)."""

    qualname = "odoo.exceptions.UserError"
    fault_code = 2  # XML-RPC /xmlrpc/2
    http_status = 422  # JSON-2
    legacy_name = "UserError"  # legacy /xmlrpc string faultCode "warning -- <name>"

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return self.message


class UserError(OdooException):
    pass


class ValidationError(UserError):
    qualname = "odoo.exceptions.ValidationError"
    # The legacy endpoint reports ValidationError as UserError (it is a subclass there).


class MissingError(UserError):
    qualname = "odoo.exceptions.MissingError"
    http_status = 404
    legacy_name = "MissingError"


class LockError(UserError):
    """Odoo 19's "could not lock the rows" error: JSON-2 answers 409."""

    qualname = "odoo.exceptions.LockError"
    http_status = 409


class AccessError(OdooException):
    qualname = "odoo.exceptions.AccessError"
    fault_code = 4
    http_status = 403
    legacy_name = "AccessError"


class AccessDenied(OdooException):
    qualname = "odoo.exceptions.AccessDenied"
    fault_code = 3
    http_status = 403

    def __init__(self, message="Access Denied"):
        super().__init__(message)


class SerializationFailure(Exception):
    """What psycopg2 raises when Odoo gives up retrying a concurrent update."""

    qualname = "psycopg2.errors.SerializationFailure"

    def __init__(self, message="could not serialize access due to concurrent update"):
        super().__init__(message)


class HTTPException(Exception):
    """werkzeug.exceptions.* raised by the JSON-2 routing itself (not by the ORM)."""

    code = 500
    title = "Internal Server Error"
    qualname = "werkzeug.exceptions.InternalServerError"

    def __init__(self, description):
        super().__init__(description, self.code)
        self.description = description

    def __str__(self):
        return f"{self.code} {self.title}: {self.description}"


class BadRequest(HTTPException):
    code, title, qualname = 400, "Bad Request", "werkzeug.exceptions.BadRequest"


class Unauthorized(HTTPException):
    code, title, qualname = 401, "Unauthorized", "werkzeug.exceptions.Unauthorized"


class NotFound(HTTPException):
    code, title, qualname = 404, "Not Found", "werkzeug.exceptions.NotFound"


class UnprocessableEntity(HTTPException):
    code, title, qualname = 422, "Unprocessable Entity", "werkzeug.exceptions.UnprocessableEntity"


def exception_name(exc):
    """The class path JSON-RPC and JSON-2 put in ``name``."""
    qualname = getattr(type(exc), "qualname", None)
    if qualname:
        return qualname
    module = type(exc).__module__
    return f"{module}.{type(exc).__name__}" if module != "builtins" else f"builtins.{type(exc).__name__}"


def exception_message(exc):
    if isinstance(exc, HTTPException):
        return exc.description
    if isinstance(exc, OdooException):
        return exc.message
    return str(exc)


def exception_arguments(exc):
    if isinstance(exc, HTTPException):
        return [exc.description, exc.code]
    return [a if isinstance(a, (str, int, float, bool)) else str(a) for a in exc.args]


def exception_line(exc):
    """The last line of a Python traceback for ``exc`` (built-ins without module)."""
    name = exception_name(exc)
    name = name.removeprefix("builtins.")
    return f"{name}: {exc}"


def traceback_text(exc, *, frames=True):
    """A real traceback of the sandbox's own frames, ending with Odoo's exception line.

    Clients only rely on the last line (``ValueError: Invalid field ...``); the frames are
    this server's, which is honest: this is not Odoo.
    """
    last = exception_line(exc) + "\n"
    tb = exc.__traceback__
    if not frames or tb is None:
        return last
    return "Traceback (most recent call last):\n" + "".join(traceback.format_tb(tb)) + last


def is_odoo_exception(exc):
    return isinstance(exc, OdooException)
