"""What each lifecycle step posts to Odoo, snapshotted when the step happens.

The payload keeps the Odoo ids known at that moment so that a later change to local data
cannot change what is posted for a past event.
"""
from .models import PostingKind
from .outbox import enqueue_posting


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


def enqueue_receipt(ret):
    """One incoming transfer into the Returns location, one move per received line."""
    lines = [_line_payload(line, line.quantity_received) for line in ret.lines.all() if line.quantity_received > 0]
    return enqueue_posting(request=ret, kind=PostingKind.RECEIPT, payload={
        "rma_number": ret.rma_number,
        "order_number": ret.order.number,
        "odoo_partner_id": ret.customer.odoo_partner_id,
        "lines": lines,
    })


def enqueue_dispositions(ret):
    """One internal transfer (or scrap order) per disposed line."""
    postings = []
    for line in ret.lines.all():
        if line.quantity_received > 0 and line.disposition:
            payload = {"rma_number": ret.rma_number, "disposition": line.disposition,
                       **_line_payload(line, line.quantity_received)}
            postings.append(enqueue_posting(request=ret, kind=PostingKind.DISPOSITION, line=line, payload=payload))
    return postings


def enqueue_credit_note(ret, breakdown: dict):
    """The customer credit note; `breakdown` is the refund calculation the agent released."""
    return enqueue_posting(request=ret, kind=PostingKind.CREDIT_NOTE, payload={
        "rma_number": ret.rma_number,
        "order_number": ret.order.number,
        "odoo_partner_id": ret.customer.odoo_partner_id,
        "odoo_invoice_id": ret.order.odoo_invoice_id,
        "currency": ret.order.currency,
        "refund_method": ret.refund_method,
        "breakdown": breakdown,
    })
