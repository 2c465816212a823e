"""Refund figures for a return, from its accepted quantities and the order's real prices."""
from decimal import Decimal


def refund_breakdown(ret) -> dict:
    lines = []
    total = Decimal("0")
    for line in ret.lines.select_related("order_line", "product"):
        if not line.order_line or line.quantity_accepted <= 0:
            continue
        amount = line.order_line.unit_price_incl_tax * line.quantity_accepted
        total += amount
        lines.append({"return_line_id": line.pk, "sku": line.product.sku, "quantity": line.quantity_accepted,
                      "unit_price": str(line.order_line.unit_price), "tax_rate": str(line.order_line.tax_rate),
                      "total": str(amount)})
    return {"currency": ret.order.currency, "lines": lines, "total": str(total)}


def refund_update_amount(ret):
    """Store the refund total on the return, where the release guards read it."""
    ret.refund_amount = Decimal(refund_breakdown(ret)["total"])
    ret.save(update_fields=["refund_amount", "updated_at"])
    return ret.refund_amount
