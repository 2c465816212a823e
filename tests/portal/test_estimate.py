"""The estimate on the review page is calculated like the real refund: what earlier returns of the
order already refunded (items and shipping, released or confirmed) and a flat fee charged once per
return count the same, so a customer who describes the condition right sees the amount they get."""
import re
from decimal import Decimal

import pytest

from portal.estimate import Item, estimate_refund
from refunds.services import refund_breakdown
from returns.models import ReasonCode, ReturnPolicy, ReturnRequest
from returns.policy import policy_for
from returns.services import lifecycle as lc
from tests.factories import create_return, inspect_all, make_order, make_product, receive_all
from tests.portal.helpers import choose_items, lookup, send

pytestmark = pytest.mark.django_db


def estimated_total(client, order) -> str:
    page = client.get(f"/portal/orders/{order.number}/review/").content.decode()
    assert "Estimated refund" in page and "This is an estimate" in page
    return re.search(r'<dt class="total">Estimated total</dt><dd class="total">([\d.]+) EUR</dd>', page).group(1)


def request_through_the_portal(client, order, lines, reason):
    lookup(client, order, email=order.customer.email)
    assert choose_items(client, order, lines, reason=reason, condition="unopened").status_code == 302
    estimate = estimated_total(client, order)
    assert send(client, order).status_code == 302
    return estimate, ReturnRequest.objects.filter(order=order).latest("created_at")


def real_total(ret, ivan) -> str:
    receive_all(ret, ivan)
    inspect_all(ret, ivan, grade="A")  # what "unopened" suggests
    return refund_breakdown(ret)["total"]


@pytest.mark.parametrize("earlier_state", ["refund_approved", "refunded"])
def test_an_earlier_refund_of_the_shipping_is_not_estimated_again(client, alice, alice_order, ivan, sam, system_user,
                                                                  media, earlier_state):
    tshirt_line = alice_order.lines.get(product__sku="TSHIRT-M")
    earlier = create_return(alice_order, alice.user, {tshirt_line: 1}, reason="defective")
    receive_all(earlier, ivan)
    inspect_all(earlier, ivan, grade="F", disposition="vendor_return")
    lc.return_release_refund(return_id=earlier.pk, actor=sam)
    if earlier_state == "refunded":
        lc.return_mark_refunded(return_id=earlier.pk, actor=system_user)
    earlier.refresh_from_db()
    assert earlier.state == earlier_state
    assert refund_breakdown(earlier)["shipping"]["total"] == "5.99"

    # The second T-shirt, also the shop's fault: its price, but the shipping was refunded already.
    estimate, ret = request_through_the_portal(client, alice_order, {tshirt_line: 1}, "wrong_item")
    assert estimate == "24.20"
    assert real_total(ret, ivan) == estimate


def test_the_flat_fee_is_estimated_once_for_items_under_two_policies(client, alice, catalogue, ivan, media):
    ReturnPolicy.objects.filter(name="Default").update(restocking_fee_flat=Decimal("2.00"))
    ReturnPolicy.objects.create(name="Electronics", category=catalogue["electronics"], window_days=30,
                                restocking_fee_percent=Decimal("15"), restocking_fee_flat=Decimal("5.00"))
    shirt, radio = make_product("SHIRT-L"), make_product("RADIO-1", category="electronics")
    order = make_order(alice, [(shirt, 1, "20.00"), (radio, 1, "100.00")])
    lines = {line: 1 for line in order.lines.all()}

    estimate, ret = request_through_the_portal(client, order, lines, "changed_mind")
    # Shirt 20.00 − 2.00 return fee = 18.00; radio 100.00 − 15 % = 85.00; +21 % tax each: 21.78 + 102.85.
    assert estimate == "124.63"
    assert real_total(ret, ivan) == estimate


def test_the_estimate_uses_the_described_condition_and_stays_an_estimate(alice, alice_order, catalogue):
    ReturnPolicy.objects.filter(name="Default").update(grade_deductions={"C": "20"})
    line = alice_order.lines.get(product__sku="JEANS-32")
    reason = ReasonCode.objects.get(code="changed_mind")
    policies = {line.pk: policy_for(alice_order, line.product)}
    used = estimate_refund(alice_order, [Item(line, 1, reason, "used")], policies, "original_payment")
    unopened = estimate_refund(alice_order, [Item(line, 1, reason, "unopened")], policies, "original_payment")
    assert (used.total, unopened.total) == (Decimal("58.08"), Decimal("72.60"))  # 48.00 or 60.00 + 21 %
    assert used.from_calculation and used.lines[0].deductions == Decimal("14.52")
    # A policy that allows no refund method cannot be calculated: prices paid, said to be so.
    ReturnPolicy.objects.filter(name="Default").update(allowed_refund_methods=[])
    policies = {line.pk: policy_for(alice_order, line.product)}
    fallback = estimate_refund(alice_order, [Item(line, 1, reason, "used")], policies, "original_payment")
    assert not fallback.from_calculation and fallback.total == Decimal("72.60")
