"""Contract test for the round-2 recording's money and evidence steps (q3_*: refund payment,
provider refund, store credit; q6_*: attachments and chatter), replayed on the sandbox as Odoo 18.

The recording holds only the key calls; the documents they act on were made by calls that were
not recorded (API_FACTS-odoo18-round2.md §3, §6 give them). ``SEED`` rebuilds that state with the
recorded ids and document numbers, and ``SETUP`` makes, right before a step, what the lab made
just before it. Steps q1/q2/q4/q7 are another test's. Every q3/q6 step is a test case; the ones
that cannot match yet are listed in ``KNOWN_DIFFERENCES`` with the reason (strict xfail: a case
that starts matching fails until it is taken off the list).
"""
from __future__ import annotations

import base64
import xmlrpc.client

import pytest

from odoo_testserver import OdooTestServer
from odoo_testserver.models.payment import POST_PROCESS_CRON, seed_payment_demo

from .compare import compare_exchange
from .replay import Replayer, decode_result, load_recording

NAME = "odoo18-round2-xmlrpc"
MINE = ("version", "authenticate", "q3", "q6")
NOW = "2026-12-01 17:35:00"
KNOWN_DIFFERENCES = {
    "q3a_refund_payment_read": "real Odoo's search on the computed reconciled_invoice_ids is inexact and also "
                               "returned the invoice's payment 1 (facts §3a gotcha); the sandbox's is exact",
    "q3b_tx_after_failed_post_process": "the lab's post-processing failed (no wkhtmltopdf for the order "
                                        "confirmation PDF); the sandbox does not imitate that lab problem",
    "q3c_partner_credit": "res.partner credit/debit/total_invoiced/credit_to_invoice are not modelled "
                          "(models/base.py is not part of this change)",
    "q3d_credit_note_outstanding_debits": "the widget also listed three other open invoices of Azure Interior "
                                          "(demo data and q4's) that this replay does not rebuild",
    "q6_message_read": "the admin's partner is 'Mitchell Admin' in the sandbox's fixtures, "
                       "'YourCompany, Mitchell Admin' in the lab",
    "q6_message_read_html": "same author display name as q6_message_read",
}


def _records():
    return [r for r in load_recording(NAME) if r["step"].startswith(MINE)]


def _move(env, rid, vals, lines, post=True):
    moves = env["account.move"]
    moves._create_one(dict(vals, invoice_date="2026-12-01", invoice_line_ids=[(0, 0, line) for line in lines]),
                      rid=rid)
    if post:
        moves.action_post([rid])


def seed(store):
    """Azure Interior (15), Pedal Bin (20, 47.00 + 15 %), the posted invoice 34 INV/2026/00009, the
    quotation 31 S00031, picking 58 and draft credit note 56, the payment_demo module."""
    seed_payment_demo(store)
    store.fixed_now = NOW
    store.add_partner("Azure Interior", email="azure.Interior24@example.com", is_company=True, id=15)
    store.add_partner("LAB2 Store Credit Customer", email="store-credit@example.com", id=45)
    store.add_product("Pedal Bin", list_price=47.0, tax_rate=15.0, qty_on_hand=10, id=20)
    with store.transaction():
        env = store.env()
        env["ir.config_parameter"].set_param("sale.async_emails", "False")
        store.set_counter(("move", "INV", "2026"), 9)
        _move(env, 34, {"move_type": "out_invoice", "partner_id": 15, "ref": "LAB2-Q3A"},
              [{"product_id": 20, "quantity": 2, "price_unit": 47.0}])
        env["sale.order"]._create_one({"name": "S00031", "partner_id": 15,
                                       "order_line": [(0, 0, {"product_id": 20, "product_uom_qty": 2})]}, rid=31)
        fx = store.fixture
        env["stock.picking"]._create_one({"picking_type_id": fx["in_type"], "partner_id": 15,
                                          "location_id": fx["customers"], "location_dest_id": fx["stock"],
                                          "origin": "RMA-LAB2-A/receipt"}, rid=58)
        _move(env, 56, {"move_type": "out_refund", "partner_id": 15, "ref": "RMA-LAB2-A/credit_note"},
              [{"product_id": 20, "quantity": 1, "price_unit": 47.0}], post=False)
        store.set_counter(("move", "RINV", "2026"), 11)


class Round2Replayer(Replayer):
    """Adds what the generic replayer does not map here: js_assign_outstanding_line's line id
    (the second positional argument), message_post's attachment_ids and the ids it answers."""

    def setup(self, step):
        store = self.server.store
        with store.transaction():
            env = store.env()
            if step == "q3a_credit_note_after_post":
                _move(env, 36, {"move_type": "out_refund", "partner_id": 15, "ref": "LAB2-Q3A-CN",
                                "reversed_entry_id": 34}, [{"product_id": 20, "quantity": 1, "price_unit": 47.0}])
            elif step == "q3b_refund_tx_after_post_process":
                env["ir.cron"].method_direct_trigger([POST_PROCESS_CRON])
            elif step == "q3c_credit_note_unpaid":
                _move(env, 40, {"move_type": "out_refund", "partner_id": 45, "ref": "LAB2-Q3C-CN"},
                      [{"product_id": 20, "quantity": 1, "price_unit": 40.0}])
            elif step == "q3c_next_invoice_widget":
                _move(env, 41, {"move_type": "out_invoice", "partner_id": 45, "ref": False},
                      [{"product_id": 20, "quantity": 2, "price_unit": 47.0}])
            elif step == "q6_messages_of_picking":
                mid = env["stock.picking"].message_post([58], body="plain note", message_type="comment",
                                                        subtype_xmlid="mail.mt_comment")
                self.idmap[("mail.message", 651)] = mid
            elif step == "q6_message_post_html":
                data = base64.b64encode(b"\xff\xd8\xff\xe0 lab photo 3").decode()
                aid = env["ir.attachment"]._create_one({"name": "RMA-LAB2-A_line1b.jpg", "res_model": "stock.picking",
                                                        "res_id": 58, "datas": data, "mimetype": "image/jpeg"})
                self.idmap[("ir.attachment", 861)] = aid
            elif step == "q3d_credit_note_outstanding_debits":
                store.set_counter(("move", "RINV", "2026"), 25)
                _move(env, 61, {"move_type": "out_refund", "partner_id": 15, "ref": False},
                      [{"product_id": 20, "quantity": 1, "price_unit": 50.0, "tax_ids": [(6, 0, [])]}])

    def rewrite_call(self, model, method, args, kwargs):
        args, kwargs = super().rewrite_call(model, method, args, kwargs)
        if method == "js_assign_outstanding_line" and len(args) > 1:
            args[1] = self.idmap.get(("account.move.line", args[1]), args[1])
        if method == "message_post" and kwargs.get("attachment_ids"):
            kwargs["attachment_ids"] = self._map("ir.attachment", kwargs["attachment_ids"])
        return args, kwargs

    def _learn_from(self, record, outcome, model, method):
        super()._learn_from(record, outcome, model, method)
        try:
            recorded = decode_result("xmlrpc", record["response_body"])
            actual = decode_result("xmlrpc", outcome.body)
        except (ValueError, xmlrpc.client.Fault, KeyError):
            return
        if method == "message_post":
            self._learn_id("mail.message", recorded, actual)
        for rec, act in zip(recorded if isinstance(recorded, list) else [], actual if isinstance(actual, list) else [],
                            strict=False):
            widgets = (rec.get("invoice_outstanding_credits_debits_widget"),
                       act.get("invoice_outstanding_credits_debits_widget")) if isinstance(rec, dict) else ()
            if widgets and all(widgets):
                for item in widgets[0]["content"]:
                    same = next((a for a in widgets[1]["content"]
                                 if a["move_id"] == self._map("account.move", item["move_id"])
                                 or item["account_payment_id"]
                                 and a["account_payment_id"] == self._map("account.payment",
                                                                          item["account_payment_id"])), None)
                    if same:
                        self._learn_id("account.move.line", item["id"], same["id"])

    def run(self, records):
        outcomes = {}
        for record in records:
            self.setup(record["step"])
            outcomes[record["step"]] = self.send(record)
        return outcomes


_CACHE = {}


def _replayed():
    if not _CACHE:
        server = OdooTestServer(version=18, seed_hooks=(seed,)).start()
        try:
            replayer = Round2Replayer(server)
            _CACHE["run"] = (replayer, replayer.run(_records()))
        finally:
            server.stop()
    return _CACHE["run"]


def _cases():
    for record in _records():
        marks = [pytest.mark.xfail(reason=KNOWN_DIFFERENCES[record["step"]], strict=True)] \
            if record["step"] in KNOWN_DIFFERENCES else []
        yield pytest.param(record["step"], id=f"{NAME}::{record['step']}", marks=marks)


@pytest.mark.parametrize("step", list(_cases()))
def test_round2_exchange(step):
    replayer, outcomes = _replayed()
    outcome = outcomes[step]
    # message_post answers the new message's id, compared like a create's answer.
    problems = compare_exchange(outcome, replayer, "create" if outcome.method == "message_post" else outcome.method)
    assert not problems, f"{step} differs from real Odoo:\n  " + "\n  ".join(problems) + \
        f"\n--- sent:\n{(outcome.sent_body or '')[:1500]}\n--- got ({outcome.status}):\n{outcome.body[:3000]}"
