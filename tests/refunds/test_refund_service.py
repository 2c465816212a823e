"""The refund service on real models: orders, returns, inspections and policies on PostgreSQL.

Every expected amount is worked out in the case's comment. Orders of `order_for` are taxed 21 %
(shipping 4.95 + 1.04 = 5.99) unless the case says otherwise.
"""
from dataclasses import dataclass, field
from decimal import Decimal as D

import pytest

from refunds.models import Refund, RefundStatus, StoreCredit
from refunds.services import (already_refunded, refund_breakdown, refund_breakdown_for_customer, refund_preview,
                              refund_update_amount)
from returns.choices import ReturnStatus
from returns.errors import TransitionGuardFailed
from returns.models import ReturnPolicy, SalesOrderLine
from returns.services.lifecycle import return_mark_refunded, return_release_refund
from tests.factories import make_order, make_product
from tests.support.builders import default_policy, inspected_return, released_return

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    lines: list[tuple[int, str]]  # (units ordered, unit price) per order line
    returned: list[int]  # units requested (and received) per order line
    total: str
    reason: str = "changed_mind"
    grades: list[str] = field(default_factory=list)  # per order line, default A
    accepted: list[int] | None = None  # per order line, default all received
    policy: dict = field(default_factory=dict)
    shipping: str = "0.00"
    currency: str = "EUR"
    line_totals: list[str] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)


CASES = [
    # 2 × 20.00 + 60.00 = 100.00 + 21 % = 121.00; changed mind: no shipping back.
    pytest.param(Case([(2, "20.00"), (1, "60.00")], [2, 1], "121.00", line_totals=["48.40", "72.60"]), id="full"),
    # 1 of 2 T-shirts: 20.00 + 4.20 = 24.20.
    pytest.param(Case([(2, "20.00"), (1, "60.00")], [1, 0], "24.20"), id="partial-quantity"),
    # requested 2, accepted 1 at inspection: 24.20.
    pytest.param(Case([(2, "20.00")], [2], "24.20", accepted=[1]), id="partial-acceptance"),
    # 10 % restocking fee: 40.00 - 4.00 = 36.00 + 7.56 = 43.56.
    pytest.param(Case([(2, "20.00")], [2], "43.56", policy={"restocking_fee_percent": D("10")},
                      explanations=["Restocking fee 10%: -4.00 EUR."]), id="restocking-fee"),
    # Defective is the retailer's fault: fee waived, 40.00 + 8.40 = 48.40, shipping 5.99 back: 54.39.
    pytest.param(Case([(2, "20.00")], [2], "54.39", reason="defective", grades=["F"], shipping="5.99",
                      policy={"restocking_fee_percent": D("10")},
                      explanations=["Restocking fee 10% waived: the reason (Defective) is the retailer's fault."]),
                 id="fee-waived-retailer-fault"),
    # Grade D deducts 50 %: 40.00 - 20.00 = 20.00 + 4.20 = 24.20.
    pytest.param(Case([(2, "20.00")], [2], "24.20", grades=["D"],
                      explanations=["Grade D (damaged) deduction 50%: -20.00 EUR."]), id="damage-deduction"),
    # Grade C 15 % then 10 % fee: 60.00 - 9.00 = 51.00 - 5.10 = 45.90 + 9.64 (9.639) = 55.54.
    pytest.param(Case([(1, "60.00")], [1], "55.54", grades=["C"], policy={"restocking_fee_percent": D("10")}),
                 id="deduction-then-fee"),
    # Policy always refunds shipping: 60.00 + 12.60 = 72.60 + 5.99 = 78.59.
    pytest.param(Case([(1, "60.00")], [1], "78.59", shipping="5.99", policy={"refund_shipping": "always"}),
                 id="shipping-always"),
    # Whole order returned under full_return: 121.00 + 5.99 = 126.99.
    pytest.param(Case([(2, "20.00"), (1, "60.00")], [2, 1], "126.99", shipping="5.99",
                      policy={"refund_shipping": "full_return"}), id="shipping-full-return"),
    # Flat fee 5.00 per return, spread 40:60 over the lines: 100.00 - 5.00 = 95.00 + 19.95 = 114.95.
    pytest.param(Case([(2, "20.00"), (1, "60.00")], [2, 1], "114.95", policy={"restocking_fee_flat": D("5.00")},
                      line_totals=["45.98", "68.97"]), id="flat-return-fee"),
    # JPY, 0 decimals, 10 % tax: 1500 - 15 % (225) = 1275 + 127.5 → 128 = 1403.
    pytest.param(Case([(2, "1500")], [1], "1403", grades=["C"], currency="JPY",
                      policy={"approval_value_threshold": D("100000")}), id="jpy-rounding"),
]


def order_for(customer, case: Case):
    products = [make_product() for _ in case.lines]
    order = make_order(customer, [(p, qty, price) for p, (qty, price) in zip(products, case.lines, strict=True)],
                       currency=case.currency)
    if case.currency == "JPY":
        order.shipping_amount, order.shipping_tax_rate = D("500"), D("0.10")
        order.save()
        order.lines.update(tax_rate=D("0.10"))
    return order


@pytest.mark.parametrize("case", CASES)
def test_refund_table(case, alice, ivan):
    if case.policy:
        default_policy(**case.policy)
    order = order_for(alice, case)
    order_lines = list(order.lines.all())
    quantities = {ol: units for ol, units in zip(order_lines, case.returned, strict=True) if units}
    grades = dict(zip(order_lines, case.grades, strict=False))
    accepted = dict(zip(order_lines, case.accepted, strict=True)) if case.accepted else None
    ret = inspected_return(order, alice.user, ivan, quantities, reason=case.reason, grades=grades, accepted=accepted)

    data = refund_breakdown(ret)
    assert data["currency"] == case.currency
    assert data["total"] == case.total
    assert data["shipping"]["total"] == (case.shipping if case.currency != "JPY" else "0")
    assert ret.refund_amount == D(case.total)
    refunded = [line for line in data["lines"] if line["refunded"]]
    if case.line_totals:
        assert [line["total"] for line in refunded] == case.line_totals
    assert sum((D(line["total"]) for line in data["lines"]), D(data["shipping"]["total"])) == D(data["total"])
    for text in case.explanations:
        notes = [note for line in data["lines"] for note in line["explanations"]] + data["explanations"]
        assert any(text in note for note in notes), text
    stored = Refund.objects.get(return_request=ret)
    assert stored.status == RefundStatus.CALCULATED and stored.total == D(case.total) and not stored.error


def test_an_earlier_return_counts_as_already_refunded(alice, ivan, sam):
    """Two returns of one T-shirt each from a line of 2, both defective: shipping goes back once."""
    order = make_order(alice, [(make_product(), 2, "20.00")])
    line = order.lines.get()
    first = released_return(order, alice.user, ivan, sam, {line: 1}, reason="defective", grades={line: "F"})
    assert first.state == ReturnStatus.REFUND_APPROVED
    assert refund_breakdown(first)["total"] == "30.19"  # 24.20 + shipping 5.99
    assert Refund.objects.get(return_request=first).status == RefundStatus.RELEASED

    second = inspected_return(order, alice.user, ivan, {line: 1}, reason="defective", grades={line: "F"})
    refunded, shipping = already_refunded(second)
    assert refunded == {str(line.pk): (D(1), D("24.20"))} and shipping == D("5.99")
    data = refund_breakdown(second)
    assert data["total"] == "24.20" and data["shipping"]["total"] == "0.00"
    assert "Original shipping not refunded: it has already been refunded." in data["explanations"]


def test_earlier_over_refund_caps_the_next_one(alice, ivan, sam):
    """A first refund released for 24.20 then the price is corrected down: the cap absorbs it."""
    order = make_order(alice, [(make_product(), 2, "20.00")])
    line = order.lines.get()
    released_return(order, alice.user, ivan, sam, {line: 1})
    SalesOrderLine.objects.filter(pk=line.pk).update(unit_price=D("15.00"))  # paid 2 × 15 × 1.21 = 36.30
    second = inspected_return(order, alice.user, ivan, {line: 1})
    data = refund_breakdown(second)
    assert data["total"] == "12.10"  # 36.30 - 24.20 still refundable, below 15.00 + 3.15
    assert data["lines"][0]["capped"] is True


def test_more_units_than_invoiced_blocks_the_release_with_a_reason(alice, ivan, sam):
    order = make_order(alice, [(make_product(), 2, "20.00")])
    ret = inspected_return(order, alice.user, ivan)
    SalesOrderLine.objects.filter(order=order).update(quantity_invoiced=1)
    assert refund_update_amount(ret) is None
    stored = Refund.objects.get(return_request=ret)
    assert "only 1 unit(s) are still refundable" in stored.error
    assert "only 1 unit(s)" in refund_preview(ret)["error"]
    with pytest.raises(TransitionGuardFailed):  # the guards read a refund_amount of None
        return_release_refund(return_id=ret.pk, actor=sam)


def test_multi_policy_return_values_each_line_under_its_own_policy(alice, ivan, catalogue):
    """Electronics charge 10 %, apparel nothing; the flat 2.00 fee is charged once."""
    ReturnPolicy.objects.create(name="Electronics", category=catalogue["electronics"],
                                restocking_fee_percent=D("10"), restocking_fee_flat=D("2.00"))
    default_policy(restocking_fee_flat=D("2.00"))
    phone = make_product(category="electronics")
    order = make_order(alice, [(make_product(), 1, "20.00"), (phone, 1, "100.00")])
    ret = inspected_return(order, alice.user, ivan)
    data = refund_breakdown(ret)
    shirt, gadget = data["lines"]
    assert D(shirt["restocking_fee"]) == 0 and D(gadget["restocking_fee"]) == D("10.00")
    assert D(data["return_fee"]) == D("2.00")
    assert sorted(data["policies"]) == ["Default", "Electronics"]
    # 20.00 + 90.00 - 2.00 = 108.00 untaxed; tax per line, 2.00 fee sits on one group only.
    assert D(data["untaxed"]) == D("108.00")


def test_multi_policy_shipping_is_decided_once_over_every_line(alice, ivan, catalogue):
    """A defective gadget (our fault) and a T-shirt the customer did not want: one shipping refund, one reason."""
    from returns.models import ReasonCode, ReturnLine

    ReturnPolicy.objects.create(name="Electronics", category=catalogue["electronics"], restocking_fee_percent=D("10"))
    order = make_order(alice, [(make_product(), 1, "20.00"), (make_product(category="electronics"), 1, "100.00")])
    ret = inspected_return(order, alice.user, ivan)
    gadget = ReturnLine.objects.get(request=ret, product__category__code="electronics")
    ReturnLine.objects.filter(pk=gadget.pk).update(reason=ReasonCode.objects.get(code="defective"))
    refund_update_amount(ret)
    data = refund_breakdown(ret)
    shipping_notes = [n for n in data["explanations"] if "shipping" in n]
    assert shipping_notes == ["Original shipping refunded: the reason (Defective) is the retailer's fault."]
    assert data["shipping"]["total"] == "5.99"
    # 24.20 (T-shirt) + 121.00 (gadget, fee waived) + 5.99 shipping
    assert data["total"] == "151.19" and ret.refund_amount == D("151.19")


def test_store_credit_is_shown_and_booked_when_refunded(alice, ivan, sam, system_user):
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = released_return(order, alice.user, ivan, sam, refund_method="store_credit")
    customer_view = refund_breakdown_for_customer(ret)
    assert customer_view["is_store_credit"] and customer_view["total"] == "24.20" and customer_view["final"]
    assert "order_line_id" not in customer_view["lines"][0]
    return_mark_refunded(return_id=ret.pk, actor=system_user, credit_note_name="RINV/1")
    credit = StoreCredit.objects.get(return_request=ret)
    assert credit.amount == D("24.20") and credit.customer == alice
    assert Refund.objects.get(return_request=ret).status == RefundStatus.REFUNDED


def test_a_method_the_policy_does_not_allow_is_refused(alice, ivan):
    default_policy(allowed_refund_methods=["original_payment"])
    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = inspected_return(order, alice.user, ivan, refund_method="store_credit")
    assert ret.refund_amount is None
    assert "not allowed by the return policy" in refund_preview(ret)["error"]
    assert refund_breakdown_for_customer(ret)["available"] is False


def test_the_customer_sees_nothing_before_inspection(alice, alice_order):
    from tests.factories import create_return

    ret = create_return(alice_order, alice.user)
    assert refund_breakdown_for_customer(ret) is None


def test_the_released_breakdown_is_frozen_and_posted(alice, ivan, sam):
    from integrations.models import OdooPosting, PostingKind

    order = make_order(alice, [(make_product(), 1, "20.00")])
    ret = released_return(order, alice.user, ivan, sam)
    posting = OdooPosting.objects.get(request=ret, kind=PostingKind.CREDIT_NOTE)
    assert posting.payload["expected_total"] == "24.20"
    assert posting.payload["lines"][0]["price_unit"] == "20.00"
    frozen = refund_breakdown(ret)
    SalesOrderLine.objects.filter(order=order).update(unit_price=D("99.00"))
    assert refund_breakdown(ret) == frozen and frozen["total"] == "24.20"  # later changes do not move it
