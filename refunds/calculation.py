"""Refund calculation: what a customer gets back for the units accepted at inspection.

Pure functions over `Decimal` (no Django, no database), so every rule is tested in isolation; the
refund services build the inputs from the order snapshot, the inspection and the return policy, and
keep the resulting `RefundBreakdown` (explanations included) for agents, customers and the Odoo
credit note.

How one return line is valued, all amounts in the order's currency:

1. gross = unit price x accepted quantity, tax excluded. The unit price is the price as charged, i.e.
   already net of any line discount (Odoo's price_unit after discount).
2. grade deduction = gross x the policy's percentage for the condition grade (a grade missing from
   the policy deducts nothing).
3. restocking fee = (gross - grade deduction) x the policy's percentage, raised to the policy minimum,
   lowered to its maximum, never above what is left of the line. It is taken on the value after the
   grade deduction so that no fee is charged on value the customer does not get back anyway.
4. return fee share: the flat per-return fee is spread over the lines whose reason is not the
   retailer's fault, in proportion to what is left of them (largest remainder, to the minor unit).
   Steps 2-4 are waived when the reason is the retailer's fault.
5. net (untaxed) = gross - deduction - restocking fee - return fee share. Fees and deductions apply to
   the amount excluding tax and the tax is recomputed on what remains: the retailer keeps the fee and
   refunds no tax on the part of the price it does not refund.
6. tax = sum over the line's tax rates of round(net x rate). Taxes are exclusive and add up (no tax on
   tax); each is rounded per line, like Odoo's default "round per line" method.
7. cap: the line total incl. tax never exceeds what was paid for the order line incl. tax minus what
   was already refunded for it (earlier returns and earlier lines of this return). The cap absorbs
   rounding differences (2 units at 0.25 + 10 % tax are paid 0.55, but refunded one at a time as
   0.28 each, so the second is capped at 0.27) and over-refunds booked by hand. A capped total is
   split back into untaxed = total / (1 + sum of rates) and tax = the rest. Quantities are never
   capped: more units than invoiced minus already refunded raise `RefundExceedsPaid`.

Every amount is rounded half up to the currency's minor unit at the step that produces it.
Percentages in the policy are percent numbers (10 = 10 %, as in ReturnPolicy); tax rates are
fractions (Decimal("0.15")), as in the order snapshot.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from refunds.money import Currency, allocate, currency_exponent, format_percent, to_decimal

ZERO = Decimal(0)
HUNDRED = Decimal(100)
# Same codes as returns.choices.ConditionGrade; repeated so that this module needs no Django.
GRADE_LABELS = {"A": "new, unopened", "B": "opened, like new", "C": "used", "D": "damaged", "F": "defective"}


class RefundMethod(StrEnum):
    """Values of returns.choices.RefundMethod, which compare equal to these."""

    ORIGINAL_PAYMENT = "original_payment"
    STORE_CREDIT = "store_credit"


class ShippingRule(StrEnum):
    """When the original shipping is refunded (values of returns.models.policies.ShippingRefund)."""

    NEVER = "never"
    RETAILER_FAULT = "retailer_fault"  # when ANY accepted line's reason is the retailer's fault
    FULL_RETURN = "full_return"  # when this return completes the return of every invoiced unit
    ALWAYS = "always"


# --- Domain errors: the message is written for agents and can be shown as is. ----------------------
class RefundError(Exception):
    """Base of the refund calculation's errors."""


class InvalidRefundInput(RefundError, ValueError):
    """The inputs contradict each other (unknown order line or grade, min fee above max fee, ...).

    Malformed numbers (a float, a negative price) raise TypeError / ValueError from
    refunds.money.to_decimal instead: they are programming errors, not situations an agent handles.
    """


class RefundExceedsPaid(RefundError):
    def __init__(self, order_line_id: str, requested: Decimal, refundable: Decimal):
        self.order_line_id, self.requested, self.refundable = order_line_id, requested, refundable
        super().__init__(
            f"Cannot refund {_qty(requested)} unit(s) of order line {order_line_id}: only "
            f"{_qty(refundable)} unit(s) are still refundable (invoiced minus already refunded)."
        )


class RefundMethodNotAllowed(RefundError):
    def __init__(self, method: object, allowed: frozenset[RefundMethod]):
        self.method, self.allowed = method, allowed
        names = ", ".join(sorted(str(m) for m in allowed)) or "none"
        super().__init__(f"Refund method '{method}' is not allowed by the return policy (allowed: {names}).")


class CurrencyMismatch(RefundError):
    def __init__(self, where: str, got: str, expected: str):
        self.got, self.expected = got, expected
        super().__init__(f"{where} is in {got} but the order is in {expected}: a refund uses one currency only.")


class UnknownCurrency(RefundError):
    def __init__(self, code: object):
        self.code = code
        super().__init__(f"Unknown currency '{code}': without its number of decimals, amounts cannot be rounded.")


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _normalize(obj: object, *names: str, optional: bool = False) -> None:
    """Turn the named fields into non-negative Decimals (frozen dataclasses, hence object.__setattr__)."""
    for name in names:
        if (value := getattr(obj, name)) is not None or not optional:
            object.__setattr__(obj, name, to_decimal(value, name))


def _rates(rates: Sequence[object], name: str) -> tuple[Decimal, ...]:
    return tuple(to_decimal(rate, name) for rate in rates)


# --- Inputs ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class OrderLine:
    line_id: str
    unit_price: Decimal  # as charged, tax excluded, any line discount already applied
    quantity_invoiced: Decimal  # units invoiced and paid
    tax_rates: tuple[Decimal, ...] = ()  # fractions, exclusive, adding up: (Decimal("0.15"),)
    already_refunded_quantity: Decimal = ZERO  # by earlier returns
    already_refunded_amount: Decimal = ZERO  # incl. tax, by earlier returns
    # Incl. tax as invoiced (Odoo's price_total) when known; None recomputes it like step 6.
    paid_amount: Decimal | None = None
    currency: str | None = None  # None: the order's currency

    def __post_init__(self) -> None:
        _normalize(self, "unit_price", "quantity_invoiced", "already_refunded_quantity", "already_refunded_amount")
        _normalize(self, "paid_amount", optional=True)
        object.__setattr__(self, "tax_rates", _rates(self.tax_rates, "tax_rates"))


@dataclass(frozen=True)
class Order:
    currency: str
    lines: tuple[OrderLine, ...]
    shipping_amount: Decimal = ZERO  # paid, tax excluded
    shipping_tax_rates: tuple[Decimal, ...] = ()
    shipping_already_refunded: Decimal = ZERO  # incl. tax

    def __post_init__(self) -> None:
        object.__setattr__(self, "currency", str(self.currency).upper())
        object.__setattr__(self, "lines", tuple(self.lines))
        if len({line.line_id for line in self.lines}) != len(self.lines):
            raise InvalidRefundInput("The order has two lines with the same line_id.")
        _normalize(self, "shipping_amount", "shipping_already_refunded")
        object.__setattr__(self, "shipping_tax_rates", _rates(self.shipping_tax_rates, "shipping_tax_rates"))


@dataclass(frozen=True)
class ReturnLine:
    order_line_id: str
    quantity: Decimal  # accepted at inspection
    grade: str  # "A".."F" (returns.choices.ConditionGrade)
    reason: str  # reason label, quoted in explanations: "Defective"
    retailer_fault: bool

    def __post_init__(self) -> None:
        _normalize(self, "quantity")
        object.__setattr__(self, "grade", str(self.grade).upper())
        if self.grade not in GRADE_LABELS:
            raise InvalidRefundInput(f"Unknown condition grade '{self.grade}' (expected {', '.join(GRADE_LABELS)}).")


@dataclass(frozen=True)
class RefundPolicy:
    restocking_fee_percent: Decimal = ZERO
    restocking_fee_min: Decimal | None = None  # per line, tax excluded; only when a percentage fee applies
    restocking_fee_max: Decimal | None = None  # per line, tax excluded
    return_fee_flat: Decimal = ZERO  # per return, tax excluded
    grade_deduction_percent: Mapping[str, Decimal] = field(default_factory=dict)
    refund_shipping: ShippingRule = ShippingRule.RETAILER_FAULT
    allowed_methods: frozenset[RefundMethod] = frozenset(RefundMethod)
    store_credit_bonus_percent: Decimal = ZERO
    currency: str | None = None  # currency of the fixed amounts above; None: the order's

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for name in ("restocking_fee_percent", "store_credit_bonus_percent"):
            set_(self, name, to_decimal(getattr(self, name), name, maximum=HUNDRED))
        _normalize(self, "return_fee_flat")
        _normalize(self, "restocking_fee_min", "restocking_fee_max", optional=True)
        low, high = self.restocking_fee_min, self.restocking_fee_max
        if low is not None and high is not None and low > high:
            raise InvalidRefundInput("restocking_fee_min must not exceed restocking_fee_max.")
        grades = {str(g).upper(): to_decimal(p, f"grade {g} deduction", maximum=HUNDRED)
                  for g, p in self.grade_deduction_percent.items()}
        if unknown := set(grades) - set(GRADE_LABELS):
            raise InvalidRefundInput(f"Unknown condition grade(s) in the policy: {', '.join(sorted(unknown))}.")
        set_(self, "grade_deduction_percent", MappingProxyType(grades))
        try:
            set_(self, "refund_shipping", ShippingRule(str(self.refund_shipping)))
            set_(self, "allowed_methods", frozenset(RefundMethod(str(m)) for m in self.allowed_methods))
        except ValueError as error:
            raise InvalidRefundInput(f"Invalid return policy: {error}.") from None


# --- Output ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LineRefund:
    order_line_id: str
    quantity: Decimal
    unit_price: Decimal
    gross: Decimal  # unit price x quantity, tax excluded
    grade: str
    grade_deduction_percent: Decimal  # as applied: 0 when waived
    grade_deduction: Decimal
    restocking_fee_percent: Decimal  # as applied: 0 when waived
    restocking_fee: Decimal
    return_fee_share: Decimal  # this line's part of RefundBreakdown.return_fee
    untaxed: Decimal
    tax: Decimal
    total: Decimal
    capped: bool  # the total was limited to what is still refundable for the order line
    fees_waived: bool  # the reason is the retailer's fault
    explanations: tuple[str, ...]


@dataclass(frozen=True)
class ShippingRefund:
    untaxed: Decimal
    tax: Decimal
    total: Decimal


@dataclass(frozen=True)
class RefundBreakdown:
    currency: str
    method: RefundMethod
    lines: tuple[LineRefund, ...]
    shipping: ShippingRefund
    return_fee: Decimal  # flat fee charged, tax excluded, already deducted in the lines
    untaxed: Decimal
    tax: Decimal
    total: Decimal  # refunded to the customer (cash or credit), within what was paid
    store_credit_bonus: Decimal  # extra store credit on top of total, not limited by what was paid
    total_with_bonus: Decimal
    explanations: tuple[str, ...]  # return-level: return fee, shipping, bonus

    def all_explanations(self) -> tuple[str, ...]:
        return tuple(text for line in self.lines for text in line.explanations) + self.explanations


# --- Calculation -------------------------------------------------------------------------------------
def _currency(code: str) -> Currency:
    exponent = currency_exponent(code)
    if exponent is None:
        raise UnknownCurrency(code)
    return Currency(code.upper(), exponent)


def _check_currency(cur: Currency, code: str | None, where: str) -> None:
    if code is not None and str(code).upper() != cur.code:
        raise CurrencyMismatch(where, str(code).upper(), cur.code)


@dataclass
class _Draft:
    """A line being valued; mutable only while calculate_refund runs."""

    line: OrderLine
    ret: ReturnLine
    gross: Decimal
    grade_percent: Decimal = ZERO
    grade_deduction: Decimal = ZERO
    fee_percent: Decimal = ZERO
    restocking_fee: Decimal = ZERO
    return_fee_share: Decimal = ZERO
    notes: list[str] = field(default_factory=list)

    @property
    def left(self) -> Decimal:
        return self.gross - self.grade_deduction - self.restocking_fee - self.return_fee_share


def calculate_refund(
    order: Order,
    return_lines: Sequence[ReturnLine],
    policy: RefundPolicy,
    method: RefundMethod | str = RefundMethod.ORIGINAL_PAYMENT,
) -> RefundBreakdown:
    """Value the accepted return lines of `order` under `policy` (see the module docstring).

    Shipping (paid amount incl. tax minus what was already refunded) is refunded only if at least
    one unit is accepted and the policy's rule holds: RETAILER_FAULT needs ANY accepted line whose
    reason is the retailer's fault (the customer would not have had to ship a return otherwise),
    FULL_RETURN needs every invoiced unit of the order refunded once this return is done.
    The store credit bonus is a percentage of the total, credited on top of it: it is not cash
    leaving the business, so it is not limited by what was paid.
    """
    cur = _currency(order.currency)
    for line in order.lines:
        _check_currency(cur, line.currency, f"Order line {line.line_id}")
    _check_currency(cur, policy.currency, "The return policy")
    try:
        chosen = RefundMethod(str(method))
    except ValueError:
        raise RefundMethodNotAllowed(method, policy.allowed_methods) from None
    if chosen not in policy.allowed_methods:
        raise RefundMethodNotAllowed(chosen, policy.allowed_methods)
    lines_by_id = {line.line_id: line for line in order.lines}

    requested: dict[str, Decimal] = {}
    drafts = []
    for ret in return_lines:
        line = lines_by_id.get(ret.order_line_id)
        if line is None:
            raise InvalidRefundInput(f"The return refers to order line {ret.order_line_id}, which is not in the order.")
        # Summed per order line: a line may be returned as several return lines (e.g. one per grade).
        requested[line.line_id] = requested.get(line.line_id, ZERO) + ret.quantity
        refundable = max(line.quantity_invoiced - line.already_refunded_quantity, ZERO)
        if requested[line.line_id] > refundable:
            raise RefundExceedsPaid(line.line_id, requested[line.line_id], refundable)
        drafts.append(_value_line(line, ret, policy, cur))

    return_fee, notes = _charge_return_fee(drafts, policy, cur)
    lines = _tax_and_cap(drafts, order, cur)
    shipping, shipping_notes = _shipping(order, drafts, requested, policy, cur)
    notes += shipping_notes
    untaxed = cur.q(sum((line.untaxed for line in lines), shipping.untaxed))
    tax = cur.q(sum((line.tax for line in lines), shipping.tax))
    bonus = cur.q(ZERO)
    if chosen is RefundMethod.STORE_CREDIT and policy.store_credit_bonus_percent:
        bonus = cur.q((untaxed + tax) * policy.store_credit_bonus_percent / HUNDRED)
        notes.append(
            f"Store credit bonus {format_percent(policy.store_credit_bonus_percent)}: +{cur.fmt(bonus)} "
            "(store credit, not cash, so not limited by the amount paid)."
        )
    return RefundBreakdown(
        currency=cur.code, method=chosen, lines=lines, shipping=shipping, return_fee=return_fee,
        untaxed=untaxed, tax=tax, total=untaxed + tax, store_credit_bonus=bonus,
        total_with_bonus=untaxed + tax + bonus, explanations=tuple(notes),
    )


def _value_line(line: OrderLine, ret: ReturnLine, policy: RefundPolicy, cur: Currency) -> _Draft:
    """Steps 1-3: gross, grade deduction, restocking fee."""
    draft = _Draft(line, ret, gross=cur.q(line.unit_price * ret.quantity))
    if not ret.quantity:
        draft.notes.append("No unit accepted at inspection: nothing to refund for this line.")
        return draft
    waived = f"waived: the reason ({ret.reason}) is the retailer's fault."
    grade_percent = policy.grade_deduction_percent.get(ret.grade, ZERO)
    grade = f"Grade {ret.grade} ({GRADE_LABELS[ret.grade]}) deduction {format_percent(grade_percent)}"
    if grade_percent and ret.retailer_fault:
        draft.notes.append(f"{grade} {waived}")
    elif grade_percent:
        draft.grade_percent = grade_percent
        draft.grade_deduction = cur.q(draft.gross * grade_percent / HUNDRED)
        draft.notes.append(f"{grade}: -{cur.fmt(draft.grade_deduction)}.")

    fee_percent = policy.restocking_fee_percent
    label = f"Restocking fee {format_percent(fee_percent)}"
    if fee_percent and ret.retailer_fault:
        draft.notes.append(f"{label} {waived}")
    elif fee_percent:
        base = draft.gross - draft.grade_deduction
        fee, detail = cur.q(base * fee_percent / HUNDRED), ""
        low, high = policy.restocking_fee_min, policy.restocking_fee_max
        if low is not None and fee < low:
            fee, detail = cur.q(low), f", raised to the minimum of {cur.fmt(low)}"
        if high is not None and fee > high:
            fee, detail = cur.q(high), f", limited to the maximum of {cur.fmt(high)}"
        if fee > base:
            fee, detail = base, ", limited to the value of the item"
        draft.fee_percent, draft.restocking_fee = fee_percent, fee
        draft.notes.append(f"{label}{detail}: -{cur.fmt(fee)}.")
    return draft


def _charge_return_fee(drafts: list[_Draft], policy: RefundPolicy, cur: Currency) -> tuple[Decimal, list[str]]:
    """Step 4: spread the flat fee over the accepted lines that are not the retailer's fault."""
    flat = cur.q(policy.return_fee_flat)
    accepted = [d for d in drafts if d.ret.quantity]
    payers = [d for d in accepted if not d.ret.retailer_fault]
    if not flat or not accepted:
        return cur.q(ZERO), []
    if not payers:
        why = f"Return fee {cur.fmt(flat)} waived: every returned item's reason is the retailer's fault."
        return cur.q(ZERO), [why]
    values = [d.left for d in payers]
    charged = min(flat, sum(values, ZERO))
    shares = allocate(charged, values, cur.exponent)
    for draft, share in zip(payers, shares, strict=True):
        draft.return_fee_share = share
        if share:
            draft.notes.append(f"Share of the return fee: -{cur.fmt(share)}.")
    if charged < flat:
        why = f"Return fee {cur.fmt(flat)} reduced to {cur.fmt(charged)}: it cannot exceed the value of the items."
        return cur.q(charged), [why]
    return flat, [f"Return fee {cur.fmt(flat)}: taken from the items whose reason is not the retailer's fault."]


def _paid(line: OrderLine, cur: Currency) -> Decimal:
    if line.paid_amount is not None:
        return cur.q(line.paid_amount)
    untaxed = cur.q(line.unit_price * line.quantity_invoiced)
    return untaxed + cur.tax(untaxed, line.tax_rates)


def _tax_and_cap(drafts: list[_Draft], order: Order, cur: Currency) -> tuple[LineRefund, ...]:
    """Steps 5-7: net, tax per line, cap at what is still refundable for the order line."""
    paid = {line.line_id: _paid(line, cur) for line in order.lines}
    remaining = {line.line_id: max(paid[line.line_id] - cur.q(line.already_refunded_amount), ZERO)
                 for line in order.lines}
    result = []
    for d in drafts:
        line_id, rates = d.line.line_id, d.line.tax_rates
        untaxed = d.left
        tax = cur.tax(untaxed, rates)
        capped = untaxed + tax > remaining[line_id]
        if capped:
            untaxed, tax = cur.split(remaining[line_id], rates)
            d.notes.append(
                f"Refund limited to {cur.fmt(remaining[line_id])}: what is still refundable for this order line "
                f"({cur.fmt(paid[line_id])} paid, {cur.fmt(paid[line_id] - remaining[line_id])} already refunded)."
            )
        remaining[line_id] -= untaxed + tax
        result.append(LineRefund(
            order_line_id=line_id, quantity=d.ret.quantity, unit_price=d.line.unit_price, gross=d.gross,
            grade=d.ret.grade, grade_deduction_percent=d.grade_percent, grade_deduction=cur.q(d.grade_deduction),
            restocking_fee_percent=d.fee_percent, restocking_fee=cur.q(d.restocking_fee),
            return_fee_share=cur.q(d.return_fee_share), untaxed=untaxed, tax=tax, total=untaxed + tax,
            capped=capped, fees_waived=d.ret.retailer_fault, explanations=tuple(d.notes),
        ))
    return tuple(result)


def _shipping(
    order: Order, drafts: list[_Draft], requested: dict[str, Decimal], policy: RefundPolicy, cur: Currency
) -> tuple[ShippingRefund, list[str]]:
    zero = ShippingRefund(cur.q(ZERO), cur.q(ZERO), cur.q(ZERO))
    shipping = cur.q(order.shipping_amount)
    accepted = [d.ret for d in drafts if d.ret.quantity]
    if not shipping or not accepted:
        return zero, []
    rule = policy.refund_shipping
    at_fault = next((ret for ret in accepted if ret.retailer_fault), None)
    if rule is ShippingRule.ALWAYS:
        refund, why = True, "Original shipping refunded: the return policy always refunds it."
    elif rule is ShippingRule.RETAILER_FAULT:
        refund = at_fault is not None
        why = (f"Original shipping refunded: the reason ({at_fault.reason}) is the retailer's fault." if refund
               else "Original shipping not refunded: no returned item's reason is the retailer's fault.")
    elif rule is ShippingRule.FULL_RETURN:
        refund = all(
            line.already_refunded_quantity + requested.get(line.line_id, ZERO) >= line.quantity_invoiced
            for line in order.lines
        )
        why = ("Original shipping refunded: the whole order has been returned." if refund
               else "Original shipping not refunded: it is refunded only when the whole order is returned.")
    else:
        refund, why = False, "Original shipping not refunded: the return policy never refunds it."
    if not refund:
        return zero, [why]
    paid = shipping + cur.tax(shipping, order.shipping_tax_rates)
    remaining = max(paid - cur.q(order.shipping_already_refunded), ZERO)
    if not remaining:
        return zero, ["Original shipping not refunded: it has already been refunded."]
    if remaining < paid:
        untaxed, tax = cur.split(remaining, order.shipping_tax_rates)
        why += f" Limited to {cur.fmt(remaining)}, the part not refunded yet."
    else:
        untaxed, tax = shipping, paid - shipping
    return ShippingRefund(untaxed, tax, untaxed + tax), [why]


def apply_refund(order: Order, breakdown: RefundBreakdown) -> Order:
    """The order as the next calculation must see it once `breakdown` has been refunded."""
    if breakdown.currency != order.currency:
        raise CurrencyMismatch("The refund", breakdown.currency, order.currency)
    lines = []
    for line in order.lines:
        refunds = [refund for refund in breakdown.lines if refund.order_line_id == line.line_id]
        lines.append(replace(
            line,
            already_refunded_quantity=line.already_refunded_quantity + sum((r.quantity for r in refunds), ZERO),
            already_refunded_amount=line.already_refunded_amount + sum((r.total for r in refunds), ZERO),
        ))
    shipping = order.shipping_already_refunded + breakdown.shipping.total
    return replace(order, lines=tuple(lines), shipping_already_refunded=shipping)
