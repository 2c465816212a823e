"""The money really goes back and the evidence is on Odoo's documents (issue 10, facts §3, §4, §6),
against the Odoo test server as 18 (XML-RPC, JSON-RPC) and 19 (JSON-2):

- paid invoice → credit note (open) → outbound payment registered on it, reconciled: only then
  is the return `refunded`;
- paid online through the demo provider → refund through the provider, matched with the note
  once Odoo has post-processed it;
- store credit: the note stays open as the customer's outstanding credit, bonus included;
- photos and the inspection note on the receipt, the breakdown PDF on the credit note, once each
  even after forced retries.
"""
from decimal import Decimal

import pytest

from integrations.delivery import deliver_posting
from integrations.models import OdooPosting, PostingKind, PostingState
from integrations.postings import enqueue_evidence, refund_payment_outcome
from odoo_testserver.models.payment import DEMO_METHOD, DEMO_PROVIDER, POST_PROCESS_CRON, seed_payment_demo
from odoo_testserver.server import OdooTestServer
from returns.choices import ReturnStatus
from returns.models import ReturnRequest
from returns.services.lifecycle import return_release_refund
from tests.factories import add_inspection_photo, create_return, inspect_all, receive_all
from tests.integrations.conftest import configure, odoo_order

pytestmark = pytest.mark.django_db(transaction=True)
TARGETS = [(18, "xmlrpc"), (18, "jsonrpc"), (19, "json2")]


@pytest.fixture(params=TARGETS, ids=[f"odoo{v}-{p}" for v, p in TARGETS])
def odoo(request, settings):
    from django.core.management import call_command

    version, protocol = request.param
    srv = OdooTestServer(version=version, seed_hooks=(seed_payment_demo,)).start()
    configure(settings, srv, protocol)
    call_command("odoo_setup", yes=True, stdout=open("/dev/null", "w"))
    yield srv
    srv.stop()


def _pay_invoice(srv):
    """The customer paid the fixture invoice (a bank payment registered in Odoo)."""
    store = srv.store
    with store.transaction():
        env = store.env(context={"active_model": "account.move", "active_ids": [srv.fixture["invoice"]]})
        wizard = env["account.payment.register"]._create_one({})
        env["account.payment.register"].action_create_payments([wizard])
    assert store.read("account.move", [srv.fixture["invoice"]], ["payment_state"])[0]["payment_state"] == "paid"


def _pay_online(srv):
    """The customer paid the order online with the demo provider; the payment settles the invoice."""
    fx, store = srv.fixture, srv.store
    with store.transaction():
        env = store.env()
        total = store.tables["account.move"][fx["invoice"]]["amount_residual"]
        tx = env["payment.transaction"]._create_one({
            "provider_id": DEMO_PROVIDER, "payment_method_id": DEMO_METHOD, "amount": total, "currency_id": 1,
            "partner_id": fx["partner"], "sale_order_ids": [(6, 0, [fx["sale_order"]])], "operation": "online_direct"})
        env["payment.transaction"].action_demo_set_done([tx])
        env["ir.cron"].method_direct_trigger([POST_PROCESS_CRON])
        payment_move = store.tables["account.payment"][store.tables["payment.transaction"][tx]["payment_id"]]["move_id"]
        widget = env["account.move"].value_of(fx["invoice"], "invoice_outstanding_credits_debits_widget")
        line = next(c["id"] for c in widget["content"] if c["move_id"] == payment_move)
        env["account.move"].js_assign_outstanding_line([fx["invoice"]], line)
    return tx


def _run_cron(srv):
    with srv.store.transaction():
        srv.store.env()["ir.cron"].method_direct_trigger([POST_PROCESS_CRON])


def _retry_now(posting):
    OdooPosting.objects.filter(pk=posting.pk).update(state=PostingState.PENDING, next_attempt_at="2000-01-01T00:00Z")
    return deliver_posting(posting.pk)


def _refund(ret, ivan, sam):
    receive_all(ret, ivan)
    inspect_all(ret, ivan)
    return_release_refund(return_id=ret.pk, actor=sam)
    return ReturnRequest.objects.get(pk=ret.pk)


def _refunded_email(ret):
    from django.core import mail

    bodies = [m.body for m in mail.outbox if ret.rma_number in m.subject and "refund" in m.subject.lower()]
    assert len(bodies) == 1
    return bodies[0]


def _note(srv, ret):
    rows = srv.store.search_read("account.move", [("ref", "=", f"{ret.rma_number}/credit_note"),
                                                  ("move_type", "=", "out_refund")],
                                 ["name", "state", "payment_state", "amount_residual", "amount_total"])
    assert len(rows) == 1
    return rows[0]


def test_paid_invoice_refund_registers_an_outbound_payment_and_only_then_is_refunded(odoo, alice, tshirt, jeans,
                                                                                     ivan, sam):
    _pay_invoice(odoo)
    order = odoo_order(alice, [tshirt, jeans], odoo)
    ret = create_return(order, alice.user)
    odoo.add_fault("http500", model="account.payment.register", method="action_create_payments")
    ret = _refund(ret, ivan, sam)
    note = _note(odoo, ret)
    assert (note["state"], note["payment_state"]) == ("posted", "not_paid")  # nothing left on the paid invoice
    assert ret.state == ReturnStatus.REFUND_APPROVED  # the credit note alone does not refund anyone
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.REFUND_PAYMENT)
    assert posting.state == PostingState.PENDING

    assert _retry_now(posting) == "sent"
    note = _note(odoo, ret)
    assert (note["payment_state"], note["amount_residual"]) == ("paid", 0.0)
    payments = odoo.store.search_read("account.payment", [("memo", "=", f"{ret.rma_number}/credit_note")],
                                      ["payment_type", "amount", "state", "reconciled_invoice_ids", "journal_id"])
    assert len(payments) == 1
    assert payments[0]["payment_type"] == "outbound" and payments[0]["amount"] == note["amount_total"]
    assert payments[0]["reconciled_invoice_ids"] == [note["id"]]
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.REFUNDED
    outcome = refund_payment_outcome(ret)
    assert outcome["method"] == "bank" and outcome["reference"].startswith("PBNK1/")
    assert f"by bank transfer; payment reference {outcome['reference']}" in _refunded_email(ret)

    assert _retry_now(posting) == "sent"  # a forced re-delivery finds the paid note: no second payment
    assert odoo.store.search_read("account.payment", [("payment_type", "=", "outbound")], ["id"]) == \
        [{"id": payments[0]["id"]}]


def test_order_paid_online_is_refunded_through_the_provider(odoo, alice, tshirt, jeans, ivan, sam):
    tx = _pay_online(odoo)
    order = odoo_order(alice, [tshirt, jeans], odoo)
    ret = _refund(create_return(order, alice.user), ivan, sam)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.REFUND_PAYMENT)
    # payment_demo confirms the refund at once; its account.payment comes with the post-processing cron.
    assert posting.state == PostingState.PENDING and "post-process" in posting.last_error
    assert ret.state == ReturnStatus.REFUND_APPROVED
    _run_cron(odoo)
    assert _retry_now(posting) == "sent"
    refunds = odoo.store.search_read("payment.transaction", [("source_transaction_id", "=", tx)],
                                     ["operation", "amount", "state", "payment_id"])
    note = _note(odoo, ret)
    assert len(refunds) == 1 and refunds[0]["operation"] == "refund" and refunds[0]["amount"] == -note["amount_total"]
    payment = odoo.store.read("account.payment", [refunds[0]["payment_id"][0]],
                              ["payment_type", "reconciled_invoice_ids", "is_reconciled", "source_payment_id"])[0]
    assert payment["payment_type"] == "outbound" and payment["reconciled_invoice_ids"] == [note["id"]]
    assert note["payment_state"] == "paid"
    ret.refresh_from_db()
    assert ret.state == ReturnStatus.REFUNDED
    outcome = refund_payment_outcome(ret)
    assert outcome["method"] == "provider" and outcome["provider"] == "Demo"
    assert f"(through Demo); payment reference {outcome['reference']}" in _refunded_email(ret)
    assert _retry_now(posting) == "sent"
    assert len(odoo.store.search_read("payment.transaction", [("source_transaction_id", "=", tx)], ["id"])) == 1


def test_store_credit_stays_open_as_outstanding_credit_with_the_bonus(odoo, alice, tshirt, jeans, ivan, sam,
                                                                      monkeypatch):
    import refunds.services as services

    plain = services.engine_policy
    monkeypatch.setattr(services, "engine_policy", lambda policy: plain(policy).__class__(
        **{**plain(policy).__dict__, "store_credit_bonus_percent": Decimal("10"),
           "allowed_methods": frozenset({"original_payment", "store_credit"})}))
    _pay_invoice(odoo)
    order = odoo_order(alice, [tshirt, jeans], odoo)
    ret = create_return(order, alice.user)
    ReturnRequest.objects.filter(pk=ret.pk).update(refund_method="store_credit")
    ret = _refund(ReturnRequest.objects.get(pk=ret.pk), ivan, sam)
    assert ret.state == ReturnStatus.REFUNDED
    assert not OdooPosting.objects.filter(request=ret, kind=PostingKind.REFUND_PAYMENT).exists()
    note = _note(odoo, ret)
    breakdown = ret.refund.breakdown
    assert Decimal(breakdown["store_credit_bonus"]) > 0
    assert note["payment_state"] == "not_paid"
    assert note["amount_total"] == pytest.approx(float(breakdown["total_with_bonus"]), abs=0.02)
    lines = odoo.store.search_read("account.move.line", [("partner_id", "=", odoo.fixture["partner"]),
                                                         ("account_id.account_type", "=", "asset_receivable"),
                                                         ("reconciled", "=", False), ("parent_state", "=", "posted")],
                                   ["move_id", "amount_residual"])
    assert [(row["move_id"][0], row["amount_residual"]) for row in lines] == [(note["id"], -note["amount_total"])]
    from portal.store_credit import store_credit_balance

    assert store_credit_balance(ret.customer)[0]["amount"] == Decimal(breakdown["total_with_bonus"])


def test_evidence_is_attached_once_even_after_forced_retries(odoo, alice, tshirt, jeans, ivan, sam):
    order = odoo_order(alice, [tshirt, jeans], odoo)
    ret = create_return(order, alice.user)
    receive_all(ret, ivan)
    for line in ret.lines.all():
        add_inspection_photo(line, ivan)
    inspect_all(ret, ivan)
    posting = enqueue_evidence(ReturnRequest.objects.get(pk=ret.pk))
    posting.refresh_from_db()
    assert posting.state == PostingState.SENT, posting.last_error
    for _ in range(2):
        assert _retry_now(posting) == "sent"
    picking = posting.odoo_id
    attachments = odoo.store.search_read("ir.attachment", [("res_model", "=", "stock.picking"),
                                                           ("res_id", "=", picking)], ["name", "mimetype", "file_size"])
    assert len(attachments) == 2 and all(a["mimetype"] == "image/jpeg" and a["file_size"] for a in attachments)
    messages = odoo.store.search_read("mail.message", [("model", "=", "stock.picking"), ("res_id", "=", picking),
                                                       ("message_type", "=", "comment")],
                                      ["body", "subtype_id", "attachment_ids"])
    assert len(messages) == 1
    assert messages[0]["subtype_id"][1] == "Note"  # internal: never the customer-notifying comment
    assert messages[0]["body"].startswith(f"<p><b>Returnflow inspection {ret.rma_number}</b></p>")
    assert "grade A" in messages[0]["body"] and "&lt;" not in messages[0]["body"]
    assert sorted(messages[0]["attachment_ids"]) == sorted(a["id"] for a in attachments)

    return_release_refund(return_id=ret.pk, actor=sam)
    pdf = OdooPosting.objects.get(reference=f"{ret.rma_number}/evidence/credit_note")
    assert pdf.state == PostingState.SENT, pdf.last_error
    assert _retry_now(pdf) == "sent"
    files = odoo.store.search_read("ir.attachment", [("res_model", "=", "account.move"), ("res_id", "=", pdf.odoo_id)],
                                   ["name", "mimetype"])
    assert files == [{"id": files[0]["id"], "name": f"{ret.rma_number}_refund_breakdown.pdf",
                      "mimetype": "application/pdf"}]


@pytest.mark.parametrize(("model", "method"), [("account.payment.register", "action_create_payments"),
                                               ("payment.refund.wizard", "action_refund")])
def test_a_lost_answer_never_pays_twice(odoo, alice, tshirt, jeans, ivan, sam, model, method):
    """Odoo applied the refund but the answer was lost: the retry finds it instead of paying again."""
    online = model == "payment.refund.wizard"
    tx = _pay_online(odoo) if online else _pay_invoice(odoo)
    order = odoo_order(alice, [tshirt, jeans], odoo)
    odoo.add_fault("apply_then_drop", model=model, method=method)
    ret = _refund(create_return(order, alice.user), ivan, sam)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.REFUND_PAYMENT)
    assert posting.state == PostingState.PENDING and ret.state == ReturnStatus.REFUND_APPROVED
    if online:
        _run_cron(odoo)
    assert _retry_now(posting) == "sent"
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUNDED
    if online:
        assert len(odoo.store.search_read("payment.transaction", [("source_transaction_id", "=", tx)], ["id"])) == 1
    else:
        assert len(odoo.store.search_read("account.payment", [("payment_type", "=", "outbound")], ["id"])) == 1
    assert _note(odoo, ret)["payment_state"] == "paid"


def test_integration_user_without_email_gets_the_fix_and_the_draft_is_posted_on_retry(odoo, settings, alice, tshirt,
                                                                                      jeans, ivan, sam):
    from integrations.delivery import retry_posting
    from integrations.gateway import reset_odoo_client
    from odoo_testserver.seed import add_api_user

    uid = add_api_user(odoo, "returns-bot2-nomail", api_key="nomail-key",
                       groups=["stock.group_stock_user", "account.group_account_invoice"])
    settings.ODOO = {**settings.ODOO, "USER": "returns-bot2-nomail", "API_KEY": "nomail-key"}
    reset_odoo_client()
    order = odoo_order(alice, [tshirt, jeans], odoo)  # the fixture invoice is open: the note is paid at posting
    ret = _refund(create_return(order, alice.user), ivan, sam)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.CREDIT_NOTE)
    assert posting.state == PostingState.FAILED and "give it one in Odoo" in posting.last_error
    drafts = odoo.store.search_read("account.move", [("ref", "=", posting.reference)], ["state"])
    assert [d["state"] for d in drafts] == ["draft"] and ret.state == ReturnStatus.REFUND_APPROVED
    with odoo.store.transaction():
        odoo.store.update("res.partner", odoo.store.tables["res.users"][uid]["partner_id"],
                          {"email": "returns-bot2-nomail@example.com"})
    assert retry_posting(posting.pk)
    for pending in OdooPosting.objects.filter(request=ret).exclude(state=PostingState.SENT).order_by("pk"):
        _retry_now(pending)
    note = _note(odoo, ret)
    assert (note["state"], note["payment_state"]) == ("posted", "paid")  # settled by the open invoice
    assert ReturnRequest.objects.get(pk=ret.pk).state == ReturnStatus.REFUNDED
    assert refund_payment_outcome(ReturnRequest.objects.get(pk=ret.pk))["method"] == "invoice"
