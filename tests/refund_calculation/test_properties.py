"""Properties of the refund calculation over random orders, returns and policies (hypothesis).

The paid amounts are recomputed here from the order data the way an invoice is (untaxed rounded,
then each tax rounded per line), independently of the module's private helpers.
"""
from __future__ import annotations

from dataclasses import fields
from decimal import Decimal as D

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refunds.calculation import (
    Order,
    OrderLine,
    RefundBreakdown,
    RefundPolicy,
    ReturnLine,
    apply_refund,
    calculate_refund,
)
from refunds.money import CURRENCY_EXPONENTS, quantize

# database=None: no example database written into the shared work tree; deadline=None: CI machines vary.
PROPERTY_SETTINGS = settings(max_examples=250, deadline=None, database=None,
                             suppress_health_check=[HealthCheck.too_slow])
CURRENCIES = ["EUR", "USD", "JPY", "KRW", "KWD", "BHD", "CHF"]
TAX_RATES = [D(r) for r in ("0", "0.025", "0.05", "0.055", "0.07", "0.09975", "0.1", "0.15", "0.19", "0.2", "0.25")]
REASONS = [("Defective", True), ("Wrong item", True), ("Damaged in transit", True),
           ("Changed mind", False), ("No longer needed", False)]


def paid_incl_tax(untaxed_exact: D, rates, exponent: int) -> D:
    untaxed = quantize(untaxed_exact, exponent)
    return untaxed + sum((quantize(untaxed * rate, exponent) for rate in rates), D(0))


def paid_for_line(line: OrderLine, exponent: int) -> D:
    return paid_incl_tax(line.unit_price * line.quantity_invoiced, line.tax_rates, exponent)


def paid_for_shipping(order: Order, exponent: int) -> D:
    return paid_incl_tax(order.shipping_amount, order.shipping_tax_rates, exponent)


def money(exponent: int, high: int, extra_digits: int = 0):
    """Amounts in minor units, optionally with the extra digits of Odoo's product price precision."""
    scale = exponent + extra_digits
    return st.integers(0, high * 10**scale).map(lambda n: D(n).scaleb(-scale))


@st.composite
def orders(draw, *, fresh: bool = False):
    """An order; unless `fresh`, with earlier refunds, consistent or not (manual refunds happen)."""
    currency = draw(st.sampled_from(CURRENCIES))
    exponent = CURRENCY_EXPONENTS[currency]
    lines = []
    for number in range(draw(st.integers(1, 4))):
        price = draw(money(exponent, 2000, extra_digits=draw(st.sampled_from([0, 0, 1, 2]))))
        quantity = draw(st.integers(1, 12))
        rates = tuple(draw(st.lists(st.sampled_from(TAX_RATES), max_size=3)))
        refunded_qty = 0 if fresh else draw(st.integers(0, quantity))
        paid = paid_incl_tax(price * quantity, rates, exponent)
        # Refunded amount: 0..120 % of what was paid, so over-refunded lines are exercised too.
        refunded = D(0) if fresh else quantize(paid * draw(st.integers(0, 120)) / 100, exponent)
        lines.append(OrderLine(f"L{number}", price, D(quantity), rates, D(refunded_qty), refunded))
    shipping = draw(money(exponent, 50))
    shipping_rates = tuple(draw(st.lists(st.sampled_from(TAX_RATES), max_size=2)))
    shipping_paid = paid_incl_tax(shipping, shipping_rates, exponent)
    shipping_refunded = D(0) if fresh else quantize(shipping_paid * draw(st.integers(0, 120)) / 100, exponent)
    return Order(currency, tuple(lines), shipping, shipping_rates, shipping_refunded)


@st.composite
def return_lines(draw, order: Order, *, all_of_it: bool = False):
    """Return lines within what is still refundable; a line may be split over two grades."""
    result = []
    for line in order.lines:
        left = int(line.quantity_invoiced - line.already_refunded_quantity)
        quantity = left if all_of_it else draw(st.integers(0, left))
        parts = [quantity] if quantity < 2 or not draw(st.booleans()) else [1, quantity - 1]
        for part in parts:
            reason, fault = draw(st.sampled_from(REASONS))
            grade = draw(st.sampled_from("ABCDF"))
            if quantity or draw(st.booleans()):  # a line with nothing accepted appears now and then
                result.append(ReturnLine(line.line_id, D(part), grade, reason, fault))
    return result


@st.composite
def policies(draw, exponent: int):
    percent = st.integers(0, 10000).map(lambda n: D(n).scaleb(-2))  # 0.00 .. 100.00
    low = draw(st.none() | money(exponent, 20))
    high = draw(st.none() | money(exponent, 40))
    if low is not None and high is not None and low > high:
        low, high = high, low
    return RefundPolicy(
        restocking_fee_percent=draw(percent),
        restocking_fee_min=low,
        restocking_fee_max=high,
        return_fee_flat=draw(st.just(D(0)) | money(exponent, 30)),
        grade_deduction_percent={grade: draw(percent) for grade in draw(st.sets(st.sampled_from("ABCDF")))},
        refund_shipping=draw(st.sampled_from(["never", "retailer_fault", "full_return", "always"])),
        store_credit_bonus_percent=draw(percent),
    )


@st.composite
def refunds(draw, *, fresh: bool = False):
    order = draw(orders(fresh=fresh))
    policy = draw(policies(CURRENCY_EXPONENTS[order.currency]))
    method = draw(st.sampled_from(["original_payment", "store_credit"]))
    return order, draw(return_lines(order)), policy, method


def amounts(result: RefundBreakdown):
    """Every money amount of a breakdown, with a name for failure messages."""
    named = [(f.name, getattr(result, f.name)) for f in fields(result) if isinstance(getattr(result, f.name), D)]
    named += [(f"shipping.{f.name}", getattr(result.shipping, f.name)) for f in fields(result.shipping)]
    for index, line in enumerate(result.lines):
        named += [(f"lines[{index}].{name}", getattr(line, name)) for name in (
            "gross", "grade_deduction", "restocking_fee", "return_fee_share", "untaxed", "tax", "total")]
    return named


@PROPERTY_SETTINGS
@given(refunds())
def test_refund_never_exceeds_what_is_still_refundable(case):
    """Per order line and in total, the refund (bonus aside) stays within paid minus already refunded."""
    order, returns, policy, method = case
    exponent = CURRENCY_EXPONENTS[order.currency]

    result = calculate_refund(order, returns, policy, method)

    refundable = {line.line_id: max(paid_for_line(line, exponent) - line.already_refunded_amount, D(0))
                  for line in order.lines}
    refunded: dict[str, D] = {}
    for line in result.lines:
        refunded[line.order_line_id] = refunded.get(line.order_line_id, D(0)) + line.total
    for line_id, total in refunded.items():
        assert total <= refundable[line_id], line_id
    shipping_refundable = max(paid_for_shipping(order, exponent) - order.shipping_already_refunded, D(0))
    assert result.shipping.total <= shipping_refundable
    assert result.total <= sum((refundable[i] for i in refunded), D(0)) + shipping_refundable


@PROPERTY_SETTINGS
@given(refunds())
def test_fees_and_deductions_only_ever_lower_the_refund(case):
    """No line refunds more than its units would be worth with no fee, deduction or cap."""
    order, returns, policy, method = case
    exponent = CURRENCY_EXPONENTS[order.currency]
    by_id = {line.line_id: line for line in order.lines}

    result = calculate_refund(order, returns, policy, method)

    for line in result.lines:
        assert line.total <= paid_incl_tax(line.gross, by_id[line.order_line_id].tax_rates, exponent)


@PROPERTY_SETTINGS
@given(refunds())
def test_amounts_are_never_negative_and_rounded_to_the_currency(case):
    """Every amount is >= 0 and carries exactly the currency's number of decimals."""
    order, returns, policy, method = case
    exponent = CURRENCY_EXPONENTS[order.currency]

    result = calculate_refund(order, returns, policy, method)

    for name, amount in amounts(result):
        assert amount >= 0, name
        assert amount.as_tuple().exponent == -exponent, (name, amount)


@PROPERTY_SETTINGS
@given(refunds())
def test_totals_add_up(case):
    """The return totals are the sums of the lines and the shipping; bonus only with store credit."""
    order, returns, policy, method = case

    result = calculate_refund(order, returns, policy, method)

    assert result.untaxed == sum((line.untaxed for line in result.lines), result.shipping.untaxed)
    assert result.tax == sum((line.tax for line in result.lines), result.shipping.tax)
    assert result.total == result.untaxed + result.tax
    assert all(line.total == line.untaxed + line.tax for line in result.lines)
    assert result.return_fee == sum((line.return_fee_share for line in result.lines), D(0))
    assert result.total_with_bonus == result.total + result.store_credit_bonus
    if method == "original_payment":
        assert result.store_credit_bonus == 0


@PROPERTY_SETTINGS
@given(st.data())
def test_two_successive_refunds_never_exceed_the_original_payment(data):
    """Refunding part of an order, then the rest, never gives back more than was paid in all."""
    order = data.draw(orders(fresh=True))
    exponent = CURRENCY_EXPONENTS[order.currency]
    policy = data.draw(policies(exponent))
    paid = sum((paid_for_line(line, exponent) for line in order.lines), paid_for_shipping(order, exponent))

    first = calculate_refund(order, data.draw(return_lines(order)), policy)
    after_first = apply_refund(order, first)
    second = calculate_refund(after_first, data.draw(return_lines(after_first, all_of_it=True)), policy)
    after_second = apply_refund(after_first, second)

    assert first.total >= 0 and second.total >= 0
    assert first.total + second.total <= paid
    for line in after_second.lines:
        assert line.already_refunded_quantity == line.quantity_invoiced
        assert line.already_refunded_amount <= paid_for_line(line, exponent)
    assert after_second.shipping_already_refunded <= paid_for_shipping(order, exponent)


@PROPERTY_SETTINGS
@given(st.data())
def test_returning_everything_without_fees_refunds_what_was_paid_to_within_rounding(data):
    """With no fee, no deduction and shipping always refunded, two returns give back all that was paid,
    less at most a few minor units of rounding."""
    order = data.draw(orders(fresh=True))
    exponent = CURRENCY_EXPONENTS[order.currency]
    policy = RefundPolicy(refund_shipping="always")
    paid = sum((paid_for_line(line, exponent) for line in order.lines), paid_for_shipping(order, exponent))

    first = calculate_refund(order, data.draw(return_lines(order)), policy)
    after_first = apply_refund(order, first)
    second = calculate_refund(after_first, data.draw(return_lines(after_first, all_of_it=True)), policy)

    # The cap stops any over-refund; rounding the parts separately may leave a few minor units
    # unrefunded: at most one per rounded amount (untaxed and each tax) per part, and a line is
    # refunded in at most four parts here (two returns, each with up to two grades).
    shortfall = paid - (first.total + second.total)
    worst = D(sum(4 * (len(line.tax_rates) + 1) for line in order.lines)).scaleb(-exponent)
    assert 0 <= shortfall <= worst
