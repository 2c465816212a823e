"""The policy rule chain: each rule passes, rejects or asks for review with a readable reason."""
from decimal import Decimal

import pytest

from returns import policy
from returns.choices import ReturnStatus
from returns.errors import PolicyRejected
from returns.models import ReturnPolicy
from tests.factories import create_return, make_customer, make_order, make_product

pytestmark = pytest.mark.django_db


def outcomes(order, quantities, **kwargs):
    lines = [policy.RequestedLine(line, qty) for line, qty in quantities.items()]
    return {r.rule: r.outcome for r in policy.evaluate(order, lines, **kwargs)}


def test_everything_within_policy_passes(alice_order):
    result = outcomes(alice_order, {alice_order.lines.first(): 1})
    assert set(result.values()) == {"pass"}


def test_outside_the_window_rejects_unless_an_exception_is_asked(alice, catalogue):
    order = make_order(alice, [(make_product(), 1, "10.00")], delivered_days_ago=31)
    line = order.lines.get()
    assert outcomes(order, {line: 1})["return_window"] == "reject"
    assert outcomes(order, {line: 1}, exception_requested=True)["return_window"] == "review"


def test_a_category_policy_overrides_the_default_window(alice, catalogue):
    ReturnPolicy.objects.create(name="Electronics", category=catalogue["electronics"], window_days=14)
    gadget = make_product(category="electronics")
    order = make_order(alice, [(gadget, 1, "100.00")], delivered_days_ago=20)
    assert outcomes(order, {order.lines.get(): 1})["return_window"] == "reject"
    shirt_order = make_order(alice, [(make_product(), 1, "10.00")], delivered_days_ago=20)
    assert outcomes(shirt_order, {shirt_order.lines.get(): 1})["return_window"] == "pass"


def test_final_sale_rejects_and_can_be_excepted(alice, catalogue):
    order = make_order(alice, [(make_product(final_sale=True), 1, "10.00")])
    line = order.lines.get()
    assert outcomes(order, {line: 1})["final_sale"] == "reject"
    ret = create_return(order, alice.user, exception_message="It arrived broken")
    assert ret.state == ReturnStatus.PENDING_APPROVAL


def test_undelivered_items_cannot_be_returned_even_by_exception(alice, catalogue):
    order = make_order(alice, [(make_product(), 1, "10.00")], delivered_days_ago=None)
    with pytest.raises(PolicyRejected, match="not been delivered"):
        create_return(order, alice.user, {order.lines.get(): 1}, exception_message="please")


def test_high_value_returns_wait_for_approval(alice, catalogue):
    order = make_order(alice, [(make_product(), 1, "900.00")])  # 1089.00 incl. 21% tax > 1000
    ret = create_return(order, alice.user)
    assert ret.state == ReturnStatus.PENDING_APPROVAL
    review = [r for r in ret.policy_results if r["rule"] == "value_threshold"][0]
    assert review["outcome"] == "review" and "1089.00 EUR" in review["message"]


def test_blocklisted_customers_wait_for_review(catalogue):
    carol = make_customer("carol", blocked=True)
    order = make_order(carol, [(make_product(), 1, "10.00")])
    ret = create_return(order, carol.user)
    assert ret.state == ReturnStatus.PENDING_APPROVAL
    assert any(r["rule"] == "customer_blocklist" and "Many returns" in r["message"] for r in ret.policy_results)


def test_returnable_quantity_subtracts_live_returns_only(alice_order, alice, sam):
    from returns.services.lifecycle import return_cancel

    line = alice_order.lines.first()
    ret = create_return(alice_order, alice.user, {line: 1})
    assert policy.returnable_quantity(line) == 1
    return_cancel(return_id=ret.pk, actor=sam)
    assert policy.returnable_quantity(line) == 2
    assert Decimal(line.unit_price_incl_tax) == Decimal("24.20")
