"""What each lifecycle step posts to Odoo, snapshotted when the step happens.

The payload keeps the Odoo ids known at that moment so that a later change to local data
cannot change what is posted for a past event.
"""
from decimal import Decimal

from django.db import transaction

from returns.choices import RefundMethod

from .models import OdooPosting, PostingKind
from .outbox import add_once, enqueue_posting, posting_reference


def _line_payload(line, quantity):
    order_line = line.order_line
    return {
        "return_line_id": line.pk,
        "sku": line.product.sku,
        "odoo_product_id": line.product.odoo_product_id,
        "quantity": quantity,
        "odoo_sale_line_id": order_line.odoo_line_id if order_line else None,
        "odoo_delivered_move_id": order_line.odoo_move_id if order_line else None,
    }


def _lines_with_products(ret):
    """The return's lines with what their payload names, in one query (not two more per line)."""
    return ret.lines.select_related("product", "order_line")


def enqueue_receipt(ret):
    """One incoming transfer into the Returns location, one move per received line."""
    lines = [_line_payload(line, line.quantity_received) for line in _lines_with_products(ret)
             if line.quantity_received > 0]
    return enqueue_posting(request=ret, kind=PostingKind.RECEIPT, payload={
        "rma_number": ret.rma_number,
        "order_number": ret.order.number,
        "odoo_partner_id": ret.customer.odoo_partner_id,
        "lines": lines,
    })


def enqueue_dispositions(ret):
    """One internal transfer (or scrap order) per disposed line."""
    postings = []
    for line in _lines_with_products(ret):
        if line.quantity_received > 0 and line.disposition:
            payload = {"rma_number": ret.rma_number, "disposition": line.disposition,
                       **_line_payload(line, line.quantity_received)}
            postings.append(enqueue_posting(request=ret, kind=PostingKind.DISPOSITION, line=line, payload=payload))
    return postings


def enqueue_refurbishment(ret, data: dict):
    """A refurbished unit leaves Refurbish: to Stock, or a scrap order; one posting per license plate,
    after the line's own disposition move (same order, so delivered after it)."""
    from .delivery import enqueue

    line = ret.lines.select_related("product", "order_line").get(pk=data["line"])
    posting, _created = OdooPosting.objects.get_or_create(
        reference=f"{posting_reference(ret.rma_number, PostingKind.DISPOSITION, line.pk)}/{data['lpn']}",
        defaults={"request": ret, "line": line, "kind": PostingKind.DISPOSITION, "order_number": ret.order.number,
                  "payload": {"rma_number": ret.rma_number, "disposition": data["disposition"], "source": "refurbish",
                              "lpn": data["lpn"], **_line_payload(line, 1)}})
    transaction.on_commit(lambda: enqueue(posting.pk))
    return posting


def enqueue_vendor_return(ret, data: dict):
    """A closed vendor-return batch: one posting for the outgoing transfer to the vendor and the vendor
    credit note, under the batch's own reference and delivery order (it spans several returns)."""
    from .delivery import enqueue

    posting, _created = OdooPosting.objects.get_or_create(
        reference=f"{data['number']}/{PostingKind.VENDOR_RETURN}",
        defaults={"request": ret, "kind": PostingKind.VENDOR_RETURN, "order_number": data["number"],
                  "payload": {"batch": data["number"], "authorization_number": data["authorization_number"],
                              "odoo_vendor_id": data["vendor"], "credit_reference": f"{data['number']}/vendor_credit",
                              "lines": data["lines"]}})
    transaction.on_commit(lambda: enqueue(posting.pk))
    return posting


def credit_note_payload(ret, breakdown: dict) -> dict:
    """Turn the released refund breakdown into credit-note lines: each item at its original price,
    and every deduction (condition, restocking fee, return fee, cap at what was paid) as its own
    negative line taxed like the item, so the note reads like the breakdown the customer saw."""
    lines, adjustments = [], []
    for line in breakdown.get("lines", []):
        if not line.get("refunded") or not line.get("quantity"):
            continue
        sol = line.get("odoo_sale_line_id")
        lines.append({"sku": line["sku"], "odoo_product_id": line.get("odoo_product_id"), "odoo_sale_line_id": sol,
                      "quantity": line["quantity"], "price_unit": line["unit_price"]})
        charges = [("grade_deduction", f"Condition deduction {line['sku']} (grade {line.get('grade') or '-'})"),
                   ("restocking_fee", f"Restocking fee {line['sku']}"),
                   ("return_fee_share", f"Return fee {line['sku']}")]
        taken = Decimal("0")
        for key, label in charges:
            amount = Decimal(line.get(key) or "0")
            if amount:
                taken += amount
                adjustments.append({"label": label, "amount": str(-amount), "odoo_sale_line_id": sol})
        cap = Decimal(line["untaxed"]) - (Decimal(line["gross"]) - taken)
        if cap:
            adjustments.append({"label": f"Limited to the amount paid {line['sku']}", "amount": str(cap),
                                "odoo_sale_line_id": sol})
    for exchange in breakdown.get("exchanges", []):
        # Exchanged units are not credited; a cheaper replacement's difference is, taxed like the item.
        if Decimal(exchange.get("untaxed") or "0"):
            label = f"Exchange {exchange['sku']} → {exchange['replacement_sku']}: price difference"
            adjustments.append({"label": label, "amount": exchange["untaxed"],
                                "odoo_sale_line_id": exchange.get("odoo_sale_line_id")})
    shipping = breakdown.get("shipping") or {}
    return {
        "rma_number": ret.rma_number,
        "order_number": ret.order.number,
        "odoo_partner_id": ret.customer.odoo_partner_id,
        "odoo_invoice_id": ret.order.odoo_invoice_id,
        "currency": breakdown.get("currency", ret.order.currency),
        "refund_method": breakdown.get("method", ret.refund_method),
        "lines": lines,
        "adjustments": adjustments,
        "shipping": {"amount": shipping["total"]} if Decimal(shipping.get("total") or "0") > 0 else None,
        "expected_total": breakdown.get("total"),
        # Every unit exchanged at the same price: no credit note to make (see enqueue_credit_note).
        "exchanged_only": bool(breakdown.get("exchanges")) and not lines and not adjustments
        and not Decimal(shipping.get("total") or "0"),
        # Extra store credit on top of the refund (not limited by what was paid): its own line.
        "store_credit_bonus": breakdown.get("store_credit_bonus")
        if breakdown.get("method") == RefundMethod.STORE_CREDIT and Decimal(breakdown.get("store_credit_bonus") or "0")
        else None,
    }


def enqueue_credit_note(ret, breakdown: dict):
    """The customer credit note for the refund the agent released, and — for a refund to the
    original payment — the refund payment after it (same order, so delivered after the note).
    Store credit has none: the open note is the customer's outstanding credit in Odoo (§3c)."""
    payload = credit_note_payload(ret, breakdown)
    posting = enqueue_posting(request=ret, kind=PostingKind.CREDIT_NOTE, payload=payload)
    if payload["exchanged_only"]:
        return posting  # nothing is credited or paid back: the posting only confirms the refund of 0
    if breakdown.get("method", ret.refund_method) != RefundMethod.STORE_CREDIT:
        enqueue_refund_payment(ret, breakdown)
    _enqueue_evidence(ret, "credit_note", {
        "rma_number": ret.rma_number, "target": "credit_note",
        "credit_note_reference": posting_reference(ret.rma_number, PostingKind.CREDIT_NOTE)})
    return posting


def enqueue_refund_payment(ret, breakdown: dict):
    """The money back for the posted credit note: a provider refund or an outbound payment."""
    return enqueue_posting(request=ret, kind=PostingKind.REFUND_PAYMENT, payload={
        "rma_number": ret.rma_number, "order_number": ret.order.number,
        "odoo_order_id": ret.order.odoo_order_id, "odoo_partner_id": ret.customer.odoo_partner_id,
        "credit_note_reference": posting_reference(ret.rma_number, PostingKind.CREDIT_NOTE),
        "expected_total": breakdown.get("total"), "currency": breakdown.get("currency", ret.order.currency),
    })


def enqueue_evidence(ret):
    """Inspection evidence on the receipt picking: the photos (metadata-free renditions) and one
    internal note with the results. Call after the inspection is complete (the receipt posting
    is older, so it is delivered first)."""
    from .handlers.evidence import evidence_payload

    return _enqueue_evidence(ret, "receipt", evidence_payload(ret))


def _enqueue_evidence(ret, target, payload):
    """Like enqueue_posting, with one reference per document the evidence goes on."""
    from .delivery import enqueue

    posting = add_once(reference=f"{posting_reference(ret.rma_number, PostingKind.EVIDENCE)}/{target}",
                       request=ret, kind=PostingKind.EVIDENCE, payload=payload, order_number=ret.order.number)
    transaction.on_commit(lambda: enqueue(posting.pk))
    return posting


def refund_payment_outcome(ret) -> dict | None:
    """How the money went back, for the customer's e-mail: {"method": "provider" | "bank" |
    "invoice", "amount", "reference", "provider"}; None before the refund payment is sent."""
    posting = ret.postings.filter(kind=PostingKind.REFUND_PAYMENT, state="sent").first()
    return (posting.payload or {}).get("outcome") if posting else None
