"""Faults and HTTP answers map onto typed errors with the right retry flags."""

from __future__ import annotations

import json

import pytest

from integrations.odoo import (
    OdooAccessError,
    OdooAuthError,
    OdooBusinessError,
    OdooError,
    OdooMissingRecord,
    OdooProgrammingError,
    OdooTimeout,
    OdooTransientError,
    OdooUnavailable,
    is_wizard_action,
)
from integrations.odoo.faults import (
    error_from_http_status,
    error_from_json2,
    error_from_jsonrpc,
    error_from_xmlrpc_fault,
)

VALUE_ERROR_TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/opt/odoo18/odoo/models.py", line 6408, in _update_cache\n'
    '    raise ValueError("Invalid field %r on model %r" % (e.args[0], self._name))\n'
    "ValueError: Invalid field 'no_such_field' on model 'stock.picking'\n"
)
CONFLICT_TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "/opt/odoo18/odoo/service/model.py", line 156, in retrying\n'
    "    result = func()\n"
    "psycopg2.errors.SerializationFailure: could not serialize access due to concurrent update\n"
)


@pytest.mark.parametrize(
    "code, text, expected",
    [
        (3, "Access Denied", OdooAuthError),
        (
            4,
            "You are not allowed to access 'System Parameter' (ir.config_parameter) records.",
            OdooAccessError,
        ),
        (
            4,
            "Private methods (such as 'stock.picking._action_done') cannot be called remotely.",
            OdooAccessError,
        ),
        (
            2,
            "Record does not exist or has been deleted.\n(Record: stock.picking(999999,), User: 2)",
            OdooMissingRecord,
        ),
        (2, "The entry RINV/2026/00243 (id 336) must be in draft.", OdooBusinessError),
        (2, "You cannot create recursive Partner hierarchies.", OdooBusinessError),
        (1, VALUE_ERROR_TRACEBACK, OdooProgrammingError),
        (1, CONFLICT_TRACEBACK, OdooTransientError),
        (
            "warning -- MissingError\n\nRecord does not exist or has been deleted.",
            "",
            OdooMissingRecord,
        ),
        (
            "warning -- UserError\n\nThe entry RINV/2026/00006 (id 26) must be in draft.",
            "",
            OdooBusinessError,
        ),
        (
            "warning -- AccessError\n\nYou are not allowed to access it",
            "",
            OdooAccessError,
        ),
        ("AccessDenied", "Access Denied", OdooAuthError),
    ],
)
def test_xmlrpc_faults(code, text, expected):
    error = error_from_xmlrpc_fault(code, text)
    assert type(error) is expected
    assert error.maybe_applied is False  # a fault means Odoo rolled the call back


def test_xmlrpc_traceback_names_the_exception_and_keeps_the_traceback_for_logs():
    error = error_from_xmlrpc_fault(1, VALUE_ERROR_TRACEBACK)
    assert error.odoo_name == "ValueError"
    assert error.message == "Invalid field 'no_such_field' on model 'stock.picking'"
    assert error.debug == VALUE_ERROR_TRACEBACK
    assert str(error) == error.message


@pytest.mark.parametrize(
    "name, expected",
    [
        ("odoo.exceptions.AccessDenied", OdooAuthError),
        ("odoo.exceptions.AccessError", OdooAccessError),
        ("odoo.exceptions.MissingError", OdooMissingRecord),
        ("odoo.exceptions.UserError", OdooBusinessError),
        ("odoo.exceptions.ValidationError", OdooBusinessError),
        ("odoo.exceptions.RedirectWarning", OdooBusinessError),
        ("builtins.ValueError", OdooProgrammingError),
        ("builtins.KeyError", OdooProgrammingError),
        ("psycopg2.errors.SerializationFailure", OdooTransientError),
        ("odoo.http.SessionExpiredException", OdooAuthError),
    ],
)
def test_jsonrpc_errors_by_exception_name(name, expected):
    for code in (200, 0):  # Odoo 18 says 200, Odoo 19 says 0
        error = error_from_jsonrpc(
            {
                "code": code,
                "message": "Odoo Server Error",
                "data": {"name": name, "message": "boom", "debug": "Traceback ..."},
            }
        )
        assert type(error) is expected
        assert error.odoo_name == name and error.message == "boom"


@pytest.mark.parametrize(
    "status, name, expected",
    [
        (401, "werkzeug.exceptions.Unauthorized", OdooAuthError),
        (403, "odoo.exceptions.AccessError", OdooAccessError),
        (404, "odoo.exceptions.MissingError", OdooMissingRecord),
        (404, "werkzeug.exceptions.NotFound", OdooProgrammingError),
        (409, "odoo.exceptions.LockError", OdooTransientError),
        (422, "odoo.exceptions.UserError", OdooBusinessError),
        (422, "odoo.exceptions.ValidationError", OdooBusinessError),
        (422, "werkzeug.exceptions.UnprocessableEntity", OdooProgrammingError),
        (500, "builtins.ValueError", OdooProgrammingError),
        (500, "psycopg2.errors.SerializationFailure", OdooTransientError),
    ],
)
def test_json2_errors_by_status_and_name(status, name, expected):
    body = json.dumps(
        {"name": name, "message": "boom", "arguments": [], "context": {}, "debug": ""}
    ).encode()
    error = error_from_json2(status, body, "application/json; charset=utf-8")
    assert type(error) is expected
    assert error.code == status


@pytest.mark.parametrize(
    "status, expected, maybe_applied",
    [
        (401, OdooAuthError, False),
        (403, OdooAccessError, False),
        (404, OdooProgrammingError, False),
        (415, OdooProgrammingError, False),
        (429, OdooTransientError, False),
        (503, OdooTransientError, False),
        (500, OdooTransientError, True),
        (502, OdooTransientError, True),
        (504, OdooTimeout, True),
    ],
)
def test_non_odoo_http_answers(status, expected, maybe_applied):
    error = error_from_http_status(
        status, b"<html><body><h1>Proxy says no</h1></body></html>"
    )
    assert type(error) is expected
    assert error.maybe_applied is maybe_applied
    assert "Proxy says no" in error.message and "<h1>" not in error.message


def test_json2_html_page_from_a_dbfilter_is_not_mistaken_for_odoo_json():
    error = error_from_json2(404, b"<html>No database is selected</html>", "text/html")
    assert type(error) is OdooProgrammingError


@pytest.mark.parametrize(
    "error_class, retryable",
    [
        (OdooError, False),
        (OdooAuthError, False),
        (OdooAccessError, False),
        (OdooBusinessError, False),
        (OdooMissingRecord, False),
        (OdooProgrammingError, False),
        (OdooTransientError, True),
        (OdooTimeout, True),
        (OdooUnavailable, True),
    ],
)
def test_retryable_flags(error_class, retryable):
    error = error_class("message")
    assert error.retryable is retryable
    assert isinstance(error, OdooError)


def test_timeout_defaults_to_maybe_applied_and_unavailable_never_is():
    assert OdooTimeout("no answer").maybe_applied is True
    assert OdooTimeout("not sent", maybe_applied=False).maybe_applied is False
    assert OdooUnavailable("refused", maybe_applied=True).maybe_applied is False


def test_missing_record_is_a_business_error_like_odoo_missing_error():
    assert issubclass(OdooMissingRecord, OdooBusinessError)
    assert not issubclass(OdooTimeout, OdooUnavailable)


@pytest.mark.parametrize(
    "result, expected",
    [
        (True, False),
        (False, False),
        (None, False),
        (
            {
                "type": "ir.actions.act_window",
                "res_model": "stock.backorder.confirmation",
            },
            True,
        ),
        ({"type": "ir.actions.act_window_close"}, False),
        ([{"type": "ir.actions.act_window", "res_model": "x"}], False),
    ],
)
def test_is_wizard_action(result, expected):
    assert is_wizard_action(result) is expected
