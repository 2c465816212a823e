"""Exchanges in the refund: exchanged units are not refunded; a cheaper replacement's difference is.

A line's units are refunded as usual minus those exchanged (exchanges.rules.exchanged_units: only
accepted units, and none once the exchange fell back to a refund). Each exchange whose replacement
is cheaper adds its price difference (per unit incl. tax, as the customer saw it when choosing)
to the refund as its own entry of the breakdown, `breakdown["exchanges"]`, taxed at the order
line's rate. No fee or condition deduction touches an exchange: the customer keeps buying from us
and is charged nothing for it. Earlier returns count an exchange's units and difference as already
refunded (services.already_refunded), so those units cannot be refunded again later.
"""
from __future__ import annotations

from decimal import Decimal

from exchanges.models import ExchangeRequest
from exchanges.rules import exchanged_units

from .money import Currency, currency_exponent

ZERO = Decimal(0)


def exchanges_by_line(ret) -> dict[int, ExchangeRequest]:
    rows = ExchangeRequest.objects.filter(return_line__request_id=ret.pk).select_related("replacement")
    return {row.return_line_id: row for row in rows}


def refunded_units(line, exchange) -> int:
    """Accepted units of the line that are refunded rather than exchanged."""
    return line.quantity_accepted - exchanged_units(exchange, line)


def exchanged_note(exchange, units: int) -> str:
    return (f"{units} unit(s) exchanged for {exchange.replacement.name} ({exchange.replacement.sku}): "
            "replaced instead of refunded.")


def difference_entries(ret, lines, exchanges: dict, currency: str) -> list[dict]:
    """One entry per exchange with exchanged units: its units and the difference refunded for them."""
    exponent = currency_exponent(currency)
    cur = Currency(currency.upper(), 2 if exponent is None else exponent)
    entries = []
    for line in lines:
        exchange = exchanges.get(line.pk)
        units = exchanged_units(exchange, line) if line.order_line_id else 0
        if not units:
            continue
        rates = (line.order_line.tax_rate,) if line.order_line.tax_rate else ()
        total = cur.q(exchange.unit_difference * units)
        untaxed, tax = cur.split(total, rates) if total else (cur.q(ZERO), cur.q(ZERO))
        note = exchanged_note(exchange, units)
        if total:
            note += (f" The replacement costs {cur.fmt(exchange.unit_difference)} less per unit: "
                     f"{cur.fmt(total)} refunded.")
        entries.append({
            "exchange_id": exchange.pk, "return_line_id": line.pk, "order_line_id": line.order_line_id,
            "sku": line.product.sku, "product": line.product.name, "replacement_sku": exchange.replacement.sku,
            "replacement": exchange.replacement.name, "quantity": units, "state": exchange.state,
            "unit_difference": str(cur.q(exchange.unit_difference)), "untaxed": str(untaxed), "tax": str(tax),
            "total": str(total), "tax_rate": str(line.order_line.tax_rate),
            "odoo_sale_line_id": line.order_line.odoo_line_id, "explanations": [note],
        })
    return entries


def add_differences(data: dict, entries: list[dict]) -> dict:
    """The breakdown JSON with the exchanges' differences in its totals."""
    data["exchanges"] = entries
    if not entries:
        return data
    for key in ("untaxed", "tax"):
        data[key] = str(Decimal(data[key]) + sum((Decimal(e[key]) for e in entries), ZERO))
    added = sum((Decimal(e["total"]) for e in entries), ZERO)
    data["total"] = str(Decimal(data["total"]) + added)
    data["total_with_bonus"] = str(Decimal(data["total_with_bonus"]) + added)
    data["explanations"] = data["explanations"] + [text for e in entries for text in e["explanations"]]
    return data
