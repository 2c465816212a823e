"""Money helpers for the refund calculation: currency minor units, rounding and formatting.

Pure Python (no Django) so that `refunds.calculation` stays importable and testable without settings.
Unknown currency codes are reported by returning None; `refunds.calculation` turns that into its
domain error `UnknownCurrency`, which keeps the domain errors in one module.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

# ISO 4217 minor units. Only listed currencies are accepted: assuming 2 decimals for an unknown code
# would silently mis-round a 0-decimal (JPY-like) or 3-decimal (KWD-like) currency.
_ZERO_DECIMALS = ("JPY", "KRW", "ISK", "CLP")
_THREE_DECIMALS = ("KWD", "BHD", "JOD", "OMR", "TND")
_TWO_DECIMALS = (
    "EUR", "USD", "GBP", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "RON",
    "BGN", "TRY", "ILS", "AED", "SAR", "QAR", "EGP", "MAD", "ZAR", "NGN", "KES", "INR", "CNY", "HKD",
    "SGD", "TWD", "THB", "MYR", "PHP", "IDR", "MXN", "BRL", "ARS", "COP", "PEN", "UAH", "RSD",
)
CURRENCY_EXPONENTS: dict[str, int] = {
    **{code: 2 for code in _TWO_DECIMALS},
    **{code: 0 for code in _ZERO_DECIMALS},
    **{code: 3 for code in _THREE_DECIMALS},
}


def currency_exponent(code: str) -> int | None:
    """Number of decimals of the currency's minor unit, or None when the code is not known."""
    return CURRENCY_EXPONENTS.get(code.upper()) if isinstance(code, str) else None


def minor_unit(exponent: int) -> Decimal:
    """Smallest amount of a currency with that exponent: 0.01, 1 or 0.001."""
    return Decimal(1).scaleb(-exponent)


def quantize(amount: Decimal, exponent: int) -> Decimal:
    """Round to the minor unit, half up (commercial rounding, as Odoo's currency rounding)."""
    return amount.quantize(minor_unit(exponent), rounding=ROUND_HALF_UP)


def to_decimal(value: object, what: str, *, maximum: Decimal | None = None) -> Decimal:
    """A non-negative Decimal (at most `maximum`) from a Decimal, an int or a numeric string.

    Floats are refused: 0.1 is already inexact before any rounding happens, so accepting it would make
    refunds off by a minor unit in rare cases that no test would catch. Strings are accepted because
    ReturnPolicy keeps its grade percentages in JSON.
    """
    if isinstance(value, (bool, float)) or not isinstance(value, (Decimal, int, str)):
        raise TypeError(f"{what} must be a Decimal, an int or a numeric string, not {type(value).__name__}")
    try:
        result = Decimal(value)
    except ArithmeticError:
        raise ValueError(f"{what} is not a number: {value!r}") from None
    if not result.is_finite() or result < 0 or (maximum is not None and result > maximum):
        limit = f" and at most {maximum}" if maximum is not None else ""
        raise ValueError(f"{what} must be a number of at least 0{limit}, not {value!r}")
    return result


def allocate(amount: Decimal, weights: Sequence[Decimal], exponent: int) -> list[Decimal]:
    """Split `amount` (<= sum of weights) in proportion to `weights`, to the minor unit.

    Largest remainder: the shares add up to `amount` exactly and none exceeds its weight when the
    weights are themselves amounts in this currency (a share is at most the ceiling of an exact share
    that is <= its weight).
    """
    total = sum(weights, Decimal(0))
    if not amount or not total:
        return [quantize(Decimal(0), exponent) for _ in weights]
    unit = minor_unit(exponent)
    exact = [amount * weight / total for weight in weights]
    shares = [(e / unit).to_integral_value(ROUND_FLOOR) * unit for e in exact]
    leftover = int((amount - sum(shares, Decimal(0))) / unit)
    for i in sorted(range(len(shares)), key=lambda i: exact[i] - shares[i], reverse=True)[:leftover]:
        shares[i] += unit
    return [quantize(share, exponent) for share in shares]


def format_amount(amount: Decimal, exponent: int, currency: str) -> str:
    """'12.50 EUR', '1500 JPY', '1.250 KWD': the form used in explanations shown to people."""
    return f"{quantize(amount, exponent):f} {currency}"


@dataclass(frozen=True)
class Currency:
    """A currency code with its exponent, and the rounding rules the refund calculation uses."""

    code: str
    exponent: int

    def q(self, amount: Decimal) -> Decimal:
        return quantize(amount, self.exponent)

    def fmt(self, amount: Decimal) -> str:
        return format_amount(amount, self.exponent, self.code)

    def tax(self, base: Decimal, rates: Sequence[Decimal]) -> Decimal:
        """Exclusive taxes that add up, each rounded on its own (Odoo's "round per line")."""
        return self.q(sum((self.q(base * rate) for rate in rates), Decimal(0)))

    def split(self, total: Decimal, rates: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
        """(untaxed, tax) of an amount incl. tax; untaxed <= total as long as every rate is >= 0."""
        untaxed = self.q(total / (1 + sum(rates, Decimal(0))))
        return untaxed, total - untaxed


def format_percent(percent: Decimal) -> str:
    """'10%', '12.5%' (no trailing zeros from a DecimalField like 10.00)."""
    text = f"{percent.normalize():f}"
    return f"{text}%"
