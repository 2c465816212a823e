"""Typed errors raised by the Odoo client, whatever the protocol.

Callers (the outbox worker) decide with two attributes instead of parsing messages:

- ``retryable``: the same call may succeed later (network, proxy, lock conflicts).
- ``maybe_applied``: the request reached the server and no verdict came back, so a
  write may have been committed. Before re-sending a create, look the record up by
  its idempotency reference (origin / ref / external id).

Odoo faults always roll the transaction back, so every error built from a fault has
``maybe_applied=False``.
"""

from __future__ import annotations


class OdooError(Exception):
    """Base class: ``message`` is meant for a person (shown in the back office)."""

    retryable = False

    def __init__(
        self, message, *, code=None, odoo_name=None, debug=None, maybe_applied=False
    ):
        super().__init__(message)
        self.message = message
        self.code = code  # XML-RPC faultCode, JSON-RPC error code or HTTP status
        self.odoo_name = (
            odoo_name  # exception class on the server, e.g. "odoo.exceptions.UserError"
        )
        self.debug = debug  # server traceback, for logs only (never shown to customers)
        self.maybe_applied = maybe_applied

    def __str__(self):
        return self.message

    def __repr__(self):
        return (
            f"{type(self).__name__}({self.message!r}, code={self.code!r}, "
            f"odoo_name={self.odoo_name!r}, maybe_applied={self.maybe_applied!r})"
        )


class OdooAuthError(OdooError):
    """Bad login, password or API key. Fix the configuration; retrying will not help."""


class OdooAccessError(OdooError):
    """The user lacks a right (AccessError) or the method is private."""


class OdooBusinessError(OdooError):
    """UserError / ValidationError (incl. unique violations): show it, do not retry."""


class OdooMissingRecord(OdooBusinessError):
    """The record does not exist (any more). A subclass of the business error because
    Odoo's MissingError is a UserError; catch it first when the difference matters."""


class OdooProgrammingError(OdooError):
    """The call itself is wrong: unknown field, model, method or argument, bad value.
    Permanent until the code or the data mapping is fixed."""


class OdooTransientError(OdooError):
    """Network trouble, proxy errors, lock conflicts: retry with backoff."""

    retryable = True


class OdooTimeout(OdooTransientError):
    """No answer in time. With ``maybe_applied=True`` (the default) the request was sent,
    so a write may have been committed: check the idempotency reference first."""

    def __init__(self, message, *, maybe_applied=True, **kwargs):
        super().__init__(message, maybe_applied=maybe_applied, **kwargs)


class OdooUnavailable(OdooTransientError):
    """Could not connect or could not send the request: nothing reached Odoo."""

    def __init__(self, message, **kwargs):
        kwargs["maybe_applied"] = False
        super().__init__(message, **kwargs)
