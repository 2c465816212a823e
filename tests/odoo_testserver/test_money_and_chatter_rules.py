"""The sandbox enforces what real Odoo 18 did with payments, credit notes and the chatter
(API_FACTS-odoo18-round2.md §3, §4, §6), over XML-RPC as 18 and JSON-2 as 19."""
import base64
import json
import urllib.request
import xmlrpc.client

import pytest

from odoo_testserver import DEFAULT_API_KEY, OdooTestServer
from odoo_testserver.models.payment import seed_payment_demo
from odoo_testserver.seed import add_api_user

NO_EMAIL = "Unable to send message, please configure the sender's email address."
S1 = ["stock.group_stock_user", "account.group_account_invoice"]


@pytest.fixture
def srv():
    server = OdooTestServer(version=18, seed_hooks=(seed_payment_demo,)).start()
    yield server
    server.stop()


def rpc(server, uid=2, password="admin"):
    proxy = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)
    return lambda model, method, args, kw=None: proxy.execute_kw(server.db, uid, password, model, method, args,
                                                                 kw or {})


def _credit_note(X, fx, *, sale_link=True, reversed_entry=True):
    line = {"product_id": fx["product"], "quantity": 1, "price_unit": 100.0}
    if sale_link:
        line["sale_line_ids"] = [(6, 0, [fx["sale_line"]])]
    vals = {"move_type": "out_refund", "partner_id": fx["partner"], "ref": "CN-TEST",
            "invoice_line_ids": [(0, 0, line)]}
    if reversed_entry:
        vals["reversed_entry_id"] = fx["invoice"]
    return X("account.move", "create", [vals])


def test_a_user_without_email_cannot_post_a_credit_note_that_becomes_paid_with_sale_links(srv):
    fx = srv.fixture
    uid = add_api_user(srv, "returns-bot2-nomail", api_key="nomail-key", groups=S1)
    X = rpc(srv, uid, "nomail-key")
    plain = _credit_note(X, fx, sale_link=False)  # no sale links: posts (and is paid by the open invoice)
    assert X("account.move", "action_post", [[plain]]) is False
    draft = _credit_note(X, fx)
    with pytest.raises(xmlrpc.client.Fault) as fault:
        X("account.move", "action_post", [[draft]])
    assert fault.value.faultCode == 2 and fault.value.faultString == NO_EMAIL
    for context in ({}, {"mail_create_nolog": True, "mail_notrack": True, "tracking_disable": True}):
        with pytest.raises(xmlrpc.client.Fault):  # no context avoids it
            X("account.move", "action_post", [[draft]], {"context": context})
    assert X("account.move", "read", [[draft]], {"fields": ["state", "name"]})[0]["state"] == "draft"
    partner = srv.store.tables["res.users"][uid]["partner_id"]
    with srv.store.transaction():
        srv.store.update("res.partner", partner, {"email": "returns-bot2-nomail@example.com"})
    assert X("account.move", "action_post", [[draft]]) is False
    note = X("account.move", "read", [[draft]], {"fields": ["state", "payment_state", "name"]})[0]
    assert (note["state"], note["payment_state"]) == ("posted", "paid")
    bodies = [m["body"] for m in srv.store.search_read("mail.message", [("model", "=", "sale.order")], ["body"])]
    assert f"<p>Invoice {note['name']} paid</p>" in bodies


def test_paid_invoice_leaves_the_credit_note_open_until_a_refund_payment_is_registered(srv):
    fx, X = srv.fixture, rpc(srv)
    ctx = {"context": {"active_model": "account.move", "active_ids": [fx["invoice"]]}}
    X("account.payment.register", "action_create_payments", [[X("account.payment.register", "create", [{}], ctx)]], ctx)
    note = _credit_note(X, fx)
    X("account.move", "action_post", [[note]])
    assert X("account.move", "read", [[note]], {"fields": ["payment_state"]})[0]["payment_state"] == "not_paid"
    ctx = {"context": {"active_model": "account.move", "active_ids": [note]}}
    wizard = X("account.payment.register", "create", [{}], ctx)
    defaults = X("account.payment.register", "read", [[wizard]],
                 {"fields": ["journal_id", "payment_type", "amount", "communication"]})[0]
    assert (defaults["journal_id"][1], defaults["payment_type"], defaults["amount"], defaults["communication"]) == \
        ("Bank", "outbound", 115.0, "CN-TEST")
    action = X("account.payment.register", "action_create_payments", [[wizard]], ctx)
    assert (action["res_model"], action["context"]) == ("account.payment", {"create": False})
    assert X("account.move", "read", [[note]], {"fields": ["payment_state", "amount_residual"]})[0] == \
        {"id": note, "payment_state": "paid", "amount_residual": 0.0}
    with pytest.raises(xmlrpc.client.Fault) as fault:  # the wizard needs the moves in its context
        X("account.payment.register", "create", [{}])
    assert fault.value.faultCode == 2


def test_provider_refund_needs_the_payment_in_context_and_answers_none(srv):
    fx, X = srv.fixture, rpc(srv)
    tx = X("payment.transaction", "create", [{"provider_id": 6, "payment_method_id": 212, "amount": 100.0,
                                              "currency_id": 1, "partner_id": fx["partner"],
                                              "sale_order_ids": [(6, 0, [fx["sale_order"]])],
                                              "operation": "online_direct"}])
    with pytest.raises(xmlrpc.client.Fault, match="cannot marshal None"):
        X("payment.transaction", "action_demo_set_done", [[tx]])
    # no payment until the post-processing cron
    assert X("payment.transaction", "read", [[tx]], {"fields": ["payment_id"]})[0]["payment_id"] is False
    X("ir.cron", "method_direct_trigger", [[17]])
    payment = X("payment.transaction", "read", [[tx]], {"fields": ["payment_id"]})[0]["payment_id"][0]
    with pytest.raises(xmlrpc.client.Fault, match="cannot be superior to 0.0"):
        X("payment.refund.wizard", "create", [{"amount_to_refund": 50.0}])
    ctx = {"context": {"active_id": payment, "active_model": "account.payment"}}
    wizard = X("payment.refund.wizard", "create", [{"amount_to_refund": 50.0}], ctx)
    with pytest.raises(xmlrpc.client.Fault, match="cannot marshal None"):
        X("payment.refund.wizard", "action_refund", [[wizard]], ctx)
    refund = X("payment.transaction", "search_read", [[("source_transaction_id", "=", tx)]],
               {"fields": ["reference", "amount", "operation", "payment_id"]})
    assert [(r["amount"], r["operation"], r["payment_id"]) for r in refund] == [(-50.0, "refund", False)]


def test_message_post_rules(srv):
    fx, X = srv.fixture, rpc(srv)
    picking = fx["picking"]
    data = base64.b64encode(b"\xff\xd8\xff\xe0 jpeg").decode()
    mine = X("ir.attachment", "create", [{"name": "a.jpg", "res_model": "stock.picking", "res_id": picking,
                                          "datas": data, "mimetype": "image/jpeg"}])
    other = X("ir.attachment", "create", [{"name": "b.jpg", "res_model": "account.move", "res_id": fx["invoice"],
                                           "datas": data}])
    escaped = X("stock.picking", "message_post", [[picking]], {"body": "<p>grade <b>A</b></p>"})
    html = X("stock.picking", "message_post", [[picking]], {"body": "<p>grade <b>A</b></p>", "body_is_html": True,
                                                            "message_type": "comment",
                                                            "subtype_xmlid": "mail.mt_note", "attachment_ids": [mine]})
    rows = {r["id"]: r for r in X("mail.message", "read", [[escaped, html]],
                                  {"fields": ["body", "subtype_id", "message_type", "attachment_ids"]})}
    assert rows[escaped]["body"] == "<p>&lt;p&gt;grade &lt;b&gt;A&lt;/b&gt;&lt;/p&gt;</p>"
    assert (rows[escaped]["message_type"], rows[escaped]["subtype_id"][1]) == ("notification", "Note")
    assert rows[html]["body"] == "<p>grade <b>A</b></p>" and rows[html]["attachment_ids"] == [mine]
    with pytest.raises(xmlrpc.client.Fault):  # keyword arguments only
        X("stock.picking", "message_post", [[picking], "<p>positional</p>"])
    with pytest.raises(xmlrpc.client.Fault, match="not attached"):
        X("stock.picking", "message_post", [[picking]], {"body": "x", "attachment_ids": [other]})


def test_message_post_over_json2_as_odoo19():
    with OdooTestServer(version=19).start() as server:
        request = urllib.request.Request(
            f"{server.url}/json/2/stock.picking/message_post", method="POST",
            data=json.dumps({"ids": [server.fixture["picking"]], "body": "<p>note</p>", "body_is_html": True,
                             "subtype_xmlid": "mail.mt_note", "message_type": "comment"}).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"bearer {DEFAULT_API_KEY}",
                     "X-Odoo-Database": server.db})
        with urllib.request.urlopen(request) as response:
            message_id = json.loads(response.read())
        assert server.store.read("mail.message", [message_id], ["body"])[0]["body"] == "<p>note</p>"
