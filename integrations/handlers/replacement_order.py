"""An exchange's replacement: one sale order in Odoo, created and confirmed.

Calls (the minimum documented external-API behaviour; API_FACTS-odoo18.md §a and §d,
API_FACTS-odoo18-round2.md §1 and §2):
1. `product.product.read([id], ['free_qty'], context={'warehouse_id': <warehouse>})` per
   replacement: a variant no longer free for its quantity falls back to a refund
   (exchanges.services.fall_back_to_refund, which tells the customer) and is not ordered.
2. `sale.order.read` of the original order: `partner_id` and `partner_shipping_id`.
3. `sale.order.create` with `partner_id`, `partner_shipping_id`, `client_order_ref` = the posting's
   reference (unique, looked up first on any retry), `origin` = the RMA number and the original
   order, `warehouse_id`, and `order_line` as one2many create commands
   `(0, 0, {product_id, product_uom_qty, price_unit})`: taxes and the unit of measure are Odoo's
   defaults for the product (not verified for an exchange: see the README).
4. `sale.order.action_confirm` (True): Odoo makes and reserves the delivery; the order must then
   read back as state `sale`.
"""
from decimal import Decimal

from django.utils.translation import gettext as _

from exchanges.models import ExchangeRequest
from exchanges.services import fall_back_to_refund, mark_reserved

from ..odoo import OdooBusinessError
from .base import PostingRefused, PostingResult

ORDER_FIELDS = ["name", "state"]


def _confirmed(client, order_id: int, payload) -> PostingResult:
    row = client.read_one("sale.order", order_id, ORDER_FIELDS)
    if row["state"] in ("draft", "sent"):
        client.call("sale.order", "action_confirm", [order_id])
        row = client.read_one("sale.order", order_id, ORDER_FIELDS)
    if row["state"] != "sale":
        raise OdooBusinessError(f"Replacement order {row['name']} is '{row['state']}' in Odoo, not confirmed.")
    mark_reserved(exchange_ids=[line["exchange_id"] for line in payload["lines"]], odoo_order_id=order_id,
                  odoo_order_name=row["name"])
    return PostingResult("sale.order", order_id, row["name"])


def _free_qty(client, product_id: int, warehouse_id: int) -> float:
    context = {"warehouse_id": warehouse_id} if warehouse_id else {}
    rows = client.read("product.product", [product_id], ["free_qty"], context=context)
    return float(rows[0].get("free_qty") or 0) if rows else 0.0


def _still_due(client, payload, t) -> list[tuple[dict, int]]:
    """(payload line, quantity) of the exchanges to order; the others fall back to a refund here."""
    waiting = {e.pk: e for e in ExchangeRequest.objects.filter(
        pk__in=[line["exchange_id"] for line in payload["lines"]], state=ExchangeRequest.State.REQUESTED)}
    due = []
    for line in payload["lines"]:
        exchange = waiting.get(line["exchange_id"])
        if exchange is None or not exchange.quantity:
            continue  # fell back to a refund, or inspection accepted none of its units
        if not line.get("odoo_product_id"):
            raise PostingRefused(f"{line['sku']} has no Odoo product id; map it before posting.")
        if _free_qty(client, line["odoo_product_id"], t.warehouse_id) < exchange.quantity:
            fall_back_to_refund(exchange_id=exchange.pk, why=_(
                "%(sku)s is no longer in stock for %(qty)s unit(s): the returned item is refunded instead.")
                % {"sku": line["sku"], "qty": exchange.quantity})
            continue
        due.append((line, exchange.quantity))
    return due


def _original_order(client, payload) -> dict:
    fields = ["partner_id", "partner_shipping_id"]
    if payload.get("odoo_order_id"):
        rows = client.read("sale.order", [payload["odoo_order_id"]], fields)
    else:
        rows = client.search_read("sale.order", [("name", "=", payload["order_number"])], fields, limit=1)
    if not rows:
        raise PostingRefused(f"The original order {payload['order_number']} is not in Odoo.")
    return rows[0]


def post_replacement_order(client, posting, t, *, look_up_first: bool):
    payload = posting.payload
    if look_up_first:
        found = client.search_read("sale.order", [("client_order_ref", "=", posting.reference)], ORDER_FIELDS, limit=1)
        if found:
            return _confirmed(client, found[0]["id"], payload)
    due = _still_due(client, payload, t)
    if not due:  # every line fell back to a refund (or was not accepted): nothing to order
        return PostingResult("", None, "", note="no replacement to order")
    original = _original_order(client, payload)
    partner = original["partner_id"][0]
    shipping = original["partner_shipping_id"][0] if original.get("partner_shipping_id") else partner
    vals = {"partner_id": partner, "partner_shipping_id": shipping, "client_order_ref": posting.reference,
            "origin": f"{payload['rma_number']} (exchange for {payload['order_number']})",
            "order_line": [(0, 0, {"product_id": line["odoo_product_id"], "product_uom_qty": quantity,
                                   "price_unit": float(Decimal(line["price_unit"]))}) for line, quantity in due]}
    if t.warehouse_id:
        vals["warehouse_id"] = t.warehouse_id
    order_id = client.create("sale.order", vals)
    client.call("sale.order", "action_confirm", [order_id])
    return _confirmed(client, order_id, payload)
