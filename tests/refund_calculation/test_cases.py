"""Refund amounts for hand-computed cases: every expected amount is worked out in the comments.

Run without Django: `python -m pytest -p no:django tests/refund_calculation`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal as D

import pytest

from refunds.calculation import (
    CurrencyMismatch,
    InvalidRefundInput,
    Order,
    OrderLine,
    RefundExceedsPaid,
    RefundMethodNotAllowed,
    RefundPolicy,
    ReturnLine,
    UnknownCurrency,
    apply_refund,
    calculate_refund,
)

GRADES = {"A": 0, "B": 0, "C": 15, "D": 50, "F": 0}
NO_FEES = RefundPolicy(refund_shipping="never")
STANDARD = RefundPolicy(restocking_fee_percent=D(10), grade_deduction_percent=GRADES, refund_shipping="never")


def order(*lines, currency="EUR", shipping="0", shipping_rates=(), shipping_refunded="0"):
    return Order(currency, lines, D(shipping), tuple(D(r) for r in shipping_rates), D(shipping_refunded))


def line(line_id, price, qty, *rates, refunded_qty=0, refunded_amount="0", currency=None):
    return OrderLine(line_id, D(price), D(qty), tuple(D(r) for r in rates), D(refunded_qty), D(refunded_amount),
                     currency=currency)


def changed_mind(line_id, qty, grade="A"):
    return ReturnLine(line_id, D(qty), grade, "Changed mind", retailer_fault=False)


def defective(line_id, qty, grade="F"):
    return ReturnLine(line_id, D(qty), grade, "Defective", retailer_fault=True)


# 3 x 40.00 at 20 % VAT: paid 120.00 + 24.00 = 144.00. Shipping 4.90 + 20 % = 4.90 + 0.98 = 5.88.
JACKET = line("L1", "40.00", 3, "0.20")
SHIPPED = {"shipping": "4.90", "shipping_rates": ["0.20"]}


@dataclass
class Expected:
    lines: list[tuple[str, str, str]]  # (untaxed, tax, total) per return line
    total: str
    shipping: tuple[str, str, str] = ("0.00", "0.00", "0.00")
    bonus: str = "0.00"
    capped: list[bool] = field(default_factory=list)  # per line; empty means none capped
    explanations: list[str] = field(default_factory=list)  # each must appear in all_explanations()


CASES = [
    pytest.param(order(JACKET), [changed_mind("L1", 3)], NO_FEES, "original_payment",
                 Expected([("120.00", "24.00", "144.00")], "144.00"), id="full-return-of-a-line"),
    pytest.param(order(JACKET), [changed_mind("L1", 1)], NO_FEES, "original_payment",
                 Expected([("40.00", "8.00", "48.00")], "48.00"), id="partial-quantity"),
    pytest.param(order(JACKET), [defective("L1", 1, grade="A")], STANDARD, "original_payment",
                 Expected([("40.00", "8.00", "48.00")], "48.00", explanations=[
                     "Restocking fee 10% waived: the reason (Defective) is the retailer's fault."]),
                 id="fee-waived-for-retailer-fault"),
    # fee 10 % of 40.00 = 4.00; net 36.00; tax 20 % = 7.20; total 43.20
    pytest.param(order(JACKET), [changed_mind("L1", 1)], STANDARD, "original_payment",
                 Expected([("36.00", "7.20", "43.20")], "43.20", explanations=["Restocking fee 10%: -4.00 EUR."]),
                 id="fee-applied-for-changed-mind"),
    # grade C: 15 % of 40.00 = 6.00 -> 34.00; fee 10 % of 34.00 = 3.40 -> 30.60; tax 6.12; total 36.72
    pytest.param(order(JACKET), [changed_mind("L1", 1, grade="C")], STANDARD, "original_payment",
                 Expected([("30.60", "6.12", "36.72")], "36.72", explanations=[
                     "Grade C (used) deduction 15%: -6.00 EUR.", "Restocking fee 10%: -3.40 EUR."]),
                 id="grade-C-deduction"),
    # grade D: 50 % of 40.00 = 20.00 -> 20.00; fee 10 % = 2.00 -> 18.00; tax 3.60; total 21.60
    pytest.param(order(JACKET), [changed_mind("L1", 1, grade="D")], STANDARD, "original_payment",
                 Expected([("18.00", "3.60", "21.60")], "21.60"), id="grade-D-deduction"),
    pytest.param(order(JACKET), [defective("L1", 1, grade="D")], STANDARD, "original_payment",
                 Expected([("40.00", "8.00", "48.00")], "48.00", explanations=[
                     "Grade D (damaged) deduction 50% waived: the reason (Defective) is the retailer's fault."]),
                 id="deduction-waived-for-defective"),
    # --- shipping, one case per policy mode (4.90 + 0.98 = 5.88) ---
    pytest.param(order(JACKET, **SHIPPED), [defective("L1", 1)], RefundPolicy(refund_shipping="never"),
                 "original_payment", Expected([("40.00", "8.00", "48.00")], "48.00"), id="shipping-never"),
    # 48.00 + 5.88 = 53.88
    pytest.param(order(JACKET, **SHIPPED), [defective("L1", 1)], RefundPolicy(refund_shipping="retailer_fault"),
                 "original_payment", Expected([("40.00", "8.00", "48.00")], "53.88", ("4.90", "0.98", "5.88")),
                 id="shipping-retailer-fault-refunded"),
    pytest.param(order(JACKET, **SHIPPED), [changed_mind("L1", 1)], RefundPolicy(refund_shipping="retailer_fault"),
                 "original_payment", Expected([("40.00", "8.00", "48.00")], "48.00"),
                 id="shipping-retailer-fault-not-refunded-for-changed-mind"),
    # "any line": one defective line is enough for shipping even if another line is changed mind.
    pytest.param(order(JACKET, line("L2", "10.00", 1, "0.20"), **SHIPPED),
                 [changed_mind("L1", 1), defective("L2", 1)], RefundPolicy(refund_shipping="retailer_fault"),
                 "original_payment",  # 48.00 + 12.00 + 5.88 = 65.88
                 Expected([("40.00", "8.00", "48.00"), ("10.00", "2.00", "12.00")], "65.88", ("4.90", "0.98", "5.88")),
                 id="shipping-retailer-fault-any-line"),
    pytest.param(order(JACKET, **SHIPPED), [changed_mind("L1", 2)], RefundPolicy(refund_shipping="full_return"),
                 "original_payment", Expected([("80.00", "16.00", "96.00")], "96.00"),
                 id="shipping-full-return-not-refunded-for-part"),
    # 144.00 + 5.88 = 149.88
    pytest.param(order(JACKET, **SHIPPED), [changed_mind("L1", 3)], RefundPolicy(refund_shipping="full_return"),
                 "original_payment", Expected([("120.00", "24.00", "144.00")], "149.88", ("4.90", "0.98", "5.88")),
                 id="shipping-full-return-refunded"),
    # Units refunded by an earlier return count towards "the whole order": 1 earlier + 2 now = 3.
    pytest.param(order(line("L1", "40.00", 3, "0.20", refunded_qty=1, refunded_amount="48.00"), **SHIPPED),
                 [changed_mind("L1", 2)], RefundPolicy(refund_shipping="full_return"), "original_payment",
                 Expected([("80.00", "16.00", "96.00")], "101.88", ("4.90", "0.98", "5.88")),
                 id="shipping-full-return-completed-by-second-return"),
    pytest.param(order(JACKET, **SHIPPED), [changed_mind("L1", 1)], RefundPolicy(refund_shipping="always"),
                 "original_payment", Expected([("40.00", "8.00", "48.00")], "53.88", ("4.90", "0.98", "5.88")),
                 id="shipping-always"),
    # Shipping paid 5.88, 2.00 already refunded: 3.88 left; untaxed 3.88 / 1.20 = 3.2333 -> 3.23; tax 0.65
    pytest.param(order(JACKET, **SHIPPED, shipping_refunded="2.00"), [defective("L1", 1)],
                 RefundPolicy(refund_shipping="always"), "original_payment",
                 Expected([("40.00", "8.00", "48.00")], "51.88", ("3.23", "0.65", "3.88")),
                 id="shipping-capped-by-earlier-refund"),
    # --- currencies ---
    # 3 x 19.99 = 59.97; fee 10 % = 5.997 -> 6.00; net 53.97; VAT 19 % = 10.2543 -> 10.25; total 64.22
    pytest.param(order(line("L1", "19.99", 3, "0.19")), [changed_mind("L1", 3)], STANDARD, "original_payment",
                 Expected([("53.97", "10.25", "64.22")], "64.22"), id="EUR-2-decimals"),
    # 1980 JPY, grade C 15 % = 297 -> 1683; fee 10 % = 168.3 -> 168 -> 1515; tax 10 % = 151.5 -> 152 (half up)
    pytest.param(order(line("L1", "1980", 1, "0.10"), currency="JPY"), [changed_mind("L1", 1, grade="C")],
                 STANDARD, "original_payment", Expected([("1515", "152", "1667")], "1667", ("0", "0", "0"), "0"),
                 id="JPY-0-decimals"),
    # 12.345 KWD; fee 10 % = 1.2345 -> 1.235 (half up); net 11.110; tax 5 % = 0.5555 -> 0.556; total 11.666
    pytest.param(order(line("L1", "12.345", 1, "0.05"), currency="KWD"), [changed_mind("L1", 1)], STANDARD,
                 "original_payment", Expected([("11.110", "0.556", "11.666")], "11.666", ("0.000",) * 3, "0.000"),
                 id="KWD-3-decimals"),
    # --- earlier refunds and the cap ---
    # 2 x 0.25 + 10 %: paid 0.50 + 0.05 = 0.55. The first unit was refunded as 0.25 + 0.025 -> 0.03 = 0.28.
    # The second unit would also be 0.28 (0.56 in all), so it is capped at 0.55 - 0.28 = 0.27:
    # untaxed 0.27 / 1.10 = 0.2454 -> 0.25, tax 0.02.
    pytest.param(order(line("L1", "0.25", 2, "0.10", refunded_qty=1, refunded_amount="0.28")),
                 [changed_mind("L1", 1)], NO_FEES, "original_payment",
                 Expected([("0.25", "0.02", "0.27")], "0.27", capped=[True], explanations=[
                     ("Refund limited to 0.27 EUR: what is still refundable for this order line "
                      "(0.55 EUR paid, 0.28 EUR already refunded).")]),
                 id="rounding-cap-after-partial-refund"),
    # A goodwill refund of 120.00 was already booked on the line (1 unit): 144.00 - 120.00 = 24.00 left,
    # split as 24.00 / 1.20 = 20.00 untaxed + 4.00 tax, although 2 units would be worth 96.00.
    pytest.param(order(line("L1", "40.00", 3, "0.20", refunded_qty=1, refunded_amount="120.00")),
                 [changed_mind("L1", 2)], NO_FEES, "original_payment",
                 Expected([("20.00", "4.00", "24.00")], "24.00", capped=[True]),
                 id="already-partly-refunded-cap"),
    # --- taxes ---
    # L1: 40.00 + 8.00 = 48.00; L2: 2 x 12.99 = 25.98, 5.5 % = 1.4289 -> 1.43, 27.41. Total 75.41
    pytest.param(order(JACKET, line("L2", "12.99", 2, "0.055")), [changed_mind("L1", 1), changed_mind("L2", 2)],
                 NO_FEES, "original_payment",
                 Expected([("40.00", "8.00", "48.00"), ("25.98", "1.43", "27.41")], "75.41"),
                 id="two-lines-different-tax-rates"),
    # 49.99 CAD, GST 5 % = 2.4995 -> 2.50, QST 9.975 % = 4.9865 -> 4.99: tax 7.49, total 57.48
    pytest.param(order(line("L1", "49.99", 1, "0.05", "0.09975"), currency="CAD"), [changed_mind("L1", 1)],
                 NO_FEES, "original_payment", Expected([("49.99", "7.49", "57.48")], "57.48"),
                 id="several-taxes-on-one-line"),
    # Each tax is rounded on its own (round per line): 1.10 x 5 % = 0.055 -> 0.06, twice = 0.12
    # (one 10 % tax would give 0.11).
    pytest.param(order(line("L1", "1.10", 1, "0.05", "0.05")), [changed_mind("L1", 1)], NO_FEES,
                 "original_payment", Expected([("1.10", "0.12", "1.22")], "1.22"),
                 id="several-taxes-rounded-each"),
    # --- flat return fee ---
    # 5.00 spread 40:10 -> 4.00 and 1.00; L1 36.00 + 7.20 = 43.20; L2 9.00 + 1.80 = 10.80; total 54.00
    pytest.param(order(JACKET, line("L2", "10.00", 1, "0.20")), [changed_mind("L1", 1), changed_mind("L2", 1)],
                 RefundPolicy(return_fee_flat=D("5.00"), refund_shipping="never"), "original_payment",
                 Expected([("36.00", "7.20", "43.20"), ("9.00", "1.80", "10.80")], "54.00", explanations=[
                     "Return fee 5.00 EUR: taken from the items whose reason is not the retailer's fault."]),
                 id="flat-return-fee"),
    # Only L2 (changed mind) pays: 25.98 - 5.00 = 20.98, 5.5 % = 1.1539 -> 1.15, 22.13; + 48.00 = 70.13
    pytest.param(order(JACKET, line("L2", "12.99", 2, "0.055")), [defective("L1", 1), changed_mind("L2", 2)],
                 RefundPolicy(return_fee_flat=D("5.00"), refund_shipping="never"), "original_payment",
                 Expected([("40.00", "8.00", "48.00"), ("20.98", "1.15", "22.13")], "70.13"),
                 id="flat-return-fee-only-on-changed-mind-lines"),
    pytest.param(order(JACKET), [defective("L1", 1)],
                 RefundPolicy(return_fee_flat=D("5.00"), refund_shipping="never"), "original_payment",
                 Expected([("40.00", "8.00", "48.00")], "48.00", explanations=[
                     "Return fee 5.00 EUR waived: every returned item's reason is the retailer's fault."]),
                 id="flat-return-fee-waived"),
    # A 20.00 fee on a 10.00 item takes the item's whole value, no more: 0.00 refunded, nothing negative
    pytest.param(order(line("L2", "10.00", 1, "0.20")), [changed_mind("L2", 1)],
                 RefundPolicy(return_fee_flat=D("20.00"), refund_shipping="never"), "original_payment",
                 Expected([("0.00", "0.00", "0.00")], "0.00", explanations=[
                     "Return fee 20.00 EUR reduced to 10.00 EUR: it cannot exceed the value of the items."]),
                 id="flat-return-fee-limited-to-item-value"),
    # Fee 10 % of 10.00 = 1.00, raised to the 2.50 minimum: net 7.50, tax 1.50, total 9.00
    pytest.param(order(line("L2", "10.00", 1, "0.20")), [changed_mind("L2", 1)],
                 RefundPolicy(restocking_fee_percent=D(10), restocking_fee_min=D("2.50"), refund_shipping="never"),
                 "original_payment", Expected([("7.50", "1.50", "9.00")], "9.00", explanations=[
                     "Restocking fee 10%, raised to the minimum of 2.50 EUR: -2.50 EUR."]),
                 id="restocking-fee-minimum"),
    # Fee 10 % of 120.00 = 12.00, lowered to the 5.00 maximum: net 115.00, tax 23.00, total 138.00
    pytest.param(order(JACKET), [changed_mind("L1", 3)],
                 RefundPolicy(restocking_fee_percent=D(10), restocking_fee_max=D("5.00"), refund_shipping="never"),
                 "original_payment", Expected([("115.00", "23.00", "138.00")], "138.00"),
                 id="restocking-fee-maximum"),
    # --- refund method ---
    # 48.00 as store credit, bonus 10 % = 4.80 on top: 52.80 credited
    pytest.param(order(JACKET), [changed_mind("L1", 1)],
                 RefundPolicy(store_credit_bonus_percent=D(10), refund_shipping="never"), "store_credit",
                 Expected([("40.00", "8.00", "48.00")], "48.00", bonus="4.80"), id="store-credit-with-bonus"),
    pytest.param(order(JACKET), [changed_mind("L1", 1)],
                 RefundPolicy(store_credit_bonus_percent=D(10), refund_shipping="never"), "original_payment",
                 Expected([("40.00", "8.00", "48.00")], "48.00"), id="no-bonus-for-original-payment"),
]


@pytest.mark.parametrize("the_order, returns, policy, method, expected", CASES)
def test_refund_amounts(the_order, returns, policy, method, expected):
    """Each line, the shipping, the totals and the bonus match the amounts computed by hand."""
    result = calculate_refund(the_order, returns, policy, method)

    assert [(str(x.untaxed), str(x.tax), str(x.total)) for x in result.lines] == expected.lines
    assert (str(result.shipping.untaxed), str(result.shipping.tax), str(result.shipping.total)) == expected.shipping
    assert str(result.total) == expected.total
    assert result.total == result.untaxed + result.tax
    assert str(result.store_credit_bonus) == expected.bonus
    assert result.total_with_bonus == result.total + result.store_credit_bonus
    assert [x.capped for x in result.lines] == (expected.capped or [False] * len(result.lines))
    for text in expected.explanations:
        assert text in result.all_explanations()


def test_line_breakdown_shows_each_adjustment():
    """The line carries the gross, the applied percentages and each amount taken off."""
    (result,) = calculate_refund(order(JACKET), [changed_mind("L1", 1, grade="C")], STANDARD).lines

    assert (result.gross, result.grade_deduction_percent, result.grade_deduction) == (D("40.00"), D(15), D("6.00"))
    assert (result.restocking_fee_percent, result.restocking_fee) == (D(10), D("3.40"))
    assert (result.unit_price, result.quantity, result.fees_waived) == (D("40.00"), D(1), False)


def test_waived_line_shows_zero_percentages():
    """A retailer-fault line records 0 % applied and says why in its explanations."""
    (result,) = calculate_refund(order(JACKET), [defective("L1", 1, grade="D")], STANDARD).lines

    assert (result.grade_deduction_percent, result.restocking_fee_percent, result.fees_waived) == (0, 0, True)
    assert result.explanations == (
        "Grade D (damaged) deduction 50% waived: the reason (Defective) is the retailer's fault.",
        "Restocking fee 10% waived: the reason (Defective) is the retailer's fault.",
    )


def test_shipping_decision_is_explained():
    """The customer is told why shipping is or is not refunded."""
    refused = calculate_refund(order(JACKET, **SHIPPED), [changed_mind("L1", 1)], RefundPolicy())
    granted = calculate_refund(order(JACKET, **SHIPPED), [defective("L1", 1)], RefundPolicy())

    assert refused.explanations == (
        "Original shipping not refunded: no returned item's reason is the retailer's fault.",
    )
    assert granted.explanations == ("Original shipping refunded: the reason (Defective) is the retailer's fault.",)


def test_second_refund_sees_the_first():
    """apply_refund feeds a refund into 'already refunded', so the rest refunds exactly what is left."""
    first_order = order(JACKET, **SHIPPED)
    first = calculate_refund(first_order, [defective("L1", 1)], RefundPolicy(refund_shipping="always"))
    second_order = apply_refund(first_order, first)
    second = calculate_refund(second_order, [defective("L1", 2)], RefundPolicy(refund_shipping="always"))

    assert second_order.lines[0].already_refunded_quantity == 1
    assert (first.total, second.total) == (D("53.88"), D("96.00"))  # shipping refunded once only
    assert first.total + second.total == D("149.88")  # 144.00 + 5.88, all that was paid


ERROR_CASES = [
    pytest.param(order(JACKET), [changed_mind("L1", 1)], RefundPolicy(allowed_methods={"original_payment"}),
                 "store_credit", RefundMethodNotAllowed, "Refund method 'store_credit' is not allowed",
                 id="disallowed-method"),
    pytest.param(order(JACKET), [changed_mind("L1", 1)], NO_FEES, "cash", RefundMethodNotAllowed,
                 "Refund method 'cash' is not allowed", id="unknown-method"),
    pytest.param(order(line("L1", "40.00", 3, "0.20", refunded_qty=1, refunded_amount="48.00")),
                 [changed_mind("L1", 3)], NO_FEES, "original_payment", RefundExceedsPaid,
                 "Cannot refund 3 unit(s) of order line L1: only 2 unit(s) are still refundable",
                 id="quantity-beyond-invoiced-minus-refunded"),
    pytest.param(order(JACKET), [changed_mind("L1", 2, grade="A"), defective("L1", 2, grade="D")], NO_FEES,
                 "original_payment", RefundExceedsPaid, "Cannot refund 4 unit(s)",
                 id="quantity-summed-over-return-lines"),
    pytest.param(order(JACKET, line("L2", "10.00", 1, currency="USD")), [changed_mind("L1", 1)], NO_FEES,
                 "original_payment", CurrencyMismatch, "Order line L2 is in USD but the order is in EUR",
                 id="mixed-currency-line"),
    pytest.param(order(JACKET), [changed_mind("L1", 1)], RefundPolicy(return_fee_flat=D(5), currency="USD"),
                 "original_payment", CurrencyMismatch, "The return policy is in USD but the order is in EUR",
                 id="mixed-currency-policy"),
    pytest.param(order(JACKET, currency="XYZ"), [changed_mind("L1", 1)], NO_FEES, "original_payment",
                 UnknownCurrency, "Unknown currency 'XYZ'", id="unknown-currency"),
    pytest.param(order(JACKET), [changed_mind("L9", 1)], NO_FEES, "original_payment", InvalidRefundInput,
                 "order line L9, which is not in the order", id="unknown-order-line"),
]


@pytest.mark.parametrize("the_order, returns, policy, method, error, message", ERROR_CASES)
def test_refusals(the_order, returns, policy, method, error, message):
    """Impossible refunds raise a named domain error with a message an agent can read."""
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)")):
        calculate_refund(the_order, returns, policy, method)


def test_refund_in_another_currency_cannot_be_applied():
    """A breakdown is only ever fed back into an order of its own currency."""
    refund = calculate_refund(order(JACKET), [changed_mind("L1", 1)], NO_FEES)

    with pytest.raises(CurrencyMismatch):
        apply_refund(order(JACKET, currency="USD"), refund)


@pytest.mark.parametrize("bad", [pytest.param(lambda: OrderLine("L1", 40.0, D(1)), id="float-price"),
                                 pytest.param(lambda: line("L1", "-1", 1), id="negative-price"),
                                 pytest.param(lambda: RefundPolicy(restocking_fee_percent=D(101)), id="percent>100"),
                                 pytest.param(lambda: changed_mind("L1", 1, grade="E"), id="unknown-grade"),
                                 pytest.param(lambda: RefundPolicy(refund_shipping="sometimes"), id="unknown-rule")])
def test_malformed_inputs_are_refused(bad):
    """Floats, negative amounts and unknown codes never reach the calculation."""
    with pytest.raises((TypeError, ValueError)):
        bad()
