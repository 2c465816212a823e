"""An estimate of the refund, shown before the customer sends the request.

Built like the real refund (refunds.services.calculate): the same order snapshot and "already
refunded" figures (refunds.services.already_refunded / engine_order, i.e. the frozen refunds of the
order's earlier returns, shipping included), the same policy mapping (engine_policy), and for items
under several policies the same valuation policy by policy, flat fee charged once and shipping
decided once. Only the grade differs: it is the one suggested by the condition the customer
described, as the warehouse grades the items on arrival; so the page always calls this an estimate.
When the calculation cannot run (for example nothing invoiced yet), the estimate falls back to the
prices paid, incl. tax, and says so.
"""
from dataclasses import dataclass, field, replace
from decimal import Decimal

from refunds import calculation as calc
# The private helpers are the multi-policy steps of the real calculation, reused so that estimate
# and refund cannot drift apart: refunds.services has no public entry point that values lines
# without a saved return.
from refunds.services import _fee_policy, _merge, _shipping_pass, already_refunded, engine_order, engine_policy
from returns.models import ReturnRequest

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


def _snapshot(order) -> calc.Order:
    # The return being drafted is not saved yet: an unsaved request of this order excludes nothing
    # and counts every earlier refund of the order, as the real refund will once it exists.
    refunded, shipping_refunded = already_refunded(ReturnRequest(order=order))
    return engine_order(order, refunded, shipping_refunded)


def _calculate(order, items: list[Item], policies: dict, method: str) -> tuple[calc.RefundBreakdown, list[Item]]:
    """(breakdown, items in breakdown order), valued as refunds.services.calculate values a return."""
    start = _snapshot(order)
    by_policy: dict[int, tuple] = {}
    for item in items:
        policy = policies[item.order_line.pk]
        by_policy.setdefault(policy.pk, (policy, []))[1].append(item)
    groups = sorted(by_policy.values(), key=lambda group: group[0].pk)
    if len(groups) == 1:
        policy, group = groups[0]
        return calc.calculate_refund(start, [_engine_line(item) for item in group], engine_policy(policy),
                                     method), group
    state, parts, valued, fee_from = replace(start, shipping_amount=ZERO), [], [], _fee_policy(groups)
    for policy, group in groups:
        rules = engine_policy(policy)
        if policy.pk != fee_from:
            rules = replace(rules, return_fee_flat=ZERO)
        part = calc.calculate_refund(state, [_engine_line(item) for item in group], rules, method)
        state = calc.apply_refund(state, part)
        parts.append(part)
        valued.extend(group)
    policy_list = [policy for policy, _group in groups]
    shipping, notes = _shipping_pass(start, [_engine_line(item) for item in valued], policy_list)
    return _merge(parts, shipping, notes, method), valued


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
