"""The replacement order of an exchange, written into the outbox when it is due (exchanges.rules):
at authorization for trusted customers, else once inspection accepted the returned unit.

One posting per return (`<RMA>/replacement_order`, also the sale order's `client_order_ref` in
Odoo, looked up before anything is created), one sale order line per exchanged line. The payload
keeps the Odoo ids and prices known now; the quantities and whether each exchange still waits
are read again when the posting is delivered (a line may have fallen back to a refund meanwhile).
"""
from decimal import Decimal

from django.db import transaction

from .models import OdooPosting, PostingKind
from .outbox import posting_reference


def _unit_price_untaxed(exchange) -> str:
    """What the customer pays for the replacement, tax excluded (Odoo's price_unit): the price paid,
    less the difference refunded when the replacement is cheaper."""
    order_line = exchange.return_line.order_line
    incl = exchange.unit_price_paid - exchange.unit_difference
    return str((incl / (1 + order_line.tax_rate)).quantize(Decimal("0.01")))


def enqueue_replacement_order(ret, exchanges) -> OdooPosting | None:
    from .delivery import enqueue

    if not exchanges:
        return None
    lines = [{"exchange_id": e.pk, "return_line_id": e.return_line_id, "returned_sku": e.return_line.product.sku,
              "sku": e.replacement.sku, "odoo_product_id": e.replacement.odoo_product_id, "quantity": e.quantity,
              "price_unit": _unit_price_untaxed(e)} for e in exchanges]
    posting, created = OdooPosting.objects.get_or_create(
        reference=posting_reference(ret.rma_number, PostingKind.REPLACEMENT_ORDER),
        defaults={"request": ret, "kind": PostingKind.REPLACEMENT_ORDER, "order_number": ret.order.number,
                  "payload": {"rma_number": ret.rma_number, "order_number": ret.order.number,
                              "odoo_order_id": ret.order.odoo_order_id,
                              "odoo_partner_id": ret.customer.odoo_partner_id, "lines": lines}})
    if created:
        transaction.on_commit(lambda: enqueue(posting.pk))
    return posting
