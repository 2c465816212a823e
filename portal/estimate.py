"""An estimate of the refund, shown before the customer sends the request.

Uses the real refund calculation (refunds.calculation.calculate_refund) with the grade suggested by
the condition the customer described. The warehouse grades the items on arrival, so the page always
calls this an estimate. When the calculation cannot run (for example nothing invoiced yet), the
estimate falls back to the prices paid, incl. tax, and says so.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from refunds import calculation as calc
from returns.choices import ReturnStatus

from .forms import CONDITION_GRADES

ZERO = Decimal("0")


@dataclass
class EstimateLine:
    name: str
    quantity: int
    paid: Decimal  # incl. tax
    refund: Decimal  # incl. tax
    deductions: Decimal  # paid - refund (fees, condition, tax on them)
    fees_waived: bool


@dataclass
class Estimate:
    currency: str
    total: Decimal
    shipping: Decimal = ZERO
    lines: list = field(default_factory=list)
    from_calculation: bool = True  # False: prices paid only, fees not applied


@dataclass(frozen=True)
class Item:
    order_line: object  # SalesOrderLine
    quantity: int
    reason: object  # ReasonCode
    condition: str


def _already_refunded(order_line):
    """Units and amount (incl. tax) refunded by earlier returns of this order line."""
    done = [ReturnStatus.REFUNDED, ReturnStatus.CLOSED]
    units = sum(line.quantity_accepted for line in order_line.return_lines.filter(request__state__in=done))
    return Decimal(units), order_line.unit_price_incl_tax * units


def _order(order):
    lines = []
    for line in order.lines.all():
        units, amount = _already_refunded(line)
        lines.append(calc.OrderLine(line_id=str(line.pk), unit_price=line.unit_price,
                                    quantity_invoiced=Decimal(line.quantity_invoiced),
                                    tax_rates=(line.tax_rate,) if line.tax_rate else (),
                                    already_refunded_quantity=units, already_refunded_amount=amount))
    return calc.Order(currency=order.currency, lines=tuple(lines), shipping_amount=order.shipping_amount,
                      shipping_tax_rates=(order.shipping_tax_rate,) if order.shipping_tax_rate else ())


def _policy(policy):
    return calc.RefundPolicy(restocking_fee_percent=policy.restocking_fee_percent,
                             # The flat fee of ReturnPolicy is charged once per return.
                             return_fee_flat=policy.restocking_fee_flat,
                             grade_deduction_percent=policy.grade_deductions,
                             refund_shipping=policy.refund_shipping,
                             allowed_methods=policy.allowed_refund_methods)


def _paid(item):
    return item.order_line.unit_price_incl_tax * item.quantity


def _fallback(order, items):
    lines = [EstimateLine(item.order_line.product.name, item.quantity, _paid(item), _paid(item), ZERO, False)
             for item in items]
    return Estimate(order.currency, sum((line.refund for line in lines), ZERO), lines=lines, from_calculation=False)


def estimate_refund(order, items: list[Item], policies: dict, method: str) -> Estimate:
    """`policies` maps order line id → the ReturnPolicy that applies to it (returns.policy.policy_for)."""
    groups = defaultdict(list)
    for item in items:
        groups[policies[item.order_line.pk].pk].append(item)
    try:
        snapshot = _order(order)
        lines, shipping = [], ZERO
        for group in groups.values():
            rule = _policy(policies[group[0].order_line.pk])
            chosen = method if method in rule.allowed_methods else sorted(rule.allowed_methods)[0]
            breakdown = calc.calculate_refund(snapshot, [
                calc.ReturnLine(order_line_id=str(item.order_line.pk), quantity=Decimal(item.quantity),
                                grade=CONDITION_GRADES.get(item.condition, "A"), reason=item.reason.label,
                                retailer_fault=item.reason.retailer_fault)
                for item in group], rule, chosen)
            for item, refund in zip(group, breakdown.lines, strict=True):
                lines.append(EstimateLine(item.order_line.product.name, item.quantity, _paid(item), refund.total,
                                          max(ZERO, _paid(item) - refund.total), refund.fees_waived))
            # Shipping is paid once per order: never count it twice across policy groups.
            shipping = max(shipping, breakdown.shipping.total)
    except (calc.RefundError, TypeError, ValueError, IndexError):
        return _fallback(order, items)
    total = sum((line.refund for line in lines), ZERO) + shipping
    return Estimate(order.currency, total, shipping=shipping, lines=lines)
