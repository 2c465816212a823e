"""How the evidence pack's PDF says things to a person outside the company (a bank, a vendor).

Every stored code becomes its label (`vendor_return` → "Return to vendor"), every time is shown in
the operator's zone (settings.TIME_ZONE) to the minute with the zone named, and money always
carries its currency and is never printed as "-0.00". The ZIP's manifest.json keeps the codes:
that file is for machines.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from inspection.models import HoldKind, HoldStatus, PhotoKind
from integrations.models import PostingKind, PostingState
from refunds.money import currency_exponent
from returns.choices import Channel, ConditionGrade, Disposition, RefundMethod, ReturnStatus

from .record import ACTION_LABELS, reason_label

_CODE = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)+$")


def humanize_code(code: str) -> str:
    """A code no table knows yet, readable all the same: "changed_mind" → "Changed mind"."""
    return code.replace("_", " ").strip().capitalize() if code else ""


def choice_label(choices, code) -> str:
    if code in (None, ""):
        return ""
    return str(choices(code).label) if code in choices.values else humanize_code(str(code))


def state(code) -> str:
    return choice_label(ReturnStatus, code)


def disposition(code) -> str:
    return choice_label(Disposition, code)


def grade(code) -> str:
    return choice_label(ConditionGrade, code)


def channel(code) -> str:
    return choice_label(Channel, code)


def refund_method(code) -> str:
    return choice_label(RefundMethod, code)


def hold_kind(code) -> str:
    return choice_label(HoldKind, code)


def hold_status(code) -> str:
    return choice_label(HoldStatus, code)


def photo_kind(code) -> str:
    return choice_label(PhotoKind, code)


def posting_kind(code) -> str:
    return choice_label(PostingKind, code)


def posting_state(code) -> str:
    return choice_label(PostingState, code)


def action(code) -> str:
    return str(ACTION_LABELS[code]) if code in ACTION_LABELS else humanize_code(code)


def reason(code, reasons: dict | None = None) -> str:
    """A decision reason, hold kind or customer reason code; an unknown code is humanized, never shown raw."""
    label = reason_label(code, reasons)
    return humanize_code(label) if _CODE.match(label or "") else label


def answer(value) -> str:
    return {"yes": _("Yes"), "no": _("No")}.get(value, _("Not answered"))


# --- times -----------------------------------------------------------------------------------------
def zone():
    """The operator's zone, not a zone a request may have activated: the document must not depend on who asked."""
    return timezone.get_default_timezone()


def zone_name() -> str:
    return str(zone())


def when(value) -> str:
    """"1 Dec 2026, 23:32 CET": to the minute, in the operator's zone, its abbreviation named."""
    if not value:
        return ""
    return dateformat.format(timezone.localtime(value, zone()), "j M Y, H:i T")


# --- money -----------------------------------------------------------------------------------------
def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def money(value, currency: str, *, deduction: bool = False) -> str:
    """"12.50 EUR"; a deduction as "-3.00 EUR"; nothing is ever "-0.00" (a zero is "0.00 EUR").

    The sign is the ASCII hyphen-minus, which every PDF font has (U+2212 is missing from Helvetica)."""
    amount = _decimal(value)
    if amount is None:
        return "–"
    exponent = currency_exponent(currency or "")
    amount = amount.quantize(Decimal(1).scaleb(-(2 if exponent is None else exponent)))
    if deduction:
        amount = -abs(amount)
    if amount == 0:
        amount = abs(amount)  # Decimal keeps the sign of zero: -0.00 would print as such
    text = f"{abs(amount):,f}"
    return f"{'-' if amount < 0 else ''}{text} {currency or ''}".strip()


def file_size(size) -> str:
    if not size:
        return ""
    if size < 1000:
        return _("%(n)s bytes") % {"n": size}
    if size < 1_000_000:
        return f"{size / 1000:.1f} kB"
    return f"{size / 1_000_000:.1f} MB"


def image_format(mime_type: str) -> str:
    """"image/jpeg" → "JPEG"."""
    return (mime_type or "").rpartition("/")[2].upper()
