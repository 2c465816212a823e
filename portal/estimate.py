"""An estimate of the refund, shown before the customer sends the request.

Valued by the real refund's own steps (refunds.services.value_by_policy, from the order as a new
return sees it: order_before_new_return, i.e. the frozen refunds of the order's earlier returns,
shipping included), so for items under several policies it values policy by policy, charges the
flat fee once and decides shipping once, exactly as the refund will. Only the grade differs: it is
the one suggested by the condition the customer described, as the warehouse grades the items on
arrival; so the page always calls this an estimate.
When the calculation cannot run (for example nothing invoiced yet), the estimate falls back to the
prices paid, incl. tax, and says so.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from refunds import calculation as calc
from refunds.services import order_before_new_return, value_by_policy

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


def _engine_line(item: Item) -> calc.ReturnLine:
    return calc.ReturnLine(order_line_id=str(item.order_line.pk), quantity=Decimal(item.quantity),
                           grade=CONDITION_GRADES.get(item.condition, "A"), reason=item.reason.label,
                           retailer_fault=item.reason.retailer_fault)


def _calculate(order, items: list[Item], policies: dict, method: str) -> tuple[calc.RefundBreakdown, list[Item]]:
    """(breakdown, items in breakdown order), valued as a saved return's refund is valued."""
    by_policy: dict[int, tuple] = {}
    for item in items:
        policy = policies[item.order_line.pk]
        by_policy.setdefault(policy.pk, (policy, []))[1].append(item)
    groups = sorted(by_policy.values(), key=lambda group: group[0].pk)
    return value_by_policy(order_before_new_return(order), groups, method, _engine_line)


def _paid(item):
    return item.order_line.unit_price_incl_tax * item.quantity


def _fallback(order, items):
    lines = [EstimateLine(item.order_line.product.name, item.quantity, _paid(item), _paid(item), ZERO, False)
             for item in items]
    return Estimate(order.currency, sum((line.refund for line in lines), ZERO), lines=lines, from_calculation=False)


def estimate_refund(order, items: list[Item], policies: dict, method: str) -> Estimate:
    """`policies` maps order line id → the ReturnPolicy that applies to it (returns.policy.policy_for)."""
    if not items:
        return _fallback(order, items)
    try:
        breakdown, valued = _calculate(order, items, policies, method)
    except (calc.RefundError, TypeError, ValueError):
        return _fallback(order, items)
    refunds = {id(item): refund for item, refund in zip(valued, breakdown.lines, strict=True)}
    lines = []
    for item in items:  # in the customer's order, not the calculation's (grouped by policy)
        refund = refunds[id(item)]
        lines.append(EstimateLine(item.order_line.product.name, item.quantity, _paid(item), refund.total,
                                  max(ZERO, _paid(item) - refund.total), refund.fees_waived))
    return Estimate(order.currency, breakdown.total, shipping=breakdown.shipping.total, lines=lines)
