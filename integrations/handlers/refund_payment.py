"""Refund payment: after the credit note is posted, the money really goes back (API_FACTS-odoo18-round2.md §3).

A credit note against an invoice the customer has already paid stays open (`not_paid`): Odoo
moves no money by itself. This posting pays it:

- When the order was paid online through an Odoo payment provider whose method supports
  refunds, the refund goes through that provider (§3b): `payment.refund.wizard` on the
  customer's payment, then — once Odoo's post-processing has made the refund's
  `account.payment` — that payment is reconciled with the credit note
  (`js_assign_outstanding_line`, the entry of the note's outstanding-debits widget whose
  `account_payment_id` is the refund payment).
- Otherwise an outbound payment is registered on the credit note (§3a): `account.payment.register`
  created with `{}` (plus the configured refund journal) and the note in the context, then
  `action_create_payments`; Odoo reconciles it in the same transaction.

The return is `refunded` only when the credit note reads back `paid` (or `in_payment`: reconciled,
waiting for the bank statement). Exactly once: a paid note means an earlier attempt got through;
the route is chosen once and kept in the payload; a provider refund is recognised as one that did
not exist before the first attempt; a registered payment is found by its memo (the note's ref).
"""
from django.conf import settings

from ..models import OdooPosting
from ..odoo import OdooBusinessError, OdooError
from .base import PostingNotReady, PostingRefused, PostingResult

CONFIRMED = ("paid", "in_payment")
NOTE_FIELDS = ["name", "state", "payment_state", "amount_residual", "amount_total", "ref"]
TX_FIELDS = ["reference", "state", "amount", "payment_id", "provider_id", "payment_method_id"]


def _save_payload(posting):
    OdooPosting.objects.filter(pk=posting.pk).update(payload=posting.payload)


def _credit_note(client, posting):
    reference = posting.payload["credit_note_reference"]
    found = client.search_read("account.move", [("ref", "=", reference), ("move_type", "=", "out_refund")],
                               NOTE_FIELDS, limit=1)
    if not found:
        raise PostingRefused(f"Credit note {reference} is not in Odoo; its posting must be sent first.")
    if found[0]["state"] != "posted":
        raise PostingRefused(f"Credit note {found[0]['name'] or reference} is '{found[0]['state']}' in Odoo.")
    return found[0]


def _memo_field(client):
    # account.payment's memo is `ref` up to Odoo 17 (18 and 19: `memo`, as recorded).
    return "memo" if client.server_major >= 18 else "ref"


def _registered_payment(client, note):
    rows = client.search_read("account.payment", [(_memo_field(client), "=", note["ref"]),
                                                  ("payment_type", "=", "outbound")],
                              ["name", "amount", "state"], order="id", limit=1)
    return rows[0] if rows else None


def _provider_route(client, payload, residual):
    """The order's confirmed online payment, if its provider can refund `residual`; else None."""
    if not payload.get("odoo_order_id"):
        return None
    try:
        txs = client.search_read("payment.transaction", [("sale_order_ids", "in", [payload["odoo_order_id"]]),
                                                         ("operation", "!=", "refund"), ("state", "=", "done")],
                                 TX_FIELDS, order="id")
    except OdooError as exc:
        if exc.retryable:
            raise
        return None  # no payment module in this Odoo: nothing was paid online
    for tx in txs:
        if not tx["payment_id"]:
            continue
        method = client.read_one("payment.method", tx["payment_method_id"][0], ["support_refund"])
        payment = client.read_one("account.payment", tx["payment_id"][0], ["amount_available_for_refund"])
        available = payment["amount_available_for_refund"]
        support = method["support_refund"]
        if (support == "partial" and available + 0.005 >= residual) or \
                (support == "full_only" and abs(available - residual) < 0.005):
            known = client.search("payment.transaction", [("source_transaction_id", "=", tx["id"]),
                                                          ("operation", "=", "refund")])
            return {"kind": "provider", "transaction_id": tx["id"], "payment_id": tx["payment_id"][0],
                    "provider": tx["provider_id"][1], "amount": residual, "known_refund_tx_ids": sorted(known)}
    return None


def _our_refund_tx(client, route):
    rows = client.search_read("payment.transaction", [("source_transaction_id", "=", route["transaction_id"]),
                                                      ("operation", "=", "refund")], TX_FIELDS, order="id")
    return next((row for row in rows if row["id"] not in route["known_refund_tx_ids"]
                 and abs(abs(row["amount"]) - route["amount"]) < 0.005), None)


def _provider_refund(client, posting, note, route):
    refund = _our_refund_tx(client, route)
    if refund is None:
        context = {"active_id": route["payment_id"], "active_model": "account.payment"}
        wizard = client.create("payment.refund.wizard", {"amount_to_refund": route["amount"]}, context=context)
        client.call("payment.refund.wizard", "action_refund", [wizard], context=context)  # None: committed
        refund = _our_refund_tx(client, route)
        if refund is None:
            raise OdooBusinessError(f"Odoo made no refund transaction for {route['provider']}; check the payment.")
    if refund["state"] in ("cancel", "error"):
        raise OdooBusinessError(f"The refund {refund['reference']} through {route['provider']} is "
                                f"'{refund['state']}' in Odoo.")
    if refund["state"] != "done" or not refund["payment_id"]:
        # Odoo makes the refund's payment in its post-processing cron (every few minutes).
        raise PostingNotReady(f"Waiting for Odoo to confirm and post-process the refund {refund['reference']}.")
    payment_id = refund["payment_id"][0]
    widget = client.read_one("account.move", note["id"], ["invoice_outstanding_credits_debits_widget"])
    content = (widget["invoice_outstanding_credits_debits_widget"] or {}).get("content") or []
    entry = next((item for item in content if item.get("account_payment_id") == payment_id), None)
    if entry is None:
        raise OdooBusinessError(f"The refund payment {refund['payment_id'][1]} is not open on the customer's "
                                f"account, so it cannot be matched with {note['name']}; check it in Odoo.")
    client.call("account.move", "js_assign_outstanding_line", [note["id"]], line_id=entry["id"])  # None
    return _confirmed(client, posting, note, {"method": "provider", "provider": route["provider"],
                                              "amount": route["amount"], "reference": refund["payment_id"][1],
                                              "transaction": refund["reference"], "payment_id": payment_id})


def _bank_refund(client, posting, note):
    existing = _registered_payment(client, note)
    if existing is not None:
        raise OdooBusinessError(f"Refund payment {existing['name']} exists but {note['name']} is "
                                f"'{note['payment_state']}'; reconcile them in Odoo, then retry.")
    context = {"active_model": "account.move", "active_ids": [note["id"]]}
    vals = {}
    journal = settings.ODOO_MAPPING.get("REFUND_PAYMENT_JOURNAL_ID") or posting.payload.get("journal_id")
    if journal:
        vals["journal_id"] = journal
    wizard = client.create("account.payment.register", vals, context=context)
    action = client.call("account.payment.register", "action_create_payments", [wizard], context=context)
    payment_id = action.get("res_id") if isinstance(action, dict) else None
    payment = client.read_one("account.payment", payment_id, ["name", "amount"]) if payment_id \
        else _registered_payment(client, note)
    return _confirmed(client, posting, note, {"method": "bank", "amount": payment["amount"] if payment else None,
                                              "reference": payment["name"] if payment else "",
                                              "payment_id": payment_id})


def _confirmed(client, posting, note, outcome):
    after = client.read_one("account.move", note["id"], NOTE_FIELDS)
    if after["payment_state"] not in CONFIRMED:
        raise OdooBusinessError(f"{after['name']} is '{after['payment_state']}' in Odoo after the refund payment.")
    posting.payload["outcome"] = outcome
    _save_payload(posting)
    if outcome.get("payment_id"):
        return PostingResult("account.payment", outcome["payment_id"], outcome["reference"],
                             note=f"{outcome['method']} {outcome['amount']}")
    return PostingResult("account.move", note["id"], note["name"], note=outcome["method"])


def _already_paid(client, posting, note):
    """The note was paid before this attempt: by an earlier attempt whose answer was lost, or by
    Odoo at posting (reconciled with an invoice still open: the customer had not paid it)."""
    outcome = posting.payload.get("outcome")
    route = posting.payload.get("route") or {}
    if outcome:
        return _confirmed(client, posting, note, outcome)
    if route.get("kind") == "provider":
        refund = _our_refund_tx(client, route)
        if refund and refund["payment_id"]:
            return _confirmed(client, posting, note, {
                "method": "provider", "provider": route["provider"], "amount": route["amount"],
                "reference": refund["payment_id"][1], "transaction": refund["reference"],
                "payment_id": refund["payment_id"][0]})
    payment = _registered_payment(client, note)
    if payment is not None:
        return _confirmed(client, posting, note, {"method": "bank", "amount": payment["amount"],
                                                  "reference": payment["name"], "payment_id": payment["id"]})
    return _confirmed(client, posting, note, {"method": "invoice", "amount": note["amount_total"],
                                              "reference": note["name"]})


def post_refund_payment(client, posting, t, *, look_up_first: bool):
    note = _credit_note(client, posting)
    if note["payment_state"] in CONFIRMED:
        return _already_paid(client, posting, note)
    route = posting.payload.get("route")
    if route is None:
        route = _provider_route(client, posting.payload, round(note["amount_residual"], 2)) or {"kind": "bank"}
        posting.payload["route"] = route
        _save_payload(posting)  # kept before any write, so a retry never switches route
    if route["kind"] == "provider":
        return _provider_refund(client, posting, note, route)
    return _bank_refund(client, posting, note)
