"""The client sends what real Odoo 18/19 received and understands what they answered.

One test per recording drives the client through the whole recorded sequence, the way
the returns app does: order lookup, return receipts (full and partial), restock,
scrap, stock check, credit note, idempotency look-ups, external id, every error case
and the methods that return None. See replay.py for how requests are compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

import pytest

from integrations.odoo import (
    OdooAccessError,
    OdooAuthError,
    OdooBusinessError,
    OdooClient,
    OdooConfig,
    OdooMissingRecord,
    OdooProgrammingError,
)

from . import session_flow as flow
from .replay import ADMIN_KEY, DEMO_KEY, WRONG_KEY, Replay


@dataclass(frozen=True)
class Fixture:
    """Ids of the recording databases (recordings/README.md, "Fixture data")."""

    major: int
    db: str
    tag: str
    customers: int
    returns: int
    stock: int
    scrap: int
    demo_uid: int


ODOO18 = {"major": 18, "db": "returns_lab", "customers": 5, "returns": 37, "stock": 8}
ODOO18 |= {"scrap": 16, "demo_uid": 6}
ODOO19 = {"major": 19, "db": "returns_lab19", "customers": 2, "returns": 33, "stock": 5}
ODOO19 |= {"scrap": 13, "demo_uid": 5}
RECORDINGS = {
    "odoo18-xmlrpc.jsonl": Fixture(tag="REC18XR-11222047", **ODOO18),
    "odoo18-jsonrpc.jsonl": Fixture(tag="REC18JR-11222047", **ODOO18),
    "odoo19-xmlrpc.jsonl": Fixture(tag="REC19XR-11222047", **ODOO19),
    "odoo19-jsonrpc.jsonl": Fixture(tag="REC19JR-11222047", **ODOO19),
    "odoo19-json2.jsonl": Fixture(tag="REC19J2-11222047", **ODOO19),
}
CREDIT_NOTE_FIELDS = [
    "name", "state", "move_type", "amount_untaxed", "amount_tax", "amount_total",
    "amount_residual", "payment_state", "reversed_entry_id", "ref", "invoice_origin",
]  # fmt: skip


@pytest.mark.parametrize("recording", sorted(RECORDINGS))
def test_client_replays_recorded_session(recording):
    fx = RECORDINGS[recording]
    with Replay(recording) as replay:

        def client(key=ADMIN_KEY, *, user="admin", uid=None):
            config = OdooConfig(
                url=replay.url,
                db=fx.db,
                user=user,
                api_key=key,
                protocol=replay.protocol,
                read_timeout=10,
            )
            return OdooClient(config, uid=uid, sleep=lambda seconds: None)

        with client() as odoo:
            s = SimpleNamespace(
                odoo=odoo,
                client=client,
                fx=fx,
                step=replay.step,
                raises=replay.step_raises,
            )
            flow.open_session(s)
            flow.look_up_order(s)
            flow.receive_full_return(s)
            flow.receive_partial_return(s)
            flow.restock(s)
            flow.scrap(s)
            flow.check_stock(s)
            credit_the_customer(s)
            check_idempotency_references(s)
            check_errors(s)
            check_methods_returning_none(s)
            if odoo.protocol == "json2":
                check_json2_call_errors(s)
        # "login" is the same check as "authenticate"; the client has no use for it.
        assert replay.undriven() == ([] if replay.protocol == "json2" else ["login"])


def credit_the_customer(s):
    """Decimal and date values, as the Django side holds them."""
    odoo, step, tag = s.odoo, s.step, s.fx.tag
    line = {
        "product_id": s.product,
        "quantity": 2,
        "price_unit": Decimal("100.00"),
        "sale_line_ids": [(6, 0, [s.line["id"]])],
    }
    vals = {
        "move_type": "out_refund",
        "partner_id": s.partner,
        "invoice_date": dt.date(2026, 11, 22),
        "ref": f"RET-{tag}",
        "invoice_origin": s.so["name"],
        "reversed_entry_id": s.invoice["id"],
        "invoice_line_ids": [(0, 0, line)],
    }
    credit = step("credit_note_create", lambda: odoo.create("account.move", vals))
    assert isinstance(credit, int)
    posted = step(
        "credit_note_action_post",
        lambda: odoo.call("account.move", "action_post", [credit]),
    )
    assert posted is False  # action_post answers False on success
    row = step(
        "credit_note_read",
        lambda: odoo.read_one("account.move", credit, CREDIT_NOTE_FIELDS),
    )
    assert row["state"] == "posted" and row["name"].startswith("RINV/")
    assert row["reversed_entry_id"][0] == s.invoice["id"]
    s.credit = credit


def check_idempotency_references(s):
    odoo, step, tag = s.odoo, s.step, s.fx.tag
    receipts = [("origin", "=", f"RET-{tag}"), ("picking_type_id", "=", flow.RECEIPTS)]
    count = step(
        "search_count_picking_origin",
        lambda: odoo.search_count("stock.picking", receipts),
    )
    assert count == 1
    refunds = [("ref", "=", f"RET-{tag}"), ("move_type", "=", "out_refund")]
    count = step(
        "search_count_move_ref", lambda: odoo.search_count("account.move", refunds)
    )
    assert count == 1
    xml_id = "credit_note_" + tag.lower().replace("-", "_")
    imd = {
        "module": "returns_app",
        "name": xml_id,
        "model": "account.move",
        "res_id": s.credit,
    }
    created = step("imd_create", lambda: odoo.create("ir.model.data", imd))
    assert isinstance(created, int)
    resolved = step(
        "imd_check_object_reference",
        lambda: odoo.call(
            "ir.model.data",
            "check_object_reference",
            module="returns_app",
            xml_id=xml_id,
        ),
    )
    assert resolved == ["account.move", s.credit]
    duplicate = s.raises(
        "imd_create_duplicate",
        lambda: odoo.create("ir.model.data", imd),
        OdooBusinessError,
    )
    assert "ir_model_data_module_name_uniq_index" in duplicate.message
    assert not duplicate.retryable


def check_errors(s):
    odoo, raises, fx = s.odoo, s.raises, s.fx
    if odoo.protocol == "json2":
        wrong = s.client(WRONG_KEY)
        raises(
            "err_wrong_key",
            lambda: wrong.search_count("res.partner", []),
            OdooAuthError,
        )
    else:
        raises(
            "err_wrong_password_authenticate",
            s.client("wrong-password").authenticate,
            OdooAuthError,
        )
        wrong = s.client("wrong-password", uid=2)
        raises(
            "err_wrong_password_execute_kw",
            lambda: wrong.search_count("res.partner", []),
            OdooAuthError,
        )
    missing = raises(
        "err_missing_record_write",
        lambda: odoo.write("stock.picking", [999999], {"origin": "x"}),
        OdooMissingRecord,
    )
    assert missing.message.startswith("Record does not exist or has been deleted")
    # read() of a missing id answers [] without an error: read_one makes it one.
    raises(
        "err_missing_record_read",
        lambda: odoo.read_one("stock.picking", 999999, ["name"]),
        OdooMissingRecord,
    )
    twice = raises(
        "err_user_error_post_posted",
        lambda: odoo.call("account.move", "action_post", [s.credit]),
        OdooBusinessError,
    )
    assert not isinstance(twice, OdooMissingRecord)
    assert "must be in draft" in twice.message
    raises(
        "err_validation_error",
        lambda: odoo.write("res.partner", [s.partner], {"parent_id": s.partner}),
        OdooBusinessError,
    )
    bad_vals = {
        "picking_type_id": flow.RECEIPTS,
        "location_id": fx.customers,
        "location_dest_id": fx.returns,
        "no_such_field": 1,
    }
    unknown = raises(
        "err_unknown_field",
        lambda: odoo.create("stock.picking", bad_vals),
        OdooProgrammingError,
    )
    assert "no_such_field" in unknown.message and not unknown.retryable
    raises(
        "err_private_method",
        lambda: odoo.call("stock.picking", "_action_done", [s.receipt]),
        OdooAccessError,
    )
    demo = s.client(DEMO_KEY, user="demo", uid=fx.demo_uid)
    denied = raises(
        "err_access_error_demo",
        lambda: demo.search_read("ir.config_parameter", [], ["key"]),
        OdooAccessError,
    )
    assert "ir.config_parameter" in denied.message


def check_methods_returning_none(s):
    """XML-RPC answers a fault, JSON-RPC no result, JSON-2 null: all mean success."""
    odoo, step = s.odoo, s.step
    quant = s.returns_quant
    count = {"inventory_quantity": quant["quantity"]}
    written = step(
        "none_quant_set_inventory_quantity",
        lambda: odoo.write(
            "stock.quant", [quant["id"]], count, context={"inventory_mode": True}
        ),
    )
    assert written is True
    applied = step(
        "none_action_apply_inventory",
        lambda: odoo.call("stock.quant", "action_apply_inventory", [quant["id"]]),
    )
    assert applied is None


def check_json2_call_errors(s):
    odoo, raises = s.odoo, s.raises
    calls = {
        "err_json2_unknown_model": lambda: odoo.search("no.such.model", []),
        "err_json2_unknown_method": lambda: odoo.call(
            "res.partner", "no_such_method", [s.partner]
        ),
        "err_json2_bad_argument": lambda: odoo.call(
            "res.partner", "search_count", domain=[], no_such_arg=1
        ),
        "err_json2_ids_on_model_method": lambda: odoo.call(
            "res.partner", "search_count", [1], domain=[]
        ),
        "err_json2_positional_args": lambda: odoo.call(
            "res.partner", "search_count", args=[[]]
        ),
    }
    for name, call in calls.items():
        raises(name, call, OdooProgrammingError)
