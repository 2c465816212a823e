"""The refund in the customer's words: the status page's breakdown, the timeline step and the e-mail.

The figures are refunds.services.refund_breakdown_for_customer's, i.e. the ones agents review and
release (frozen once released); this module only arranges them. Each deduction or fee is put next
to the calculation's sentence that explains it, found by its amount ("-4.00 EUR"), so the pairing
does not depend on the wording of the sentence; sentences that explain no amount (a fee waived, a
refund limited to what was paid) stay as notes of the item.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from refunds.services import refund_breakdown_for_customer
from returns.choices import ConditionGrade, RefundMethod

MINUS = "\u2212"


@dataclass(frozen=True)
class Row:
    label: str
    amount: str  # with its sign and currency: "−4.00 EUR"
    explanation: str = ""
    deduction: bool = False


@dataclass(frozen=True)
class ItemRefund:
    name: str
    quantity: int
    condition: str  # the grade given at inspection, in words
    refunded: bool
    total: str
    rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)


@dataclass(frozen=True)
class CustomerRefund:
    available: bool
    currency: str
    method_text: str  # "to your original payment method" / "as store credit"
    message: str = ""  # why no figures can be shown yet (available is False)
    final: bool = False
    is_store_credit: bool = False
    items: list = field(default_factory=list)
    shipping: str = ""
    shipping_refunded: bool = False
    tax: str = ""
    total: str = ""
    bonus: str = ""  # extra store credit, "" when there is none
    total_with_bonus: str = ""
    notes: list = field(default_factory=list)


def method_text(method) -> str:
    if method == RefundMethod.STORE_CREDIT:
        return _("as store credit")
    return _("to your original payment method")


def _nonzero(amount) -> bool:
    try:
        return Decimal(str(amount or "0")) != 0
    except InvalidOperation:
        return False


def _money(amount, currency, sign="") -> str:
    return f"{sign}{amount} {currency}"


def _take_explanation(notes: list, amount, currency) -> str:
    """The first sentence stating this deduction ("… -4.00 EUR."), removed from `notes`."""
    needle = f"-{amount} {currency}"
    for index, note in enumerate(notes):
        if needle in note:
            return notes.pop(index)
    return ""


def _item(line: dict, currency: str) -> ItemRefund:
    notes = list(line.get("explanations") or [])
    grade = line.get("grade") or ""
    condition = str(ConditionGrade(grade).label) if grade in ConditionGrade.values else ""
    if not line.get("refunded"):
        return ItemRefund(line.get("product", ""), line.get("quantity") or 0, condition, False,
                          _money(line.get("total", "0"), currency), notes=notes)
    rows = [Row(_("Price, excluding tax"), _money(line["gross"], currency))]
    deductions = [
        ("grade_deduction", _("Deduction for the item's condition")),
        ("restocking_fee", _("Restocking fee")),
        ("return_fee_share", _("Share of the return fee")),
    ]
    for key, label in deductions:  # in the order the calculation applies and explains them
        if _nonzero(line.get(key)):
            rows.append(Row(label, _money(line[key], currency, MINUS),
                            _take_explanation(notes, line[key], currency), deduction=True))
    rows.append(Row(_("Tax on the refunded amount"), _money(line.get("tax", "0"), currency, "+")))
    return ItemRefund(line.get("product", ""), line.get("quantity") or 0, condition, True,
                      _money(line["total"], currency), rows=rows, notes=notes)


def customer_refund(ret) -> CustomerRefund | None:
    """The refund of `ret` for the customer's pages and e-mails; None until inspection is complete."""
    data = refund_breakdown_for_customer(ret)
    if data is None:
        return None
    currency = data.get("currency", "")
    how = method_text(data.get("method"))
    if not data.get("available"):
        return CustomerRefund(False, currency, how, message=data.get("message", ""))
    bonus = data.get("store_credit_bonus")
    return CustomerRefund(
        True, currency, how, final=bool(data.get("final")), is_store_credit=bool(data.get("is_store_credit")),
        items=[_item(line, currency) for line in data.get("lines", [])],
        shipping=_money(data["shipping"], currency), shipping_refunded=_nonzero(data["shipping"]),
        tax=_money(data["tax"], currency), total=_money(data["total"], currency),
        bonus=_money(bonus, currency, "+") if _nonzero(bonus) else "",
        total_with_bonus=_money(data.get("total_with_bonus", data["total"]), currency),
        notes=list(data.get("explanations") or []),
    )


def refund_sentence(refund: CustomerRefund | None) -> str:
    """ "17.42 EUR to your original payment method", or "" when there is no amount to state."""
    if refund is None or not refund.available:
        return ""
    amount = refund.total_with_bonus if refund.bonus else refund.total
    return _("%(amount)s %(method)s") % {"amount": amount, "method": refund.method_text}
