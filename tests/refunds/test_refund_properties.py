"""The service-level guarantee over random inspections, through the real models (hypothesis).

Whatever the grades, accepted quantities, reasons and policy: the lines and shipping add up to the
total, the total never exceeds what was paid, the stored refund amount is that total, and the
retailer's fault never costs the customer a fee or a deduction. The calculation itself has its
own, much larger property suite in tests/refund_calculation.
"""
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refunds.services import refund_breakdown
from tests.factories import make_order, make_product
from tests.support.builders import default_policy, inspected_return

pytestmark = pytest.mark.django_db

LINE = st.tuples(st.integers(1, 3), st.sampled_from(["9.99", "20.00", "33.33", "120.00"]),
                 st.sampled_from("ABCDF"), st.floats(0, 1))


@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(lines=st.lists(LINE, min_size=1, max_size=3), fault=st.booleans(),
       fee=st.sampled_from([D("0"), D("10"), D("25")]), flat=st.sampled_from([D("0"), D("3.00")]),
       shipping=st.sampled_from(["never", "retailer_fault", "full_return", "always"]))
def test_refund_service_invariants(alice, ivan, lines, fault, fee, flat, shipping):
    default_policy(restocking_fee_percent=fee, restocking_fee_flat=flat, refund_shipping=shipping)
    order = make_order(alice, [(make_product(), qty, price) for qty, price, _g, _a in lines])
    order_lines = list(order.lines.all())
    grades = {ol: grade for ol, (_q, _p, grade, _a) in zip(order_lines, lines, strict=True)}
    accepted = {ol: round(share * ol.quantity_delivered)
                for ol, (_q, _p, _g, share) in zip(order_lines, lines, strict=True)}
    ret = inspected_return(order, alice.user, ivan, reason="defective" if fault else "changed_mind",
                           grades=grades, accepted=accepted)

    data = refund_breakdown(ret)
    total = D(data["total"])
    assert sum((D(line["total"]) for line in data["lines"]), D(data["shipping"]["total"])) == total
    paid = sum((ol.unit_price * ol.quantity_invoiced * (1 + ol.tax_rate)).quantize(D("0.01")) for ol in order_lines)
    paid += (order.shipping_amount * (1 + order.shipping_tax_rate)).quantize(D("0.01"))
    assert D(0) <= total <= paid
    assert ret.refund_amount == total
    if fault:
        assert all(D(line.get(k, "0")) == 0 for line in data["lines"]
                   for k in ("grade_deduction", "restocking_fee", "return_fee_share"))
    if not any(accepted.values()):
        assert total == 0
