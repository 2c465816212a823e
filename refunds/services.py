"""Refund figures of a return: the real models mapped onto `refunds.calculation`.

`refund_breakdown(ret)` is what the lifecycle posts with the credit note: the JSON-able breakdown
(amounts as strings) from the calculation engine, or, once the refund is released, the frozen copy.
`refund_update_amount(ret)` (called at complete_inspection) stores the total where the release
guards read it. `refund_preview(ret)` never raises (pages); `refund_breakdown_for_customer(ret)`
is the customer's view of the same figures (portal).

Inputs, per return line with accepted units:
- price, tax and invoiced quantity from the SalesOrderLine snapshot;
- what earlier returns of the same order already refunded, from their frozen `Refund` rows
  (released or refunded), per order line and for shipping;
- the grade and quantity from inspection, the reason's `retailer_fault`;
- the ReturnPolicy of the line (returns.policy.policy_for): restocking_fee_percent, grade_deductions,
  refund_shipping, allowed_refund_methods; its restocking_fee_flat is a flat fee per return
  (the engine's return_fee_flat), waived when every line is the retailer's fault.

A return whose lines fall under different policies (e.g. apparel and electronics) is valued policy
by policy, each group seeing the order as the previous groups left it (`apply_refund`); the flat fee
is charged once (by the first policy with a line that is not the retailer's fault) and the shipping
is decided once over all the lines (refunded if any of the policies' rules refunds it).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from returns.choices import ReturnStatus
from returns.errors import InvalidReturnRequest
from returns.models import ReturnPolicy, ReturnRequest
from returns.policy import policy_for

from . import calculation as calc
from .exchange_netting import add_differences, difference_entries, exchanged_note, exchanges_by_line, refunded_units
from .models import FROZEN_STATUSES, Refund

ZERO = Decimal(0)
# Before inspection is complete, accepted quantities are not known: no refund to show.
PRICED_STATES = frozenset({
    ReturnStatus.INSPECTED, ReturnStatus.REFUND_PENDING_APPROVAL, ReturnStatus.REFUND_APPROVED,
    ReturnStatus.REFUNDED, ReturnStatus.CLOSED,
})


# Returns whose refund counts as given: released (credit note posted) or confirmed.
REFUNDED_STATES = (ReturnStatus.REFUND_APPROVED, ReturnStatus.REFUNDED, ReturnStatus.CLOSED)


class RefundNotPossible(InvalidReturnRequest):
    """The refund cannot be calculated; the message is written for agents."""

    code = "refund_not_possible"


# --- inputs --------------------------------------------------------------------------------------
def _rates(rate: Decimal) -> tuple[Decimal, ...]:
    return (rate,) if rate else ()


def already_refunded(ret) -> tuple[dict[str, tuple[Decimal, Decimal]], Decimal]:
    """{order line id: (units, amount incl. tax)} and shipping refunded by the order's other returns."""
    per_line: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    shipping = ZERO
    earlier = Refund.objects.filter(return_request__order_id=ret.order_id, status__in=FROZEN_STATUSES,
                                    return_request__state__in=REFUNDED_STATES)
    for refund in earlier.exclude(return_request_id=ret.pk):
        for line in refund.breakdown.get("lines", []):
            if line.get("order_line_id") is None:
                continue
            units_amount = per_line[str(line["order_line_id"])]
            units_amount[0] += Decimal(str(line["quantity"]))
            units_amount[1] += Decimal(line["total"])
        for exchange in refund.breakdown.get("exchanges", []):  # exchanged units cannot be refunded later
            units_amount = per_line[str(exchange["order_line_id"])]
            units_amount[0] += Decimal(str(exchange["quantity"]))
            units_amount[1] += Decimal(exchange["total"])
        shipping += Decimal(refund.breakdown.get("shipping", {}).get("total", "0"))
    return {key: (value[0], value[1]) for key, value in per_line.items()}, shipping


def engine_order(order, refunded: dict, shipping_refunded: Decimal) -> calc.Order:
    lines = []
    for ol in order.lines.all():
        units, amount = refunded.get(str(ol.pk), (ZERO, ZERO))
        lines.append(calc.OrderLine(
            line_id=str(ol.pk), unit_price=ol.unit_price, quantity_invoiced=Decimal(ol.quantity_invoiced),
            tax_rates=_rates(ol.tax_rate), already_refunded_quantity=units, already_refunded_amount=amount,
        ))
    return calc.Order(order.currency, tuple(lines), order.shipping_amount, _rates(order.shipping_tax_rate),
                      shipping_refunded)


def engine_policy(policy) -> calc.RefundPolicy:
    return calc.RefundPolicy(
        restocking_fee_percent=policy.restocking_fee_percent,
        return_fee_flat=policy.restocking_fee_flat,
        grade_deduction_percent={grade: str(p) for grade, p in (policy.grade_deductions or {}).items()},
        refund_shipping=policy.refund_shipping,
        allowed_methods=frozenset(policy.allowed_refund_methods or ()),
    )


def _engine_line(line) -> calc.ReturnLine:
    reason = line.reason
    return calc.ReturnLine(
        order_line_id=str(line.order_line_id), grade=line.grade or "",
        quantity=Decimal(getattr(line, "refunded_units", line.quantity_accepted)),  # exchanged units left out
        reason=reason.label if reason else _("no reason given"), retailer_fault=bool(reason and reason.retailer_fault),
    )


# --- calculation ---------------------------------------------------------------------------------
def _shipping_pass(state: calc.Order, lines: list, policies: list) -> tuple[calc.ShippingRefund, list]:
    """Shipping of a return valued under several policies, decided once over all its accepted lines.

    Each policy's rule is tried in turn with no fees (only its shipping part is kept); the first
    that refunds the shipping wins, otherwise the first policy's explanation stands.
    """
    tried = []
    for policy in policies:
        rules = calc.RefundPolicy(refund_shipping=policy.refund_shipping)
        tried.append(calc.calculate_refund(state, lines, rules, calc.RefundMethod.ORIGINAL_PAYMENT))
        if tried[-1].shipping.total:
            break
    chosen = tried[-1] if tried[-1].shipping.total else tried[0]
    return chosen.shipping, list(chosen.explanations)


def _merge(parts, shipping: calc.ShippingRefund, shipping_notes: list, method) -> calc.RefundBreakdown:
    total = lambda name: sum((getattr(p, name) for p in parts), ZERO)
    notes = list(dict.fromkeys([note for p in parts for note in p.explanations] + shipping_notes))
    untaxed, tax = total("untaxed") + shipping.untaxed, total("tax") + shipping.tax
    return calc.RefundBreakdown(
        currency=parts[0].currency, method=calc.RefundMethod(str(method)),
        lines=tuple(line for p in parts for line in p.lines), shipping=shipping, return_fee=total("return_fee"),
        untaxed=untaxed, tax=tax, total=untaxed + tax, store_credit_bonus=total("store_credit_bonus"),
        total_with_bonus=untaxed + tax + total("store_credit_bonus"), explanations=tuple(notes),
    )


def _fee_policy(groups) -> int | None:
    """The policy whose flat fee is charged: the first group with a line that is not the retailer's fault."""
    for policy, lines in groups:
        if any(not (line.reason and line.reason.retailer_fault) for line in lines):
            return policy.pk
    return groups[0][0].pk if groups else None


def calculate(ret):
    """(engine breakdown, valued return lines in breakdown order, lines not valued, policies used).

    Raises refunds.calculation.RefundError (and InvalidRefundInput) when the inputs contradict.
    """
    order = ret.order
    lines = list(ret.lines.select_related("order_line", "product__category", "reason"))
    refunded, shipping_refunded = already_refunded(ret)
    start = engine_order(order, refunded, shipping_refunded)
    by_policy: dict[int, tuple] = {}
    skipped = []
    exchanges = exchanges_by_line(ret)
    for line in lines:
        line.exchange_row = exchanges.get(line.pk)
        line.refunded_units = refunded_units(line, line.exchange_row)  # exchanged units are not refunded
        if line.order_line_id is None or line.refunded_units <= 0:
            skipped.append(line)
            continue
        policy = policy_for(order, line.product)
        by_policy.setdefault(policy.pk, (policy, []))[1].append(line)
    groups = sorted(by_policy.values(), key=lambda g: g[0].pk)
    breakdown, valued = value_by_policy(start, groups, ret.refund_method, _engine_line)
    return breakdown, valued, skipped, [policy for policy, _lines in groups]


def value_by_policy(start: calc.Order, groups: list, method: str, to_engine) -> tuple[calc.RefundBreakdown, list]:
    """Value items grouped by the policy that applies to them: (breakdown, items in breakdown order).

    `groups` is [(ReturnPolicy, [item, …])] sorted by policy; an item has `.reason` (a ReasonCode)
    and `to_engine(item)` turns it into a calculation line. The refund of a return and the portal's
    estimate both value through here, so the two cannot drift apart.
    """
    if len(groups) <= 1:
        rules = engine_policy(groups[0][0]) if groups else calc.RefundPolicy()
        valued = list(groups[0][1]) if groups else []
        return calc.calculate_refund(start, [to_engine(item) for item in valued], rules, method), valued
    # Several policies: each group without shipping, seeing what the groups before it refunded;
    # the flat fee charged once; the shipping decided once over every line.
    state, parts, valued, fee_from = replace(start, shipping_amount=ZERO), [], [], _fee_policy(groups)
    for policy, group in groups:
        rules = engine_policy(policy)
        if policy.pk != fee_from:
            rules = replace(rules, return_fee_flat=ZERO)
        part = calc.calculate_refund(state, [to_engine(item) for item in group], rules, method)
        state = calc.apply_refund(state, part)
        parts.append(part)
        valued.extend(group)
    shipping, notes = _shipping_pass(start, [to_engine(item) for item in valued], [p for p, _g in groups])
    return _merge(parts, shipping, notes, method), valued


def order_before_new_return(order) -> calc.Order:
    """The order as a return not saved yet would see it: every earlier refund of it counted."""
    refunded, shipping_refunded = already_refunded(ReturnRequest(order=order))
    return engine_order(order, refunded, shipping_refunded)


def _skipped_line(line, zero: str) -> dict:
    if line.order_line_id is None:
        why = _("Found in the parcel but not part of the order: not refunded.")
    elif line.quantity_received <= 0:
        why = _("Not received: nothing to refund for this line.")
    elif getattr(line, "exchange_row", None) is not None and line.quantity_accepted > 0:
        why = exchanged_note(line.exchange_row, line.quantity_accepted)
    else:
        why = _("No unit accepted at inspection: nothing to refund for this line.")
    return {"return_line_id": line.pk, "order_line_id": line.order_line_id, "sku": line.product.sku,
            "product": line.product.name, "quantity": 0, "total": zero, "refunded": False, "explanations": [why]}


def _line_json(line, refund: calc.LineRefund) -> dict:
    ol = line.order_line
    return {
        "return_line_id": line.pk, "order_line_id": ol.pk, "sku": line.product.sku, "product": line.product.name,
        "odoo_product_id": line.product.odoo_product_id, "odoo_sale_line_id": ol.odoo_line_id,
        "quantity": int(refund.quantity), "unit_price": str(refund.unit_price), "tax_rate": str(ol.tax_rate),
        "reason": line.reason.label if line.reason else "", "grade": refund.grade,
        "gross": str(refund.gross), "grade_deduction_percent": str(refund.grade_deduction_percent),
        "grade_deduction": str(refund.grade_deduction),
        "restocking_fee_percent": str(refund.restocking_fee_percent), "restocking_fee": str(refund.restocking_fee),
        "return_fee_share": str(refund.return_fee_share), "untaxed": str(refund.untaxed), "tax": str(refund.tax),
        "total": str(refund.total), "capped": refund.capped, "fees_waived": refund.fees_waived, "refunded": True,
        "explanations": list(refund.explanations),
    }


def _to_json(ret, breakdown: calc.RefundBreakdown, valued, skipped, policies) -> dict:
    lines = [_line_json(line, refund) for line, refund in zip(valued, breakdown.lines, strict=True)]
    zero = str(breakdown.shipping.total - breakdown.shipping.total)  # 0 in the currency's minor unit
    lines += [_skipped_line(line, zero) for line in skipped]
    lines.sort(key=lambda line: line["return_line_id"])
    return {
        "rma_number": ret.rma_number, "currency": breakdown.currency, "method": str(breakdown.method),
        "lines": lines,
        "shipping": {k: str(getattr(breakdown.shipping, k)) for k in ("untaxed", "tax", "total")},
        "return_fee": str(breakdown.return_fee), "untaxed": str(breakdown.untaxed), "tax": str(breakdown.tax),
        "total": str(breakdown.total), "store_credit_bonus": str(breakdown.store_credit_bonus),
        "total_with_bonus": str(breakdown.total_with_bonus), "explanations": list(breakdown.explanations),
        "policies": sorted(p.name for p in policies), "calculated_at": timezone.now().isoformat(),
    }


def _compute(ret) -> dict:
    try:
        data = _to_json(ret, *calculate(ret))
        lines = list(ret.lines.select_related("order_line", "product"))
        return add_differences(data, difference_entries(ret, lines, exchanges_by_line(ret), data["currency"]))
    except (calc.RefundError, ValueError, TypeError) as error:
        # ValueError / TypeError: a policy with malformed percentages, which an agent can report.
        raise RefundNotPossible(str(error)) from None
    except ReturnPolicy.DoesNotExist as error:
        raise RefundNotPossible(str(error)) from None


# --- public API ----------------------------------------------------------------------------------
def frozen_refund(ret) -> Refund | None:
    return Refund.objects.filter(return_request_id=ret.pk, status__in=FROZEN_STATUSES).first()


def refund_breakdown(ret) -> dict:
    """The breakdown posted with the credit note: frozen once released, else calculated now.

    Raises RefundNotPossible (a 400 ReturnsError, so a release in progress is rolled back) when the
    inputs contradict each other: a credit note is never posted with figures nobody could explain.
    """
    frozen = frozen_refund(ret)
    if frozen is not None:
        return frozen.breakdown
    return _compute(ret)


def refund_preview(ret) -> dict:
    """For pages: the breakdown, or {"error": message} when it cannot be calculated."""
    try:
        return refund_breakdown(ret)
    except RefundNotPossible as error:
        return {"error": error.message, "currency": ret.order.currency, "method": ret.refund_method, "lines": []}


def _store(ret, data: dict | None, error: str = "") -> Refund:
    amounts = {k: (Decimal(data[k]) if data else None) for k in ("untaxed", "tax", "total", "store_credit_bonus")}
    refund, _created = Refund.objects.update_or_create(return_request=ret, defaults={
        "currency": ret.order.currency, "method": ret.refund_method, "breakdown": data or {}, "error": error[:500],
        "calculated_at": timezone.now(), **amounts,
    })
    return refund


def refund_update_amount(ret):
    """Recalculate and store the refund total where the release guards read it.

    Called at complete_inspection and before a release. A refund that cannot be calculated is stored
    as None with the reason, which keeps the release guards closed without blocking the inspection.
    A frozen (released) refund is never recalculated.
    """
    frozen = frozen_refund(ret)
    if frozen is not None:
        return ret.refund_amount
    with transaction.atomic():
        try:
            data = _compute(ret)
        except RefundNotPossible as error:
            _store(ret, None, error.message)
            ret.refund_amount = None
        else:
            _store(ret, data)
            ret.refund_amount = Decimal(data["total"])
        ret.save(update_fields=["refund_amount", "updated_at"])
    return ret.refund_amount


def refund_breakdown_for_customer(ret) -> dict | None:
    """What the customer may see of the refund: amounts and explanations, no internal ids or names.

    None until the inspection is complete (accepted quantities are not known before).
    """
    if ret.state not in PRICED_STATES:
        return None
    data = refund_preview(ret)
    if data.get("error"):
        return {"available": False, "currency": data["currency"], "method": data["method"],
                "message": _("The refund is being reviewed by our support team.")}
    keep = ("product", "quantity", "unit_price", "grade", "gross", "grade_deduction", "restocking_fee",
            "return_fee_share", "untaxed", "tax", "total", "refunded", "explanations")
    return {
        "available": True, "currency": data["currency"], "method": data["method"],
        "is_store_credit": data["method"] == calc.RefundMethod.STORE_CREDIT,
        "lines": [{k: line.get(k) for k in keep} for line in data["lines"]],
        "exchanges": [{k: e.get(k) for k in ("product", "replacement", "quantity", "total", "explanations")}
                      for e in data.get("exchanges", [])],
        "shipping": data["shipping"]["total"], "return_fee": data["return_fee"], "tax": data["tax"],
        "total": data["total"], "store_credit_bonus": data["store_credit_bonus"],
        "total_with_bonus": data["total_with_bonus"], "explanations": data["explanations"],
        "final": ret.state in (ReturnStatus.REFUND_APPROVED, ReturnStatus.REFUNDED, ReturnStatus.CLOSED),
    }


def allowed_methods(ret) -> list[str]:
    """Refund methods that every policy of the return's lines allows."""
    allowed = None
    for line in ret.lines.select_related("product"):
        methods = set(policy_for(ret.order, line.product).allowed_refund_methods or ())
        allowed = methods if allowed is None else allowed & methods
    return sorted(allowed or ())
